package io.meridian.privacy;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** A legal hold on a customer's data: the case reference, the admin who placed it, and when. */
public record LegalHold(String contactId, String reference, String placedBy, Instant placedAt) {

    public static final int MAX_REFERENCE = 200;

    /** Whether {@code reference} (stripped) is one a hold may carry: 1 to {@value #MAX_REFERENCE} characters, one line. */
    public static boolean validReference(String reference) {
        return !reference.isEmpty() && reference.length() <= MAX_REFERENCE
                && reference.chars().noneMatch(Character::isISOControl);
    }

    public JsonObject toJson() {
        return new JsonObject().put("contactId", contactId).put("reference", reference).put("placedBy", placedBy)
                .put("placedAt", placedAt.toString());
    }
}
