package io.meridian.contact;

import io.meridian.consent.ConsentRecord;
import io.meridian.compliance.SubjectRequest;
import io.meridian.compliance.SubjectRequests;
import io.meridian.consent.Consents;
import io.meridian.privacy.ContactErasure;
import io.meridian.privacy.Erasure;
import io.meridian.privacy.ErasureRefusedException;
import io.meridian.privacy.LegalHold;
import io.meridian.privacy.ProcessingRestrictions;
import io.meridian.conversation.ProcessingRestriction;
import io.meridian.conversation.RestrictionRefusedException;
import io.meridian.conversation.ProcessingRestriction.Ground;
import io.meridian.console.ConsoleLocales;
import io.meridian.console.Templates;
import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Permission;
import io.meridian.security.SignedInAgent;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The contact page {@code /console/contacts/{id}}: every conversation of the customer on every channel with its
 * messages, the merges that made it, a form to merge it into another contact, and what the customer agreed to before
 * chatting, with a button that records their withdrawal. Agents only; the forms carry the session's CSRF token.
 */
public final class ContactPages {


    private final ContactDirectory directory;
    private final Templates templates;
    private final Consents consents;
    private final ContactErasure erasure;
    private final SubjectRequests requests;
    private final ProcessingRestrictions restrictions;

    public ContactPages(ContactDirectory directory, Templates templates, Consents consents, ContactErasure erasure,
            SubjectRequests requests, ProcessingRestrictions restrictions) {
        this.restrictions = restrictions;
        this.directory = directory;
        this.templates = templates;
        this.consents = consents;
        this.erasure = erasure;
        this.requests = requests;
    }

    public void addRoutes(Router router) {
        router.get("/console/contacts/:id").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ)).handler(this::page);
        router.post("/console/contacts/:id/merge").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY)).handler(this::merge);
        router.post("/console/contacts/:id/consent-withdrawal").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY))
                .handler(this::withdrawConsent);
        router.post("/console/contacts/:id/erasure").handler(ConsoleSecurity.require(Permission.PRIVACY_ERASE))
                .handler(this::erase);
        router.post("/console/contacts/:id/legal-hold").handler(ConsoleSecurity.require(Permission.PRIVACY_REQUESTS))
                .handler(this::placeHold);
        router.post("/console/contacts/:id/legal-hold-lift").handler(ConsoleSecurity.require(Permission.PRIVACY_REQUESTS))
                .handler(this::liftHold);
        router.post("/console/contacts/:id/restriction").handler(ConsoleSecurity.require(Permission.PRIVACY_REQUESTS))
                .handler(this::restrict);
        router.post("/console/contacts/:id/restriction-lift").handler(ConsoleSecurity.require(Permission.PRIVACY_REQUESTS))
                .handler(ctx -> privacyAction(ctx, ctx.pathParam("id").toLowerCase(Locale.ROOT), restrictions.lift(
                        ctx.pathParam("id").toLowerCase(Locale.ROOT), ConsoleSecurity.agent(ctx).id()),
                        "#personal-data"));
    }

    /** An admin restricts the processing of the customer's data (GDPR article 18) on the ground chosen. */
    private void restrict(RoutingContext ctx) {
        String id = ctx.pathParam("id").toLowerCase(Locale.ROOT);
        Ground ground = Ground.parse(String.valueOf(ctx.request().getFormAttribute("ground")));
        if (ground == null) {
            message(ctx, 400, "Choose the ground of the restriction.");
            return;
        }
        privacyAction(ctx, id, restrictions.restrict(id, ground, ConsoleSecurity.agent(ctx).id()), "#personal-data");
    }

    private void page(RoutingContext ctx) {
        String id = ctx.pathParam("id").toLowerCase(Locale.ROOT);
        Future<List<ConsentRecord>> consented = ContactDirectory.isContactId(id) ? consents.history(id)
                : Future.succeededFuture(List.of());
        boolean valid = ContactDirectory.isContactId(id);
        Future<Optional<Erasure>> erased = valid ? erasure.erasure(id).recover(e -> e instanceof NoSuchElementException
                ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(e))
                : Future.succeededFuture(Optional.empty());
        Future<Optional<LegalHold>> held = valid ? erasure.hold(id) : Future.succeededFuture(Optional.empty());
        boolean admin = ConsoleSecurity.agent(ctx).may(Permission.PRIVACY_REQUESTS);
        Future<List<SubjectRequest>> asked = valid && admin ? requests.ofContact(id)
                : Future.succeededFuture(List.of());
        Future<Optional<ProcessingRestriction>> restricted = valid ? restrictions.restriction(id)
                .recover(e -> e instanceof NoSuchElementException ? Future.succeededFuture(Optional.empty())
                        : Future.failedFuture(e)) : Future.succeededFuture(Optional.empty());
        Future.all(List.of(directory.history(id), consented, erased, held, asked, restricted)).onComplete(both -> {
            if (both.failed()) {
                ctx.fail(both.cause()); // the node's fault: logged once with an id the error page shows
                return;
            }
            Optional<ContactHistory> history = both.result().resultAt(0);
            if (history.isEmpty()) {
                message(ctx, 404, "There is no such contact.");
            } else {
                Map<String, Object> model = model(ctx, "Contact");
                model.put("contact", history.get());
                model.put("merged", ctx.queryParams().contains("merged"));
                List<ConsentRecord> records = both.result().resultAt(1);
                model.put("consents", records);
                model.put("consentRequired", consents.required());
                model.put("consentStanding", records.stream().anyMatch(ConsentRecord::standing));
                model.put("consentWithdrawn", ctx.queryParams().contains("consent-withdrawn"));
                model.put("erasure", both.result().<Optional<Erasure>>resultAt(2).orElse(null));
                model.put("legalHold", both.result().<Optional<LegalHold>>resultAt(3).orElse(null));
                model.put("erasedNotice", ctx.queryParams().contains("erased"));
                model.put("requests", both.result().<List<SubjectRequest>>resultAt(4));
                model.put("restriction", both.result().<Optional<ProcessingRestriction>>resultAt(5).orElse(null));
                model.put("grounds", List.of(Ground.values()));
                String find = ctx.queryParams().get("find");
                model.put("find", "");
                if (find == null || find.isBlank()) {
                    html(ctx, 200, templates.render("console/contact", model));
                    return;
                }
                // The other contact for a merge, found by e-mail or visitor number: never this one.
                model.put("find", find.strip());
                directory.find(find).onComplete(found -> {
                    if (found.failed()) {
                        ctx.fail(found.cause());
                        return;
                    }
                    model.put("found", found.result().stream().filter(f -> !f.contactId().equals(id)).toList());
                    model.put("searched", true);
                    html(ctx, 200, templates.render("console/contact", model));
                });
            }
        });
    }

    /** The customer withdrew their consent by mail or phone: the agent records it (as that agent). */
    private void withdrawConsent(RoutingContext ctx) {
        String id = ctx.pathParam("id").toLowerCase(Locale.ROOT);
        directory.exists(id).compose(found -> found
                ? consents.withdraw(id, ConsoleSecurity.agent(ctx).username()).map(n -> true)
                : Future.succeededFuture(false)).onComplete(ar -> {
                    if (ar.failed()) {
                        ctx.fail(ar.cause());
                    } else if (!ar.result()) {
                        message(ctx, 404, "There is no such contact.");
                    } else {
                        ctx.redirect("/console/contacts/" + id + "?consent-withdrawn");
                    }
                });
    }

    /** An admin erases the customer (the form's box ticked): crypto-shredding, docs/privacy.md. */
    private void erase(RoutingContext ctx) {
        String id = ctx.pathParam("id").toLowerCase(Locale.ROOT);
        if (!"yes".equals(ctx.request().getFormAttribute("confirm"))) {
            message(ctx, 400, "Tick the box to confirm that the erasure cannot be undone.");
            return;
        }
        privacyAction(ctx, id, erasure.erase(id, ConsoleSecurity.agent(ctx).id()), "?erased#personal-data");
    }

    private void placeHold(RoutingContext ctx) {
        String id = ctx.pathParam("id").toLowerCase(Locale.ROOT);
        String raw = ctx.request().getFormAttribute("reference");
        String reference = raw == null ? "" : raw.strip();
        if (!LegalHold.validReference(reference)) {
            message(ctx, 400, "Give the case reference: 1 to " + LegalHold.MAX_REFERENCE + " characters on one line.");
            return;
        }
        privacyAction(ctx, id, erasure.placeHold(id, reference, ConsoleSecurity.agent(ctx).id()), "#personal-data");
    }

    private void liftHold(RoutingContext ctx) {
        String id = ctx.pathParam("id").toLowerCase(Locale.ROOT);
        privacyAction(ctx, id, erasure.liftHold(id, ConsoleSecurity.agent(ctx).id()), "#personal-data");
    }

    private void privacyAction(RoutingContext ctx, String id, Future<?> done, String then) {
        if (!ContactDirectory.isContactId(id)) {
            message(ctx, 404, "There is no such contact.");
            return;
        }
        done.onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.redirect("/console/contacts/" + id + then);
            } else if (ar.cause() instanceof NoSuchElementException) {
                message(ctx, 404, "There is no such contact.");
            } else if (ar.cause() instanceof ErasureRefusedException refused) {
                message(ctx, 409, refused.getMessage());
            } else if (ar.cause() instanceof RestrictionRefusedException conflict) {
                message(ctx, 409, conflict.getMessage());
            } else {
                ctx.fail(ar.cause());
            }
        });
    }

    private void merge(RoutingContext ctx) {
        String id = ctx.pathParam("id").toLowerCase(Locale.ROOT);
        String raw = ctx.request().getFormAttribute("into");
        String into = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        if (!ContactDirectory.isContactId(into)) {
            message(ctx, 400, "Give the id of the contact to merge into (a UUID, as shown on its contact page).");
            return;
        }
        SignedInAgent agent = ConsoleSecurity.agent(ctx);
        directory.merge(id, into, agent.id(), agent.username()).onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.redirect("/console/contacts/" + into + "?merged");
            } else if (ar.cause() instanceof MergeRefusedException refused) {
                message(ctx, refused.unknown() ? 404 : 409, refused.getMessage());
            } else if (ar.cause() instanceof IllegalArgumentException bad) {
                message(ctx, 400, bad.getMessage());
            } else {
                ctx.fail(ar.cause()); // the node's fault: logged once with an id the error page shows
            }
        });
    }

    private Map<String, Object> model(RoutingContext ctx, String title) {
        SignedInAgent agent = ConsoleSecurity.agent(ctx);
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
