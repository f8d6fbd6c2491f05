package io.meridian.consent;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One agreement of a contact: to which version of the consent text, in which language (and the text's SHA-256
 * digest, which names the exact words shown), through which channel and when; and its withdrawal, if any, with who
 * recorded it ({@code visitor}, or an agent's username).
 */
public record ConsentRecord(String id, String contactId, String version, String textLanguage, String textDigest,
        String channel, Instant agreedAt, Instant withdrawnAt, String withdrawnBy) {

    /** Agreed and not withdrawn. */
    public boolean standing() {
        return withdrawnAt == null;
    }

    public JsonObject toJson() {
        return new JsonObject().put("id", id).put("contactId", contactId).put("version", version)
                .put("textLanguage", textLanguage).put("textDigest", textDigest).put("channel", channel)
                .put("agreedAt", agreedAt.toString())
                .put("withdrawnAt", withdrawnAt == null ? null : withdrawnAt.toString())
                .put("withdrawnBy", withdrawnBy);
    }
}
