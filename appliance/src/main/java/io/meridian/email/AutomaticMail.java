package io.meridian.email;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether an inbound mail was written by a machine: the e-mail connector marks auto-replies (vacation responders,
 * {@code Auto-Submitted}), bounces (delivery status notifications) and bulk mail (mailing lists, newsletters:
 * {@code Precedence: bulk}, {@code List-Id}, {@code List-Unsubscribe}) with the header {@code x-meridian-auto}.
 * Such mail is stored and shown to agents but never answered automatically, so two robots cannot talk forever.
 */
public final class AutomaticMail {

    /** The header the connector sets on automatic mail. */
    public static final String HEADER = "x-meridian-auto";
    public static final String AUTO_REPLY = "auto-reply";
    public static final String BOUNCE = "bounce";
    public static final String BULK = "bulk";

    private AutomaticMail() {
    }

    /** "auto-reply", "bounce" or "bulk" when the headers mark the mail as automatic; empty for a person's mail. */
    public static Optional<String> kind(Map<String, String> headers) {
        if (headers == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getKey() != null && h.getKey().equalsIgnoreCase(HEADER) && h.getValue() != null) {
                String v = h.getValue().strip().toLowerCase(Locale.ROOT);
                if (v.equals(AUTO_REPLY) || v.equals(BOUNCE) || v.equals(BULK)) {
                    return Optional.of(v);
                }
                // Any other value still came from the connector's robot check: treat it as an auto-reply.
                return v.isEmpty() ? Optional.empty() : Optional.of(AUTO_REPLY);
            }
        }
        return Optional.empty();
    }

    public static boolean isAutomatic(Map<String, String> headers) {
        return kind(headers).isPresent();
    }
}
