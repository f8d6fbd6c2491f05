package io.meridian.privacy;

import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Role;
import io.meridian.web.JsonBodies;
import io.meridian.web.Problem;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * REST for erasure and legal holds (docs/api.md, docs/privacy.md), admins only: {@code GET|POST
 * /api/v1/contacts/{id}/erasure}, {@code PUT|DELETE /api/v1/contacts/{id}/legal-hold}.
 */
public final class PrivacyApi {

    private final ContactErasure erasure;

    public PrivacyApi(ContactErasure erasure) {
        this.erasure = erasure;
    }

    public void addRoutes(Router router) {
        router.get("/api/v1/contacts/:id/erasure").handler(ConsoleSecurity.requireRole(Role.ADMIN)).handler(this::state);
        router.post("/api/v1/contacts/:id/erasure").handler(ConsoleSecurity.requireRole(Role.ADMIN)).handler(this::erase);
        router.put("/api/v1/contacts/:id/legal-hold").handler(ConsoleSecurity.requireRole(Role.ADMIN))
                .handler(this::placeHold);
        router.delete("/api/v1/contacts/:id/legal-hold").handler(ConsoleSecurity.requireRole(Role.ADMIN))
                .handler(this::liftHold);
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
