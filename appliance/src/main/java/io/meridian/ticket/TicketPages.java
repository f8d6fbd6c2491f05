package io.meridian.ticket;

import io.meridian.console.ConsoleLocales;
import io.meridian.console.Messages;
import io.meridian.console.Templates;
import io.meridian.canned.CannedReplies;
import io.meridian.conversation.ChatHub;
import io.meridian.conversation.ConversationService;
import io.meridian.inbox.ConversationExtras;
import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Permission;
import io.meridian.security.ReadScope;
import io.meridian.security.SignedInAgent;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

/**
 * The console's tickets: the list by view ({@code /console/tickets}), one ticket with its fields, requester,
 * conversations and history ({@code /console/tickets/{number}}), and on the conversation page the ticket it belongs
 * to or a button that makes one ({@link #extras}).
 */
public final class TicketPages {

    /** Messages of each conversation the ticket page shows, the newest. */
    static final int MESSAGES_SHOWN = 50;

    /** One line of a ticket's history as the page shows it, in the agent's language. */
    public record HistoryLine(java.time.Instant at, String text) {
    }

    private final Tickets tickets;
    private final ConversationService conversations;
    private final Templates templates;
    private final CannedReplies canned;
    private final ChatHub hub;

    /** {@code canned} and {@code hub}: the replies macros send, and how. */
    public TicketPages(Tickets tickets, ConversationService conversations, Templates templates, CannedReplies canned,
            ChatHub hub) {
        this.tickets = tickets;
        this.conversations = conversations;
        this.templates = templates;
        this.canned = canned;
        this.hub = hub;
    }

    public void addRoutes(Router router) {
        router.get("/console/tickets").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ)).handler(this::list);
        router.post("/console/tickets/bulk").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY)).handler(this::bulk);
        router.get("/console/tickets/:number").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ)).handler(this::show);
        router.post("/console/tickets/:number/merge").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY))
                .handler(this::merge);
        router.post("/console/tickets/:number/macro").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY))
                .handler(this::macro);
        router.post("/console/tickets/:number/notes").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY))
                .handler(this::addNote);
        router.post("/console/tickets/:number/links").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY))
                .handler(this::link);
        router.post("/console/tickets/:number").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY))
                .handler(this::change);
        router.post("/console/conversations/:id/ticket").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY))
                .handler(this::create);
        router.post("/console/tickets/:number/handover-note").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY))
                .handler(this::handoverNote);
    }

    /** The conversation page's ticket part: the ticket it belongs to ({@code ticket}), or none. */
    public ConversationExtras extras() {
        return (conversationId, agent) -> tickets.ofConversation(conversationId).map(found -> {
            Map<String, Object> parts = new HashMap<>();
            parts.put("ticketPanel", true);
            found.ifPresent(t -> parts.put("ticket", t));
            return parts;
        });
    }

    private void list(RoutingContext ctx) {
        SignedInAgent agent = ConsoleSecurity.agent(ctx);
        String view = ctx.queryParams().get("view") == null ? "open" : ctx.queryParams().get("view");
        if (!Tickets.VIEWS.contains(view)) {
            ctx.fail(404, new NoSuchElementException("no ticket view " + view));
            return;
        }
        // A custom field's value to list by: "product:washer" (drop-downs and checkboxes offer theirs).
        String filter = ctx.queryParams().get("filter");
        int colon = filter == null ? -1 : filter.indexOf(':');
        String fieldKey = colon > 0 ? filter.substring(0, colon) : null;
        String fieldValue = colon > 0 ? filter.substring(colon + 1) : null;
        tickets.list(agent, view, fieldKey, fieldValue).recover(e -> e instanceof IllegalArgumentException
                ? tickets.list(agent, view) : Future.failedFuture(e))
                .compose(all -> ConsoleSecurity.readable(ctx, all, ReadScope.Kind.TICKET, Ticket::id))
                .compose(found -> tickets.everyAgent().compose(agents -> tickets.assignable()
                .map(active -> {
                    Map<String, Object> model = model(ctx, agent, "Tickets");
                    model.put("filter", fieldKey == null ? "" : filter);
                    model.put("filterFields", tickets.customFields().stream().filter(f ->
                            f.type() == TicketField.Type.DROPDOWN || f.type() == TicketField.Type.CHECKBOX).toList());
                    model.put("lang", ConsoleLocales.messages(ctx, agent.id()).lang());
                    model.put("views", Tickets.VIEWS);
                    model.put("view", view);
                    model.put("tickets", found);
                    model.put("agentNames", names(agents));
                    model.put("agents", active);
                    model.put("teams", tickets.teams());
                    model.put("statuses", List.of(TicketStatus.values()));
                    model.put("priorities", List.of(TicketPriority.values()));
                    model.put("changed", number(ctx.queryParams().get("changed")));
                    model.put("unchanged", number(ctx.queryParams().get("unchanged")));
                    return model;
                }))).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            render(ctx, 200, "console/tickets", ar.result());
        });
    }

    private void show(RoutingContext ctx) {
        draw(ctx, 200, null);
    }

    /** The ticket page; after a change that failed, with {@code error} (a console text key) and the status. */
    private void draw(RoutingContext ctx, int status, String error) {
        SignedInAgent agent = ConsoleSecurity.agent(ctx);
        Messages t = ConsoleLocales.messages(ctx, agent.id());
        tickets.ticket(ctx.pathParam("number")).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(new NoSuchElementException("no ticket " + ctx.pathParam("number")));
            }
            Ticket ticket = found.get();
            return tickets.assignable().compose(agents -> tickets.everyAgent().compose(everyone ->
                    tickets.serviceLevels(ticket.id()).compose(levels -> new TicketNotes(tickets).handoverNote(ticket)
                    .compose(note ->
                    new TicketNotes(tickets).of(ticket.id()).compose(notes -> new TicketLinks(tickets).of(ticket)
                    .compose(links ->
                    tickets.events(ticket.id()).compose(events -> new TicketAttachments(tickets).list(ticket)
                    .compose(files ->
                    conversations.conversations(ticket.conversationIds()).compose(summaries -> {
                        List<Future<Map<String, Object>>> threads = new ArrayList<>();
                        summaries.forEach(s -> threads.add(conversations.messages(s.id(), Math.max(0,
                                s.messageCount() - MESSAGES_SHOWN), MESSAGES_SHOWN).map(messages -> {
                                    Map<String, Object> thread = new HashMap<>();
                                    thread.put("conversation", s);
                                    thread.put("messages", messages);
                                    return thread;
                                })));
                        return Future.all(threads).map(all -> {
                            Map<String, String> agentNames = names(everyone);
                            Map<String, Object> model = model(ctx, agent, ticket.number());
                            model.put("ticket", ticket);
                            model.put("threads", threads.stream().map(Future::result).toList());
                            model.put("agents", agents);
                            model.put("agentNames", agentNames);
                            model.put("teams", tickets.teams());
                            model.put("types", Tickets.TYPES);
                            model.put("statuses", List.of(TicketStatus.values()));
                            model.put("priorities", List.of(TicketPriority.values()));
                            model.put("history", events.stream().map(e -> new HistoryLine(e.at(),
                                    line(t, e, agentNames, teamNames(), tickets.customFields()))).toList());
                            model.put("customFields", tickets.customFields());
                            model.put("macros", tickets.macros().all());
                            model.put("notes", notes);
                            model.put("links", links);
                            Map<String, String> values = new HashMap<>();
                            tickets.customFields().forEach(f -> values.put(f.key(),
                                    ticket.fields().getOrDefault(f.key(), "")));
                            model.put("fieldValues", values);
                            model.put("lang", t.lang());
                            model.put("error", error);
                            model.put("levels", levels);
                            model.put("handoverNote", note.orElse(""));
                            model.put("hasHandoverNote", note.isPresent());
                            model.put("files", files);
                            model.put("fileRefused", ctx.queryParams().contains("file-refused"));
                            return model;
                        });
                    })))))))));
        }).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause() instanceof NoSuchElementException ? 404 : 500, ar.cause());
                return;
            }
            render(ctx, status, "console/ticket", ar.result());
        });
    }

    private void change(RoutingContext ctx) {
        var form = ctx.request().formAttributes();
        Map<String, String> custom = new java.util.LinkedHashMap<>();
        for (TicketField f : tickets.customFields()) {
            String value = form.get("field." + f.key());
            if (value != null) {
                custom.put(f.key(), value);
            }
        }
        TicketChange change = new TicketChange(form.get("subject"), form.get("status"), form.get("priority"),
                form.get("type"), form.get("assigneeId"), form.get("teamId"), custom.isEmpty() ? null : custom);
        tickets.change(ConsoleSecurity.agent(ctx), ctx.pathParam("number"), change).onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.redirect("/console/tickets/" + ar.result().number());
            } else if (ar.cause() instanceof TicketConflictException) {
                draw(ctx, 409, "ticket.error.conflict");
            } else if (ar.cause() instanceof IllegalArgumentException) {
                draw(ctx, 400, "ticket.error.invalid");
            } else {
                ctx.fail(ar.cause() instanceof NoSuchElementException ? 404 : 500, ar.cause());
            }
        });
    }

    private void handoverNote(RoutingContext ctx) {
        new TicketNotes(tickets).setHandoverNote(ConsoleSecurity.agent(ctx), ctx.pathParam("number"),
                ctx.request().getFormAttribute("note")).onComplete(ar -> {
                    if (ar.succeeded()) {
                        ctx.redirect("/console/tickets/" + ar.result().number());
                    } else if (ar.cause() instanceof TicketConflictException) {
                        draw(ctx, 409, "ticket.error.conflict");
                    } else if (ar.cause() instanceof IllegalArgumentException) {
                        draw(ctx, 400, "ticket.error.note");
                    } else {
                        ctx.fail(ar.cause() instanceof NoSuchElementException ? 404 : 500, ar.cause());
                    }
                });
    }

    /** The bulk bar: the change chosen (blank: keep) applied to the tickets ticked, then the list again. */
    private void bulk(RoutingContext ctx) {
        var form = ctx.request().formAttributes();
        String asked = form.get("view");
        String view = asked != null && Tickets.VIEWS.contains(asked) ? asked : "open";
        List<String> numbers = form.getAll("number").stream().filter(n -> !n.isBlank()).distinct()
                .limit(TicketApi.MAX_BULK).toList();
        String assignee = form.get("assigneeId");
        String team = form.get("teamId");
        TicketChange change = new TicketChange(null, blankToNull(form.get("status")),
                blankToNull(form.get("priority")), null,
                assignee == null || assignee.isBlank() ? null : "-".equals(assignee) ? "" : assignee,
                team == null || team.isBlank() ? null : "-".equals(team) ? "" : team);
        if (numbers.isEmpty() || change.isEmpty()) {
            ctx.redirect("/console/tickets?view=" + view);
            return;
        }
        new BulkChange(tickets).apply(ConsoleSecurity.agent(ctx), numbers, change).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            ctx.redirect("/console/tickets?view=" + view + "&changed=" + ar.result().updated().size()
                    + "&unchanged=" + ar.result().failed().size());
        });
    }

    private void addNote(RoutingContext ctx) {
        new TicketNotes(tickets).add(ConsoleSecurity.agent(ctx), ctx.pathParam("number"),
                ctx.request().getFormAttribute("text")).onComplete(ar -> afterward(ctx, ar.failed() ? ar.cause() : null,
                        "ticket.error.note-text"));
    }

    /** Links ({@code action=link}) or unlinks the ticket named in the form. */
    private void link(RoutingContext ctx) {
        String other = ctx.request().getFormAttribute("number");
        new TicketLinks(tickets).set(ConsoleSecurity.agent(ctx), ctx.pathParam("number"),
                other == null ? "" : other.strip(), !"unlink".equals(ctx.request().getFormAttribute("action")))
                .onComplete(ar -> afterward(ctx, ar.failed() ? ar.cause() : null, "ticket.error.link"));
    }

    /** Back to the ticket after a form; or the page with why not (an unknown other ticket is the form's fault). */
    private void afterward(RoutingContext ctx, Throwable failure, String problem) {
        if (failure == null) {
            ctx.redirect("/console/tickets/" + ctx.pathParam("number"));
        } else if (failure instanceof TicketConflictException) {
            draw(ctx, 409, "ticket.error.conflict");
        } else if (failure instanceof IllegalArgumentException || failure instanceof NoSuchElementException) {
            draw(ctx, 400, problem);
        } else {
            ctx.fail(failure);
        }
    }

    private void macro(RoutingContext ctx) {
        SignedInAgent agent = ConsoleSecurity.agent(ctx);
        String key = ctx.request().getFormAttribute("macro");
        tickets.macros().apply(tickets, canned, hub, agent, ctx.pathParam("number"), key == null ? "" : key,
                ConsoleLocales.messages(ctx, agent.id()).lang()).onComplete(ar -> {
                    if (ar.succeeded()) {
                        ctx.redirect("/console/tickets/" + ar.result().ticket().number());
                    } else if (ar.cause() instanceof TicketConflictException) {
                        draw(ctx, 409, "ticket.error.conflict");
                    } else if (ar.cause() instanceof IllegalArgumentException
                            || ar.cause() instanceof NoSuchElementException && key != null && !key.isBlank()) {
                        draw(ctx, 400, "ticket.error.macro");
                    } else {
                        ctx.fail(ar.cause() instanceof NoSuchElementException ? 404 : 500, ar.cause());
                    }
                });
    }

    private void merge(RoutingContext ctx) {
        String into = ctx.request().getFormAttribute("into");
        new TicketMerges(tickets).merge(ConsoleSecurity.agent(ctx), ctx.pathParam("number"), into == null ? "" : into.strip())
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        ctx.redirect("/console/tickets/" + ar.result().number());
                    } else if (ar.cause() instanceof TicketConflictException
                            || ar.cause() instanceof IllegalArgumentException
                            || ar.cause() instanceof NoSuchElementException && into != null
                            && !into.strip().equalsIgnoreCase(ctx.pathParam("number"))) {
                        draw(ctx, ar.cause() instanceof TicketConflictException ? 409 : 400, "ticket.error.merge");
                    } else {
                        ctx.fail(ar.cause() instanceof NoSuchElementException ? 404 : 500, ar.cause());
                    }
                });
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static int number(String text) {
        return text != null && text.matches("\\d{1,4}") ? Integer.parseInt(text) : -1;
    }

    /** Makes a ticket of the conversation (or shows the one it belongs to) and opens it. */
    private void create(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        String subject = ctx.request().getFormAttribute("subject");
        tickets.createFromConversation(ConsoleSecurity.agent(ctx), id, subject,
                new TicketChange(null, null, null, null, null, null)).onComplete(ar -> {
                    if (ar.succeeded()) {
                        ctx.redirect("/console/tickets/" + ar.result().number());
                    } else if (ar.cause() instanceof TicketConflictException) {
                        tickets.ofConversation(id).onComplete(existing -> ctx.redirect(existing.succeeded()
                                && existing.result().isPresent()
                                ? "/console/tickets/" + existing.result().get().number()
                                : "/console/conversations/" + id));
                    } else if (ar.cause() instanceof IllegalArgumentException) {
                        ctx.redirect("/console/conversations/" + id + "?error=ticket-subject");
                    } else {
                        ctx.fail(ar.cause() instanceof NoSuchElementException ? 404 : 500, ar.cause());
                    }
                });
    }

    /** One history entry in the agent's language: names for agents and teams, texts for states. */
    static String line(Messages t, TicketEvent e, Map<String, String> agents, Map<String, String> teams,
            List<TicketField> fields) {
        String who = Tickets.CUSTOMER.equals(e.actorId()) ? t.get("ticket.actor.customer")
                : Tickets.SYSTEM.equals(e.actorId()) ? t.get("ticket.actor.system") : e.actorName();
        if (e.field().startsWith("field:")) {
            String key = e.field().substring("field:".length());
            TicketField field = fields.stream().filter(f -> f.key().equals(key)).findFirst().orElse(null);
            String label = field == null ? key : field.label(t.lang());
            if (e.from() == null && e.to() == null && (field == null || field.type() == TicketField.Type.TEXT)) {
                return t.get("ticket.event.field-text", who, label);
            }
            return t.get("ticket.event.change", who, label, shownValue(t, field, e.from()),
                    shownValue(t, field, e.to()));
        }
        return switch (e.field()) {
            case "created" -> t.get("ticket.event.created", who, e.to());
            case "conversation" -> t.get("ticket.event.conversation", who);
            case "subject" -> t.get("ticket.event.subject", who);
            case "sla-policy" -> e.from() == null ? t.get("ticket.event.sla-policy", e.to())
                    : t.get("ticket.event.sla-rechosen", who, e.to(), e.from());
            case "handover" -> t.get("ticket.event.handover", teams.getOrDefault(e.from(), e.from()),
                    teams.getOrDefault(e.to(), e.to()));
            case "handover-note" -> t.get("ticket.event.handover-note", who);
            case "merged-into" -> t.get("ticket.event.merged-into", who, e.to());
            case "note" -> t.get("ticket.event.note", who);
            case "attachment" -> t.get("ticket.event.attachment", who, e.to());
            case "linked" -> t.get("ticket.event.linked", who, e.to());
            case "unlinked" -> t.get("ticket.event.unlinked", who, e.to());
            case "merged-from" -> t.get("ticket.event.merged-from", who, e.to());
            case "sla-warning" -> t.get("ticket.event.sla-warning", t.get("ticket.sla.target." + e.from()));
            case "sla-breach" -> t.get("ticket.event.sla-breach", t.get("ticket.sla.target." + e.from()));
            case "sla-recount" -> t.get("ticket.event.sla-recount", t.get("ticket.sla.target." + e.from()),
                    t.dateTime(java.time.Instant.parse(e.to())));
            case "sla-due" -> t.get("ticket.event.sla-due", who, t.get("ticket.sla.target." + e.from()),
                    t.dateTime(java.time.Instant.parse(e.to())));
            default -> t.get("ticket.event.change", who, t.get("ticket.field." + e.field()),
                    value(t, e.field(), e.from(), agents, teams), value(t, e.field(), e.to(), agents, teams));
        };
    }

    private static String shownValue(Messages t, TicketField field, String value) {
        if (value == null) {
            return t.get("ticket.field.empty");
        }
        if (field != null && field.type() == TicketField.Type.CHECKBOX) {
            return t.get("true".equals(value) ? "ticket.field.yes" : "ticket.field.no");
        }
        return field == null ? value : field.shown(value, t.lang());
    }

    private static String value(Messages t, String field, String value, Map<String, String> agents,
            Map<String, String> teams) {
        return switch (field) {
            case "status" -> t.get("ticket.status." + value);
            case "priority" -> t.get("ticket.priority." + value);
            case "type" -> t.get(value == null ? "ticket.type.none" : "ticket.type." + value);
            case "assignee" -> value == null ? t.get("ticket.nobody") : agents.getOrDefault(value, value);
            case "team" -> value == null ? t.get("ticket.no-team") : teams.getOrDefault(value, value);
            default -> String.valueOf(value);
        };
    }

    private Map<String, String> teamNames() {
        return tickets.teams().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue,
                (a, b) -> a));
    }

    private static Map<String, String> names(List<SignedInAgent> agents) {
        return agents.stream().collect(Collectors.toMap(SignedInAgent::id, SignedInAgent::displayName, (a, b) -> a));
    }

    private static Map<String, Object> model(RoutingContext ctx, SignedInAgent agent, String title) {
        Map<String, Object> model = new HashMap<>();
        model.put("title", title);
        model.put("wide", true);
        model.put("agent", agent);
        model.put("csrf", ConsoleSecurity.csrfToken(ctx));
        model.put("t", ConsoleLocales.messages(ctx, agent.id()));
        return model;
    }

    private void render(RoutingContext ctx, int status, String template, Map<String, Object> model) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
                .end(templates.render(template, model));
    }
}
