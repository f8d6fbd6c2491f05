package io.meridian.email;

import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Permission;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What agents open of a mail in the console: its sanitised HTML as a document of its own, shown in a sandboxed
 * frame ({@code /console/messages/{id}/html}). The document's policy forbids every script, plugin, form, frame and
 * remote load, on top of the sanitising. Agents only. (Attachments, every channel's, are downloaded through
 * {@code inbox.AttachmentDownloads}.)
 */
public final class MailPages {

    /** The policy of a mail's HTML document: no script, no remote loads, only inline style; a sandboxed origin. */
    static final String HTML_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

    static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final String STYLE = "<style>body{font:14px/1.45 system-ui,sans-serif;margin:8px;color:#222;"
            + "overflow-wrap:anywhere}details.quoted-history{color:#555;border-left:3px solid #ccc;padding-left:8px}"
            + "a.remote-image{border:1px dashed #999;padding:0 4px}</style>";

    private final MailBodies bodies;

    public MailPages(MailBodies bodies) {
        this.bodies = bodies;
    }

    public void addRoutes(Router router) {
        // Markup cannot be masked reliably: the HTML part is for those who see personal data unmasked.
        router.get("/console/messages/:id/html").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ))
                .handler(ConsoleSecurity.require(Permission.PERSONAL_DATA_UNMASKED)).handler(this::html);
    }

    private void html(RoutingContext ctx) {
        String id = ctx.pathParam("id").toLowerCase(Locale.ROOT);
        if (!ID.matcher(id).matches()) {
            plain(ctx, 400, "The message id must be a UUID.");
            return;
        }
        bodies.html(id).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause()); // the node's fault: logged once, with the id the answer carries
            } else if (ar.result().isEmpty() || ar.result().get().html() == null) {
                plain(ctx, 404, "This message has no HTML part.");
            } else {
                String doc = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><base target=\"_blank\">" + STYLE
                        + "</head><body>" + ar.result().get().html() + "</body></html>";
                ctx.response().setStatusCode(200)
                        .putHeader("Content-Type", "text/html; charset=utf-8")
                        .putHeader("Content-Security-Policy", HTML_POLICY)
                        .putHeader("X-Content-Type-Options", "nosniff")
                        .putHeader("Referrer-Policy", "no-referrer")
                        .putHeader("Cache-Control", "no-store")
                        .end(doc);
            }
        });
    }

    private static void plain(RoutingContext ctx, int status, String text) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(text);
    }
}
