package io.meridian.channel.email;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Recognises mail that no person wrote: bounces (delivery status notifications) and auto-replies (vacation
 * responders, ticket systems, read receipts) and bulk mail (mailing lists, newsletters). The connector marks them with the header
 * {@value #HEADER} so the appliance never answers them automatically, which would start a mail loop.
 *
 * <p>Signals, after RFC 3834 (Auto-Submitted), RFC 3464 and RFC 6522 (multipart/report) and the headers common mail
 * programs set: {@code Auto-Submitted} other than {@code no}; {@code X-Autoreply}, {@code X-Autorespond};
 * {@code Precedence: auto_reply}; an empty {@code Return-Path} ({@code <>}, the null sender of
 * notifications); {@code X-Failed-Recipients}; a sender called {@code MAILER-DAEMON} or {@code postmaster}. Bulk
 * mail, after RFC 2369 and RFC 2919: {@code Precedence: bulk|junk|list}, {@code List-Id}, {@code List-Unsubscribe}.
 */
final class AutomaticMail {

    /** The header that carries the classification. */
    static final String HEADER = "x-meridian-auto";
    /** Value of {@value #HEADER} for a delivery failure report. */
    static final String BOUNCE = "bounce";
    /** Value of {@value #HEADER} for any other automatic mail. */
    static final String AUTO_REPLY = "auto-reply";
    /** Value of {@value #HEADER} for mailing-list mail and newsletters. */
    static final String BULK = "bulk";

    /** Headers worth keeping for the appliance (lower case), besides the classification. */
    static final List<String> KEPT_HEADERS = List.of("auto-submitted", "precedence", "x-autoreply", "x-autorespond",
            "return-path", "x-failed-recipients", "list-id");

    private AutomaticMail() {
    }

    /**
     * @param header the first value of a header by lower-case name, or {@code null}
     * @param contentType the mail's top-level content type, lower case, may be {@code null}
     * @param fromAddress the sender's address in lower case, may be {@code null}
     * @return {@value #BOUNCE}, {@value #AUTO_REPLY}, {@value #BULK} or empty for mail a person wrote
     */
    static Optional<String> classify(Function<String, String> header, String contentType, String fromAddress) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        boolean report = type.startsWith("multipart/report");
        String returnPath = trim(header.apply("return-path"));
        boolean nullSender = returnPath != null && returnPath.replaceAll("\\s", "").equals("<>");
        String local = fromAddress == null || fromAddress.indexOf('@') < 0 ? ""
                : fromAddress.substring(0, fromAddress.indexOf('@'));
        boolean daemon = local.equals("mailer-daemon") || local.equals("postmaster");

        if ((report && type.contains("delivery-status")) || header.apply("x-failed-recipients") != null
                || (daemon && (nullSender || report))) {
            return Optional.of(BOUNCE);
        }
        String autoSubmitted = lower(header.apply("auto-submitted"));
        String precedence = lower(header.apply("precedence"));
        if ((autoSubmitted != null && !autoSubmitted.startsWith("no"))
                || header.apply("x-autoreply") != null || header.apply("x-autorespond") != null
                || (precedence != null && precedence.startsWith("auto_reply"))
                || report || nullSender || daemon) {
            return Optional.of(AUTO_REPLY);
        }
        if ((precedence != null && (precedence.startsWith("bulk") || precedence.startsWith("junk")
                || precedence.startsWith("list"))) || header.apply("list-id") != null
                || header.apply("list-unsubscribe") != null) {
            return Optional.of(BULK);
        }
        return Optional.empty();
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }

    private static String lower(String value) {
        return value == null ? null : value.trim().toLowerCase(Locale.ROOT);
    }
}
