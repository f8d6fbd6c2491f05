package io.meridian.conversation;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Locale;

/**
 * A customer's data held back from processing (GDPR article 18): on which ground, by which staff member, since when.
 * The contact is the surviving one of the customer's contacts.
 */
public record ProcessingRestriction(String contactId, Ground ground, String restrictedBy, Instant restrictedAt) {

    /** The four grounds of article 18(1). */
    public enum Ground {
        /** The customer contests the data's accuracy, while it is checked. */
        ACCURACY,
        /** The processing is unlawful and the customer asks for restriction instead of erasure. */
        UNLAWFUL,
        /** The company no longer needs the data, but the customer needs it for a legal claim. */
        LEGAL_CLAIMS,
        /** The customer objected (article 21), while the company's grounds are weighed. */
        OBJECTION;

        /** The ground a lower-case name spells ({@code legal_claims}); null for anything else. */
        public static Ground parse(String name) {
            for (Ground g : values()) {
                if (g.name().toLowerCase(Locale.ROOT).equals(name)) {
                    return g;
                }
            }
            return null;
        }

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public JsonObject toJson() {
        return new JsonObject().put("contactId", contactId).put("ground", ground.key())
                .put("restrictedBy", restrictedBy).put("restrictedAt", restrictedAt.toString());
    }
}
