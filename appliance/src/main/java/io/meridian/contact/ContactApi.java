package io.meridian.contact;

import io.meridian.consent.Consents;
import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Permission;
import io.meridian.security.SignedInAgent;
import io.meridian.web.JsonBodies;
import io.meridian.web.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * REST for contacts (docs/api.md): {@code GET /api/v1/contacts/{id}} is the customer's history across channels;
 * {@code POST /api/v1/contacts/{id}/merge} with {@code {"into": "<contact id>"}} merges the contact into another;
 * {@code GET …/consents} and {@code POST …/consents/withdrawal} are what the customer agreed to before chatting.
 * Agents only; the session's CSRF header is checked for the POSTs like every write.
 */
public final class ContactApi {

    private final ContactDirectory directory;
    private final Consents consents;

    public ContactApi(ContactDirectory directory, Consents consents) {
        this.directory = directory;
        this.consents = consents;
    }

    public void addRoutes(Router router) {
        router.get("/api/v1/contacts/:id").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ)).handler(this::get);
        router.post("/api/v1/contacts/:id/merge").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY)).handler(this::merge);
        router.get("/api/v1/contacts/:id/consents").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ))
                .handler(this::consents);
        router.post("/api/v1/contacts/:id/consents/withdrawal").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY))
                .handler(this::withdraw);
    }

    /** What the contact agreed to before chatting, and withdrew, newest first (docs/privacy.md). */
    private void consents(RoutingContext ctx) {
        String id = ctx.pathParam("id").toLowerCase(Locale.ROOT);
        known(ctx, id, () -> consents.history(id).onComplete(ar -> {
            if (ar.failed()) {
                internal(ctx, ar.cause());
                return;
            }
            JsonArray records = new JsonArray();
            ar.result().forEach(r -> records.add(r.toJson()));
            json(ctx, 200, new JsonObject().put("required", consents.required())
                    .put("version", consents.version()).put("consents", records));
        }));
    }

    /** An agent records the customer's withdrawal (said by mail or phone): the widget asks again before chatting. */
    private void withdraw(RoutingContext ctx) {
        String id = ctx.pathParam("id").toLowerCase(Locale.ROOT);
        SignedInAgent agent = ConsoleSecurity.agent(ctx);
        known(ctx, id, () -> consents.withdraw(id, agent.username()).onComplete(ar -> {
            if (ar.failed()) {
                internal(ctx, ar.cause());
            } else {
                json(ctx, 200, new JsonObject().put("withdrawn", ar.result()));
            }
        }));
    }

    /** Runs {@code then} for a contact that exists; answers 400 for a malformed id and 404 for an unknown one. */
    private void known(RoutingContext ctx, String id, Runnable then) {
        if (!ContactDirectory.isContactId(id)) {
            Problem.send(ctx, 400, "invalid-parameter", "the contact id must be a UUID");
            return;
        }
        directory.exists(id).onComplete(ar -> {
            if (ar.failed()) {
                internal(ctx, ar.cause());
            } else if (!ar.result()) {
                Problem.send(ctx, 404, "not-found", "no contact with id " + id);
            } else {
                then.run();
            }
        });
    }

    private void get(RoutingContext ctx) {
        String id = ctx.pathParam("id").toLowerCase(Locale.ROOT);
        if (!ContactDirectory.isContactId(id)) {
            Problem.send(ctx, 400, "invalid-parameter", "the contact id must be a UUID");
            return;
        }
        directory.history(id).onComplete(ar -> {
            if (ar.failed()) {
                internal(ctx, ar.cause());
            } else if (ar.result().isEmpty()) {
                Problem.send(ctx, 404, "not-found", "no contact with id " + id);
            } else {
                json(ctx, 200, toJson(ar.result().get()));
            }
        });
    }

    private void merge(RoutingContext ctx) {
        String id = ctx.pathParam("id").toLowerCase(Locale.ROOT);
        JsonObject body = JsonBodies.read(ctx);
        if (body == null) {
            return;
        }
        String into = body.getValue("into") instanceof String s ? s.strip().toLowerCase(Locale.ROOT) : null;
        if (!ContactDirectory.isContactId(id) || !ContactDirectory.isContactId(into)) {
            Problem.send(ctx, 400, "invalid-field", "the contact id in the path and 'into' must both be contact UUIDs");
            return;
        }
        SignedInAgent agent = ConsoleSecurity.agent(ctx);
        directory.merge(id, into, agent.id(), agent.username()).onComplete(ar -> {
            if (ar.succeeded()) {
                json(ctx, 200, toJson(ar.result()));
            } else if (ar.cause() instanceof MergeRefusedException refused) {
                Problem.send(ctx, refused.unknown() ? 404 : 409, refused.unknown() ? "not-found" : "merge-refused",
                        refused.getMessage());
            } else {
                internal(ctx, ar.cause());
            }
        });
    }

    static JsonObject toJson(ContactMerge m) {
        return new JsonObject().put("id", m.id()).put("mergedContactId", m.mergedContactId())
                .put("intoContactId", m.intoContactId()).put("agentId", m.agentId())
                .put("agentUsername", m.agentUsername()).put("identitiesMoved", m.identitiesMoved())
                .put("conversationsJoined", m.conversationsJoined()).put("mergedAt", m.mergedAt().toString());
    }

    static JsonObject toJson(ContactHistory h) {
        JsonArray conversations = new JsonArray();
        for (ContactHistory.Thread t : h.conversations()) {
            ContactConversation c = t.conversation();
            JsonArray messages = new JsonArray();
            t.messages().forEach(m -> messages.add(new JsonObject().put("id", m.id()).put("seq", m.seq())
                    .put("author", m.author().name().toLowerCase(Locale.ROOT)).put("authorName", m.authorName())
                    .put("text", m.text()).put("createdAt", m.createdAt().toString())));
            conversations.add(new JsonObject().put("id", c.id()).put("contactId", c.ownerContactId())
                    .put("channel", c.channel()).put("status", c.status().toLowerCase(Locale.ROOT))
                    .put("createdAt", c.createdAt().toString()).put("lastActivityAt", c.lastActivityAt().toString())
                    .put("messageCount", c.messageCount()).put("messages", messages));
        }
        JsonArray merges = new JsonArray();
        h.merges().forEach(m -> merges.add(toJson(m)));
        return new JsonObject().put("id", h.contactId())
                .put("mergedInto", h.mergedInto().isEmpty() ? null : h.mergedInto())
                .put("conversations", conversations).put("merges", merges);
    }

    private static void internal(RoutingContext ctx, Throwable cause) {
        ctx.fail(cause); // the node's fault: logged once with an id the answer carries
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(ConsoleSecurity.forReader(ctx, body, null).encode());
    }
}
