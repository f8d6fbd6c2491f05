package io.meridian.privacy;

import io.meridian.conversation.ProcessingRestriction;
import io.meridian.conversation.RestrictionRefusedException;
import io.meridian.conversation.ProcessingRestriction.Ground;
import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Permission;
import io.meridian.web.JsonBodies;
import io.meridian.web.Problem;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * REST for erasure, legal holds and restriction of processing (docs/api.md, docs/privacy.md), admins only:
 * {@code GET|POST /api/v1/contacts/{id}/erasure}, {@code PUT|DELETE /api/v1/contacts/{id}/legal-hold},
 * {@code GET|PUT|DELETE /api/v1/contacts/{id}/restriction}.
 */
public final class PrivacyApi {

    private final ContactErasure erasure;
    private final ProcessingRestrictions restrictions;

    public PrivacyApi(ContactErasure erasure, ProcessingRestrictions restrictions) {
        this.erasure = erasure;
        this.restrictions = restrictions;
    }

    public void addRoutes(Router router) {
        router.get("/api/v1/contacts/:id/erasure").handler(ConsoleSecurity.require(Permission.PRIVACY_ERASE)).handler(this::state);
        router.post("/api/v1/contacts/:id/erasure").handler(ConsoleSecurity.require(Permission.PRIVACY_ERASE)).handler(this::erase);
        router.put("/api/v1/contacts/:id/legal-hold").handler(ConsoleSecurity.require(Permission.PRIVACY_REQUESTS))
                .handler(this::placeHold);
        router.delete("/api/v1/contacts/:id/legal-hold").handler(ConsoleSecurity.require(Permission.PRIVACY_REQUESTS))
                .handler(this::liftHold);
        router.get("/api/v1/contacts/:id/restriction").handler(ConsoleSecurity.require(Permission.PRIVACY_REQUESTS))
                .handler(this::restriction);
        router.put("/api/v1/contacts/:id/restriction").handler(ConsoleSecurity.require(Permission.PRIVACY_REQUESTS))
                .handler(this::restrict);
        router.delete("/api/v1/contacts/:id/restriction").handler(ConsoleSecurity.require(Permission.PRIVACY_REQUESTS))
                .handler(this::liftRestriction);
    }

    private void restriction(RoutingContext ctx) {
        withContact(ctx, id -> restrictions.restriction(id).onComplete(ar -> {
            if (ar.succeeded() && ar.result().isEmpty()) {
                Problem.send(ctx, 404, "not-found", "the processing of contact " + id + " is not restricted");
            } else {
                answer(ctx, ar.map(r -> r.get().toJson()), 200);
            }
        }));
    }

    private void restrict(RoutingContext ctx) {
        JsonObject body = JsonBodies.read(ctx);
        if (body == null) {
            return;
        }
        Ground ground = body.getValue("ground") instanceof String s ? Ground.parse(s) : null;
        if (ground == null) {
            Problem.send(ctx, 400, "invalid-field",
                    "'ground' is one of accuracy, unlawful, legal_claims, objection (GDPR article 18(1))");
            return;
        }
        withContact(ctx, id -> restrictions.restrict(id, ground, ConsoleSecurity.agent(ctx).id())
                .onComplete(ar -> answer(ctx, ar.map(ProcessingRestriction::toJson), 200)));
    }

    private void liftRestriction(RoutingContext ctx) {
        withContact(ctx, id -> restrictions.lift(id, ConsoleSecurity.agent(ctx).id()).onComplete(ar -> {
            if (ar.succeeded() && !ar.result()) {
                Problem.send(ctx, 404, "not-found", "the processing of contact " + id + " is not restricted");
            } else {
                answer(ctx, ar.map(x -> (JsonObject) null), 204);
            }
        }));
    }

    private void state(RoutingContext ctx) {
        withContact(ctx, id -> erasure.erasure(id).compose(done -> erasure.hold(id).map(hold -> new JsonObject()
                .put("contactId", id).put("erased", done.isPresent())
                .put("erasure", done.map(Erasure::toJson).orElse(null))
                .put("legalHold", hold.map(LegalHold::toJson).orElse(null))))
                .onComplete(ar -> answer(ctx, ar, 200)));
    }

    private void erase(RoutingContext ctx) {
        withContact(ctx, id -> erasure.erase(id, ConsoleSecurity.agent(ctx).id())
                .onComplete(ar -> answer(ctx, ar.map(Erasure::toJson), 200)));
    }

    private void placeHold(RoutingContext ctx) {
        JsonObject body = JsonBodies.read(ctx);
        if (body == null) {
            return;
        }
        String reference = body.getValue("reference") instanceof String s ? s.strip() : "";
        if (!LegalHold.validReference(reference)) {
            Problem.send(ctx, 400, "invalid-field", "'reference' is the case reference: 1 to " + LegalHold.MAX_REFERENCE
                    + " characters on one line");
            return;
        }
        withContact(ctx, id -> erasure.placeHold(id, reference, ConsoleSecurity.agent(ctx).id())
                .onComplete(ar -> answer(ctx, ar.map(LegalHold::toJson), 200)));
    }

    private void liftHold(RoutingContext ctx) {
        withContact(ctx, id -> erasure.liftHold(id, ConsoleSecurity.agent(ctx).id()).onComplete(ar -> {
            if (ar.succeeded() && !ar.result()) {
                Problem.send(ctx, 404, "not-found", "no legal hold on contact " + id);
            } else {
                answer(ctx, ar.map(x -> (JsonObject) null), 204);
            }
        }));
    }

    private static void withContact(RoutingContext ctx, Consumer<String> then) {
        String id = ctx.pathParam("id").toLowerCase(Locale.ROOT);
        if (!ErasureLedger.isContactId(id)) {
            Problem.send(ctx, 400, "invalid-parameter", "the contact id must be a UUID");
            return;
        }
        then.accept(id);
    }

    private static void answer(RoutingContext ctx, io.vertx.core.AsyncResult<JsonObject> ar, int status) {
        if (ar.failed()) {
            if (ar.cause() instanceof NoSuchElementException) {
                Problem.send(ctx, 404, "not-found", "no such contact");
            } else if (ar.cause() instanceof ErasureRefusedException refused) {
                Problem.send(ctx, 409, refused.reason(), refused.getMessage());
            } else if (ar.cause() instanceof RestrictionRefusedException conflict) {
                Problem.send(ctx, 409, "conflict", conflict.getMessage());
            } else {
                ctx.fail(ar.cause());
            }
            return;
        }
        if (status == 204) {
            ctx.response().setStatusCode(204).end();
        } else {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(ar.result().encode());
        }
    }
}
