package io.meridian.email;

import io.meridian.conversation.StoredAttachment;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The REST side of mail (docs/api.md): each message that came by mail carries an {@code email} object in the
 * conversation's message list ({@link #details}) with its subject, sender address, sanitised HTML (as stored at
 * intake by {@link MailHtml}, the same the console shows) and attachments, each with the address of its download,
 * {@code GET /api/v1/attachments/{id}} (served for every channel by {@code inbox.AttachmentDownloads}).
 */
public final class MailApi {

    /** The field of a message object that holds its mail parts. */
    public static final String FIELD = "email";


    private final MailBodies bodies;

    public MailApi(MailBodies bodies) {
        this.bodies = Objects.requireNonNull(bodies, "bodies");
    }

    /** The {@code email} object of those of {@code messageIds} that came by mail, by message id. */
    public Future<Map<String, Map.Entry<String, JsonObject>>> details(String conversationId, Set<String> messageIds) {
        return bodies.messages(conversationId, messageIds).map(found -> {
            Map<String, Map.Entry<String, JsonObject>> out = new LinkedHashMap<>();
            found.forEach((id, mail) -> out.put(id, new AbstractMap.SimpleImmutableEntry<>(FIELD, toJson(mail))));
            return out;
        });
    }

    static JsonObject toJson(MailBodies.MailMessage mail) {
        JsonArray attachments = new JsonArray();
        for (StoredAttachment a : mail.attachments()) {
            attachments.add(new JsonObject()
                    .put("id", a.id())
                    .put("name", a.name())
                    .put("mediaType", a.mediaType())
                    .put("sizeBytes", a.sizeBytes())
                    .put("url", "/api/v1/attachments/" + a.id()));
        }
        return new JsonObject()
                .put("subject", mail.subject())
                .put("from", mail.sender())
                .put("html", mail.html())
                .put("automatic", mail.automatic())
                .put("attachments", attachments);
    }
}
