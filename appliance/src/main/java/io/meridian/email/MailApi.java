package io.meridian.email;

import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Role;
import io.meridian.web.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The REST side of mail (docs/api.md): each message that came by mail carries an {@code email} object in the
 * conversation's message list ({@link #details}) with its subject, sender address, sanitised HTML (as stored at
 * intake by {@link MailHtml}, the same the console shows) and attachments, each with the address of its download,
 * {@code GET /api/v1/attachments/{id}} (agents and admins, like the console's download).
 */
public final class MailApi {

    /** The field of a message object that holds its mail parts. */
    public static final String FIELD = "email";


    private final MailBodies bodies;

    public MailApi(MailBodies bodies) {
        this.bodies = Objects.requireNonNull(bodies, "bodies");
    }

    public void addRoutes(Router router) {
        router.get("/api/v1/attachments/:id").handler(ConsoleSecurity.requireRole(Role.AGENT)).handler(this::download);
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
        for (MailBodies.AttachmentInfo a : mail.attachments()) {
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

    private void download(RoutingContext ctx) {
        String id = ctx.pathParam("id").toLowerCase(Locale.ROOT);
        if (!MailPages.ID.matcher(id).matches()) {
            Problem.send(ctx, 400, "invalid-parameter", "the attachment id must be a UUID");
            return;
        }
        bodies.attachment(id).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause()); // the node's fault: logged once, with the id the answer carries
            } else if (ar.result().isEmpty()) {
                Problem.send(ctx, 404, "not-found", "no attachment with id " + id);
            } else {
                MailPages.sendFile(ctx, ar.result().get());
            }
        });
    }
}
