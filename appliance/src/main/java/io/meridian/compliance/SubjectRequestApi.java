package io.meridian.compliance;

import io.meridian.compliance.SubjectRequest.Kind;
import io.meridian.compliance.SubjectRequest.Law;
import io.meridian.compliance.SubjectRequest.Status;
import io.meridian.compliance.SubjectRequest.Verification;
import io.meridian.privacy.ErasureRefusedException;
import io.meridian.conversation.ProcessingRestriction.Ground;
import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Permission;
import io.meridian.web.JsonBodies;
import io.meridian.web.Problem;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REST for data-subject requests (docs/api.md, docs/privacy.md), admins only: {@code /api/v1/privacy/requests} and
 * the answers to one, and the download of an export ({@code GET /api/v1/privacy/exports/{id}}).
 */
public final class SubjectRequestApi {

    private static final Logger AUDIT = LoggerFactory.getLogger("audit");
    static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private final SubjectRequests requests;
    private final Clock clock;

    public SubjectRequestApi(SubjectRequests requests, Clock clock) {
        this.requests = requests;
        this.clock = clock;
    }

    public void addRoutes(Router router) {
        String base = "/api/v1/privacy/requests";
        router.get(base).handler(ConsoleSecurity.require(Permission.PRIVACY_REQUESTS)).handler(this::list);
        router.post(base).handler(ConsoleSecurity.require(Permission.PRIVACY_REQUESTS)).handler(this::open);
        router.get(base + "/:id").handler(ConsoleSecurity.require(Permission.PRIVACY_REQUESTS)).handler(this::get);
        router.post(base + "/:id/export").handler(ConsoleSecurity.require(Permission.PRIVACY_EXPORT)).handler(this::export);
        router.post(base + "/:id/erasure").handler(ConsoleSecurity.require(Permission.PRIVACY_ERASE)).handler(ctx ->
                withId(ctx, id -> requests.erase(id, agent(ctx))));
        router.post(base + "/:id/correction").handler(ConsoleSecurity.require(Permission.PRIVACY_REQUESTS)).handler(this::correct);
        router.post(base + "/:id/restriction").handler(ConsoleSecurity.require(Permission.PRIVACY_REQUESTS)).handler(ctx ->
                withBody(ctx, body -> withId(ctx, id -> requests.restrict(id, Ground.parse(text(body, "ground")),
                        agent(ctx)))));
        router.post(base + "/:id/completion").handler(ConsoleSecurity.require(Permission.PRIVACY_REQUESTS)).handler(ctx ->
                withBody(ctx, body -> withId(ctx, id -> requests.complete(id, text(body, "note"), agent(ctx)))));
        router.post(base + "/:id/refusal").handler(ConsoleSecurity.require(Permission.PRIVACY_REQUESTS)).handler(ctx ->
                withBody(ctx, body -> withId(ctx, id -> requests.refuse(id, text(body, "reason"), agent(ctx)))));
        router.post(base + "/:id/confirmation").handler(ConsoleSecurity.require(Permission.PRIVACY_REQUESTS)).handler(ctx ->
                withId(ctx, requests::confirmAgain));
        router.get("/api/v1/privacy/exports/:id").handler(ConsoleSecurity.require(Permission.PRIVACY_EXPORT))
                .handler(this::download);
    }

    private void list(RoutingContext ctx) {
        String asked = ctx.queryParams().get("status");
        Status status;
        try {
            status = asked == null ? Status.OPEN : Status.valueOf(asked.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            Problem.send(ctx, 400, "invalid-parameter", "status is open, done or refused");
            return;
        }
        requests.list(status).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            Instant now = clock.instant();
            JsonArray out = new JsonArray();
            ar.result().forEach(r -> out.add(r.toJson(now)));
            json(ctx, 200, new JsonObject().put("requests", out));
        });
    }

    private void open(RoutingContext ctx) {
        withBody(ctx, body -> {
            String contactId = text(body, "contactId");
            Kind kind = value(Kind.class, text(body, "kind"));
            Verification verified = value(Verification.class, text(body, "verifiedBy"));
            String lawText = text(body, "law");
            Law law = lawText == null ? null : value(Law.class, lawText);
            if (contactId == null || !contactId.matches(UUID) || kind == null || verified == null
                    || (lawText != null && law == null)) {
                Problem.send(ctx, 400, "invalid-field", "give contactId (a contact's id), kind (access, erasure, "
                        + "rectification, restriction or opt_out), verifiedBy (email_reply, signed_in, id_document, call_back or "
                        + "other), and optionally law (gdpr or ccpa) and receivedAt (ISO-8601)");
                return;
            }
            Instant received;
            try {
                received = text(body, "receivedAt") == null ? null : Instant.parse(text(body, "receivedAt"));
            } catch (DateTimeParseException e) {
                Problem.send(ctx, 400, "invalid-field", "receivedAt is an ISO-8601 time, e.g. 2026-12-01T09:30:00Z");
                return;
            }
            requests.open(contactId, kind, law, verified, received, agent(ctx))
                    .onComplete(ar -> answer(ctx, ar, 201));
        });
    }

    private void get(RoutingContext ctx) {
        withId(ctx, id -> requests.request(id).map(found -> found.orElseThrow(
                () -> new NoSuchElementException("No request " + id))));
    }

    private void export(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!id.matches(UUID)) {
            Problem.send(ctx, 404, "not-found", "no such request");
            return;
        }
        requests.export(id, agent(ctx)).onComplete(ar -> {
            if (ar.failed()) {
                failure(ctx, ar.cause());
                return;
            }
            json(ctx, 201, new JsonObject().put("request", ar.result().request().toJson(clock.instant()))
                    .put("export", ar.result().export().toJson()).put("password", ar.result().password())
                    .put("download", "/api/v1/privacy/exports/" + ar.result().export().id()));
        });
    }

    private void correct(RoutingContext ctx) {
        withBody(ctx, body -> withId(ctx, id -> requests.correct(id, text(body, "name"), text(body, "email"),
                text(body, "phone"), agent(ctx))));
    }

    private void download(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        requests.exportFile(id).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else if (ar.result().isEmpty()) {
                Problem.send(ctx, 404, "not-found", "no such export (exports are deleted after "
                        + requests.settings().exportKeepDays() + " days)");
            } else {
                AUDIT.info("Export {} downloaded by {}", id, agent(ctx));
                ctx.response().putHeader("Content-Type", "application/zip")
                        .putHeader("Content-Disposition", "attachment; filename=\"customer-data-" + id + ".zip\"")
                        .putHeader("X-Content-Type-Options", "nosniff")
                        .putHeader("Cache-Control", "no-store")
                        .sendFile(ar.result().get().toString());
            }
        });
    }

    private void withId(RoutingContext ctx, java.util.function.Function<String, Future<SubjectRequest>> action) {
        String id = ctx.pathParam("id");
        if (!id.matches(UUID)) {
            Problem.send(ctx, 404, "not-found", "no such request");
            return;
        }
        action.apply(id).onComplete(ar -> answer(ctx, ar, 200));
    }

    private static void withBody(RoutingContext ctx, java.util.function.Consumer<JsonObject> then) {
        JsonObject body = ctx.body() == null || ctx.body().length() == 0 ? new JsonObject() : JsonBodies.read(ctx);
        if (body != null) {
            then.accept(body);
        }
    }

    private void answer(RoutingContext ctx, AsyncResult<SubjectRequest> ar, int status) {
        if (ar.failed()) {
            failure(ctx, ar.cause());
        } else {
            json(ctx, status, ar.result().toJson(clock.instant()));
        }
    }

    private static void failure(RoutingContext ctx, Throwable cause) {
        if (cause instanceof NoSuchElementException) {
            Problem.send(ctx, 404, "not-found", cause.getMessage());
        } else if (cause instanceof IllegalArgumentException) {
            Problem.send(ctx, 400, "invalid-field", cause.getMessage());
        } else if (cause instanceof ErasureRefusedException refused) {
            Problem.send(ctx, 409, refused.reason(), refused.getMessage());
        } else if (cause instanceof IllegalStateException) {
            Problem.send(ctx, 409, "conflict", cause.getMessage());
        } else {
            ctx.fail(cause);
        }
    }

    private static String agent(RoutingContext ctx) {
        return ConsoleSecurity.agent(ctx).id();
    }

    private static String text(JsonObject body, String field) {
        return body.getValue(field) instanceof String s && !s.isBlank() ? s.strip() : null;
    }

    static <E extends Enum<E>> E value(Class<E> type, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
