package io.meridian.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;

/**
 * A stored file sent as a download: opaque bytes the browser saves and never renders, so nothing a customer or an
 * agent sent runs as part of the console or of the customer's site.
 */
public final class FileDownloads {

    private FileDownloads() {
    }

    /** Ends the response with {@code content} as a download named {@code name}. */
    public static void send(RoutingContext ctx, String name, byte[] content) {
        ctx.response().setStatusCode(200)
                .putHeader("Content-Type", "application/octet-stream")
                .putHeader("Content-Disposition", disposition(name))
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Content-Security-Policy", "sandbox; default-src 'none'")
                .putHeader("Cache-Control", "no-store")
                .end(Buffer.buffer(content));
    }

    /** {@code attachment} with an ASCII fallback name and the exact name in RFC 5987 form. */
    public static String disposition(String name) {
        String ascii = name.replaceAll("[^A-Za-z0-9._ -]", "_");
        StringBuilder encoded = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            char ch = (char) (b & 0xff);
            if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')
                    || ".-_".indexOf(ch) >= 0) {
                encoded.append(ch);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
