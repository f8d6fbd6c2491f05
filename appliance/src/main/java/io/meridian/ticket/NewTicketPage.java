package io.meridian.ticket;

import io.meridian.console.ConsoleLocales;
import io.meridian.console.Templates;
import io.meridian.conversation.ContactMatch;
import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Permission;
import io.meridian.security.SignedInAgent;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The console's new-ticket form ({@code /console/tickets/new}): find the customer (by e-mail address, phone number or
 * visitor number), then the ticket's subject, status, priority, type, assignee, team and custom fields. Also reached
 * from a contact's page with the customer chosen. Mount before the ticket pages ({@code /console/tickets/:number}).
 */
public final class NewTicketPage {

    static final String PATH = "/console/tickets/new";
    private static final Pattern CONTACT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Tickets tickets;
    private final Templates templates;

    public NewTicketPage(Tickets tickets, Templates templates) {
        this.tickets = tickets;
        this.templates = templates;
    }

    public void addRoutes(Router router) {
        router.get(PATH).handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY)).handler(this::form);
        router.post(PATH).handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY)).handler(this::create);
    }

    private void form(RoutingContext ctx) {
        String contact = ctx.queryParams().get("contact");
        String find = Optional.ofNullable(ctx.queryParams().get("find")).map(String::strip).orElse("");
        render(ctx, 200, contact, find, null, Map.of());
    }

    private void create(RoutingContext ctx) {
        var form = ctx.request().formAttributes();
        String contact = form.get("contact");
        Map<String, String> custom = new LinkedHashMap<>();
        for (TicketField f : tickets.customFields()) {
            String value = form.get("field." + f.key());
            if (value != null && !value.isBlank()) {
                custom.put(f.key(), value);
            }
        }
        TicketChange fields = new TicketChange(null, blankToNull(form.get("status")), blankToNull(form.get("priority")),
                blankToNull(form.get("type")), blankToNull(form.get("assigneeId")), blankToNull(form.get("teamId")),
                custom.isEmpty() ? null : custom);
        Map<String, String> entered = new HashMap<>();
        form.names().forEach(n -> entered.put(n, form.get(n)));
        String subject = form.get("subject");
        if (subject == null || subject.isBlank()) {
            render(ctx, 400, contact, "", "ticket.new.subject-needed", entered);
            return;
        }
        tickets.createForContact(ConsoleSecurity.agent(ctx), contact, subject, fields).onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.redirect("/console/tickets/" + ar.result().number());
            } else if (ar.cause() instanceof NoSuchElementException) {
                render(ctx, 404, null, "", "ticket.new.no-customer", entered);
            } else if (ar.cause() instanceof IllegalArgumentException || ar.cause() instanceof TicketConflictException) {
                render(ctx, 400, contact, "", "ticket.error.invalid", entered);
            } else {
                ctx.fail(ar.cause());
            }
        });
    }

    /** The form: the customer search (and its matches), or the ticket's fields for the customer chosen. */
    private void render(RoutingContext ctx, int status, String contactId, String find, String errorKey,
            Map<String, String> entered) {
        SignedInAgent agent = ConsoleSecurity.agent(ctx);
        boolean chosen = contactId != null && CONTACT_ID.matcher(contactId).matches();
        Future<List<ContactMatch>> matches = find.isEmpty() ? Future.succeededFuture(List.of())
                : tickets.conversations.findContacts(find);
        matches.compose(found -> tickets.assignable().map(agents -> {
            Map<String, Object> model = new HashMap<>();
            model.put("title", "New ticket");
            model.put("wide", true);
            model.put("agent", agent);
            model.put("csrf", ConsoleSecurity.csrfToken(ctx));
            var t = ConsoleLocales.messages(ctx, agent.id());
            model.put("t", t);
            model.put("lang", t.lang());
            model.put("contact", chosen ? contactId : "");
            model.put("find", find);
            model.put("searched", !find.isEmpty());
            model.put("matches", found.stream().map(m -> new ContactMatch(m.contactId(), m.name() == null ? ""
                    : m.name())).toList());
            model.put("errorKey", errorKey == null ? "" : errorKey);
            model.put("entered", entered);
            model.put("agents", agents);
            model.put("teams", tickets.teams());
            model.put("types", Tickets.TYPES);
            model.put("statuses", List.of(TicketStatus.NEW, TicketStatus.OPEN, TicketStatus.PENDING,
                    TicketStatus.ON_HOLD));
            model.put("priorities", List.of(TicketPriority.values()));
            model.put("customFields", tickets.customFields());
            return model;
        })).onSuccess(model -> ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "text/html; charset=utf-8")
                .end(templates.render("console/new-ticket", model))).onFailure(ctx::fail);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
