package io.meridian.compliance;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;

/** A customer's data exported: the archive and what it holds (counts only). */
public record ExportFile(String id, String contactId, Path file, long bytes, int conversations, int messages,
        int tickets, int attachments, Instant madeAt) {

    public JsonObject toJson() {
        return new JsonObject().put("id", id).put("contactId", contactId).put("bytes", bytes)
                .put("conversations", conversations).put("messages", messages).put("tickets", tickets)
                .put("attachments", attachments).put("madeAt", madeAt.toString());
    }
}
