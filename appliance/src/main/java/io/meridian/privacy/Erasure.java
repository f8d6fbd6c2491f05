package io.meridian.privacy;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A customer erased: the surviving contact's id, the account that erased them ({@code "ledger"} when the node
 * re-applied the erasure to a restored database), when, and how many contacts' keys and conversations it touched.
 * Holds no personal data.
 */
public record Erasure(String contactId, String erasedBy, Instant erasedAt, int contactsShredded,
        int conversationsKept) {

    public JsonObject toJson() {
        return new JsonObject().put("contactId", contactId).put("erasedBy", erasedBy)
                .put("erasedAt", erasedAt.toString()).put("contactsShredded", contactsShredded)
                .put("conversationsKept", conversationsKept);
    }
}
