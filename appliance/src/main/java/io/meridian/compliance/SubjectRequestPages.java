package io.meridian.compliance;

import io.meridian.compliance.SubjectRequest.Kind;
import io.meridian.compliance.SubjectRequest.Law;
import io.meridian.compliance.SubjectRequest.Status;
import io.meridian.compliance.SubjectRequest.Verification;
import io.meridian.console.ConsoleLocales;
import io.meridian.console.Templates;
import io.meridian.privacy.ErasureRefusedException;
import io.meridian.conversation.ProcessingRestriction.Ground;
import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Permission;
import io.meridian.security.SignedInAgent;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The console's data-subject requests (admins): the list with each deadline counted down, the form that records a
 * request, and a request's page with the answer its kind takes. docs/privacy.md#data-subject-requests.
 */
public final class SubjectRequestPages {

    private static final String BASE = "/console/privacy/requests";

    private final SubjectRequests requests;
    private final Templates templates;
    private final Clock clock;

    public SubjectRequestPages(SubjectRequests requests, Templates templates, Clock clock) {
        this.requests = requests;
        this.templates = templates;
        this.clock = clock;
    }

    public void addRoutes(Router router) {
        router.get(BASE).handler(ConsoleSecurity.require(Permission.PRIVACY_REQUESTS)).handler(this::list);
        router.post(BASE).handler(ConsoleSecurity.require(Permission.PRIVACY_REQUESTS)).handler(this::open);
        router.get(BASE + "/:id").handler(ConsoleSecurity.require(Permission.PRIVACY_REQUESTS)).handler(this::page);
        router.post(BASE + "/:id/export").handler(ConsoleSecurity.require(Permission.PRIVACY_EXPORT)).handler(this::export);
        router.post(BASE + "/:id/erasure").handler(ConsoleSecurity.require(Permission.PRIVACY_ERASE)).handler(ctx -> {
            if (!"yes".equals(ctx.request().getFormAttribute("confirm"))) {
                message(ctx, 400, "Tick the box to confirm that the erasure cannot be undone.");
                return;
            }
            act(ctx, id -> requests.erase(id, agent(ctx).id()));
        });
        router.post(BASE + "/:id/correction").handler(ConsoleSecurity.require(Permission.PRIVACY_REQUESTS)).handler(ctx ->
                act(ctx, id -> requests.correct(id, form(ctx, "name"), form(ctx, "email"), form(ctx, "phone"),
                        agent(ctx).id())));
        router.post(BASE + "/:id/restriction").handler(ConsoleSecurity.require(Permission.PRIVACY_REQUESTS)).handler(ctx ->
                act(ctx, id -> requests.restrict(id, Ground.parse(form(ctx, "ground")), agent(ctx).id())));
        router.post(BASE + "/:id/completion").handler(ConsoleSecurity.require(Permission.PRIVACY_REQUESTS)).handler(ctx ->
                act(ctx, id -> requests.complete(id, form(ctx, "note"), agent(ctx).id())));
        router.post(BASE + "/:id/refusal").handler(ConsoleSecurity.require(Permission.PRIVACY_REQUESTS)).handler(ctx ->
                act(ctx, id -> requests.refuse(id, form(ctx, "reason"), agent(ctx).id())));
        router.post(BASE + "/:id/confirmation").handler(ConsoleSecurity.require(Permission.PRIVACY_REQUESTS)).handler(ctx ->
                act(ctx, requests::confirmAgain));
    }

    private void list(RoutingContext ctx) {
        Status status = SubjectRequestApi.value(Status.class, ctx.queryParams().get("status"));
        Status shown = status == null ? Status.OPEN : status;
        requests.list(shown).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            Map<String, Object> model = model(ctx, "Data-subject requests");
            model.put("rows", ar.result().stream().map(this::row).toList());
            model.put("gdprDays", requests.settings().gdprDays());
            model.put("ccpaDays", requests.settings().ccpaDays());
            model.put("shown", SubjectRequest.name(shown));
            model.put("statuses", Arrays.stream(Status.values()).map(SubjectRequest::name).toList());
            model.put("kinds", names(Kind.values()));
            model.put("laws", names(Law.values()));
            model.put("verifications", names(Verification.values()));
            String contact = ctx.queryParams().get("contact");
            model.put("contact", contact != null && contact.matches(SubjectRequestApi.UUID) ? contact : "");
            model.put("today", LocalDate.now(clock.withZone(ZoneOffset.UTC)).toString());
            html(ctx, 200, templates.render("console/privacy-requests", model));
        });
    }

    /** A request as the list shows it: whole days left, or overdue. */
    public record Row(SubjectRequest request, long left, long overdue) {
    }

    private Row row(SubjectRequest r) {
        long left = r.daysLeft(clock.instant());
        return new Row(r, Math.max(0, left), Math.max(0, -left));
    }

    private void open(RoutingContext ctx) {
        String contact = form(ctx, "contact");
        Kind kind = SubjectRequestApi.value(Kind.class, form(ctx, "kind"));
        Verification verified = SubjectRequestApi.value(Verification.class, form(ctx, "verified"));
        String lawText = form(ctx, "law");
        Law law = lawText == null ? null : SubjectRequestApi.value(Law.class, lawText);
        if (contact == null || !contact.toLowerCase(Locale.ROOT).matches(SubjectRequestApi.UUID) || kind == null
                || verified == null || (lawText != null && law == null)) {
            message(ctx, 400, "Give the customer's contact id (a UUID, as shown on their contact page), what they "
                    + "asked for and how you checked who they are.");
            return;
        }
        Instant received;
        try {
            String day = form(ctx, "received");
            received = day == null ? null : receivedOn(LocalDate.parse(day));
        } catch (DateTimeParseException e) {
            message(ctx, 400, "The date the request arrived must be a date.");
            return;
        }
        requests.open(contact.toLowerCase(Locale.ROOT), kind, law, verified, received, agent(ctx).id())
                .onComplete(ar -> done(ctx, ar.map(SubjectRequest::id)));
    }

    /** A request that arrived on an earlier day counts from the start of that day; today's from now. */
    private Instant receivedOn(LocalDate day) {
        Instant now = clock.instant();
        return day.equals(LocalDate.ofInstant(now, ZoneOffset.UTC)) ? now : day.atTime(LocalTime.MIDNIGHT)
                .toInstant(ZoneOffset.UTC);
    }

    private void page(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!id.matches(SubjectRequestApi.UUID)) {
            message(ctx, 404, "There is no such request.");
            return;
        }
        requests.request(id).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else if (ar.result().isEmpty()) {
                message(ctx, 404, "There is no such request.");
            } else {
                Map<String, Object> model = model(ctx, "Data-subject request");
                model.put("r", ar.result().get());
                model.put("row", row(ar.result().get()));
                model.put("made", null);
                model.put("grounds", List.of(Ground.values()));
                html(ctx, 200, templates.render("console/privacy-request", model));
            }
        });
    }

    /** Makes the export and shows its password on this answer only (never stored, never shown again). */
    private void export(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!id.matches(SubjectRequestApi.UUID)) {
            message(ctx, 404, "There is no such request.");
            return;
        }
        requests.export(id, agent(ctx).id()).onComplete(ar -> {
            if (ar.failed()) {
                failure(ctx, ar.cause());
                return;
            }
            Map<String, Object> model = model(ctx, "Data-subject request");
            model.put("r", ar.result().request());
            model.put("row", row(ar.result().request()));
            model.put("made", ar.result());
            ctx.response().putHeader("Cache-Control", "no-store");
            html(ctx, 200, templates.render("console/privacy-request", model));
        });
    }

    private void act(RoutingContext ctx, java.util.function.Function<String, Future<SubjectRequest>> action) {
        String id = ctx.pathParam("id");
        if (!id.matches(SubjectRequestApi.UUID)) {
            message(ctx, 404, "There is no such request.");
            return;
        }
        action.apply(id).onComplete(ar -> done(ctx, ar.map(SubjectRequest::id)));
    }

    private void done(RoutingContext ctx, io.vertx.core.AsyncResult<String> ar) {
        if (ar.succeeded()) {
            ctx.redirect(BASE + "/" + ar.result());
        } else {
            failure(ctx, ar.cause());
        }
    }

    private void failure(RoutingContext ctx, Throwable cause) {
        if (cause instanceof NoSuchElementException) {
            message(ctx, 404, "There is no such contact or request.");
        } else if (cause instanceof IllegalArgumentException || cause instanceof IllegalStateException
                || cause instanceof ErasureRefusedException) {
            message(ctx, cause instanceof IllegalArgumentException ? 400 : 409, cause.getMessage());
        } else {
            ctx.fail(cause);
        }
    }

    private static String form(RoutingContext ctx, String name) {
        String value = ctx.request().getFormAttribute(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(SubjectRequest::name).toList();
    }

    private static SignedInAgent agent(RoutingContext ctx) {
        return ConsoleSecurity.agent(ctx);
    }

    private Map<String, Object> model(RoutingContext ctx, String title) {
        SignedInAgent agent = agent(ctx);
        Map<String, Object> model = new HashMap<>();
        model.put("title", title);
        model.put("agent", agent);
        model.put("csrf", ConsoleSecurity.csrfToken(ctx));
        model.put("t", ConsoleLocales.messages(ctx, agent.id()));
        return model;
    }

    private void message(RoutingContext ctx, int status, String text) {
        Map<String, Object> model = model(ctx, status >= 500 ? "Something went wrong" : "Not done");
        model.put("message", text);
        html(ctx, status, templates.render("console/message", model));
    }

    private static void html(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(body);
    }
}
