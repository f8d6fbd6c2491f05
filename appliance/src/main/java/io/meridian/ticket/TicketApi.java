package io.meridian.ticket;

import io.meridian.canned.CannedReplies;
import io.meridian.conversation.ChatHub;
import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Permission;
import io.meridian.security.ReadScope;
import io.meridian.web.JsonBodies;
import io.meridian.web.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * {@code /api/v1/tickets}: list by view, create (from a conversation or for a contact), read with the audit trail,
 * change fields; and {@code /api/v1/conversations/{id}/ticket}, the ticket a conversation belongs to. Any agent.
 */
public final class TicketApi {

    static final String PATH = "/api/v1/tickets";
    private static final Set<String> FIELDS = Set.of("conversationId", "contactId", "subject", "status", "priority",
            "type", "assigneeId", "teamId", "fields");

    private final Tickets tickets;
    private final CannedReplies canned;
    private final ChatHub hub;

    /** {@code canned} and {@code hub}: the replies macros send, and how. */
    public TicketApi(Tickets tickets, CannedReplies canned, ChatHub hub) {
        this.tickets = tickets;
        this.canned = canned;
        this.hub = hub;
    }

    public void addRoutes(Router router) {
        router.get(PATH).handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ)).handler(this::list);
        router.get("/api/v1/ticket-fields").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ))
                .handler(this::fieldsDefined);
        router.post(PATH).handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY)).handler(this::create);
        router.get(PATH + "/:id").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ)).handler(this::read);
        router.patch(PATH + "/:id").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY)).handler(this::change);
        router.post(PATH + "/bulk").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY)).handler(this::bulk);
        router.post(PATH + "/:id/merge").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY)).handler(this::merge);
        router.post(PATH + "/:id/macros/:macro").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY))
                .handler(this::applyMacro);
        router.get(PATH + "/:id/notes").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ)).handler(this::notes);
        router.post(PATH + "/:id/notes").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY)).handler(this::addNote);
        router.post(PATH + "/:id/links").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY)).handler(this::link);
        router.delete(PATH + "/:id/links/:other").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY))
                .handler(this::unlink);
        router.get("/api/v1/ticket-macros").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ))
                .handler(this::macrosDefined);
        router.put(PATH + "/:id/handover-note").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY))
                .handler(this::handoverNote);
        router.get("/api/v1/conversations/:id/ticket").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ))
                .handler(this::ofConversation);
    }

    private void list(RoutingContext ctx) {
        String view = ctx.queryParams().get("view");
        answer(ctx, tickets.list(ConsoleSecurity.agent(ctx), view == null ? "open" : view,
                ctx.queryParams().get("field"), ctx.queryParams().get("value"))
                .compose(all -> ConsoleSecurity.readable(ctx, all, ReadScope.Kind.TICKET, Ticket::id)).map(found -> {
            JsonArray out = new JsonArray();
            found.forEach(t -> out.add(json(t)));
            return new JsonObject().put("tickets", out);
        }), 200);
    }

    private void create(RoutingContext ctx) {
        JsonObject body = JsonBodies.read(ctx);
        if (body == null) {
            return;
        }
        TicketChange fields;
        try {
            fields = fields(body);
        } catch (IllegalArgumentException e) {
            Problem.send(ctx, 400, "invalid-field", e.getMessage());
            return;
        }
        String conversationId = body.getValue("conversationId") instanceof String s ? s : null;
        String contactId = body.getValue("contactId") instanceof String s ? s : null;
        if ((conversationId == null) == (contactId == null)) {
            Problem.send(ctx, 400, "invalid-field", "give either conversationId or contactId");
            return;
        }
        var agent = ConsoleSecurity.agent(ctx);
        Future<Ticket> made = conversationId != null
                ? tickets.createFromConversation(agent, conversationId, fields.subject(), fields)
                : tickets.createForContact(agent, contactId, fields.subject(), fields);
        answer(ctx, made.map(t -> {
            ctx.response().putHeader("Location", PATH + "/" + t.number());
            return json(t);
        }), 201);
    }

    private void read(RoutingContext ctx) {
        answer(ctx, tickets.ticket(ctx.pathParam("id")).compose(found -> found.isEmpty()
                ? Future.failedFuture(new NoSuchElementException("no ticket " + ctx.pathParam("id")))
                : tickets.events(found.get().id()).compose(events -> new TicketNotes(tickets).handoverNote(found.get())
                        .compose(note -> new TicketLinks(tickets).of(found.get()).compose(links ->
                                tickets.serviceLevels(found.get().id()).map(levels -> {
                            JsonArray trail = new JsonArray();
                            events.forEach(e -> trail.add(new JsonObject().put("at", e.at().toString())
                                    .put("actorId", e.actorId()).put("actorName", e.actorName())
                                    .put("field", e.field()).put("from", e.from()).put("to", e.to())));
                            JsonArray sla = new JsonArray();
                            levels.forEach(l -> sla.add(new JsonObject().put("target", l.target())
                                    .put("policy", l.policy()).put("state", l.state())
                                    .put("dueAt", text(l.dueAt())).put("breachedAt", text(l.breachedAt()))
                                    .put("metAt", text(l.metAt())).put("remainingMillis", l.remainingMillis())));
                            return json(found.get()).put("events", trail).put("serviceLevels", sla)
                                    .put("handoverNote", note.orElse(null))
                                    .put("links", new JsonArray(List.copyOf(links)));
                        }))))), 200);
    }

    /** Bulk changes: one change to up to {@value #MAX_BULK} tickets, each changed on its own. */
    static final int MAX_BULK = 100;

    private void bulk(RoutingContext ctx) {
        JsonObject body = JsonBodies.read(ctx);
        if (body == null) {
            return;
        }
        TicketChange change;
        List<String> numbers;
        try {
            if (!(body.getValue("numbers") instanceof JsonArray list) || list.isEmpty() || list.size() > MAX_BULK
                    || !list.stream().allMatch(n -> n instanceof String)) {
                throw new IllegalArgumentException("numbers must be 1 to " + MAX_BULK + " ticket numbers or ids");
            }
            if (!(body.getValue("change") instanceof JsonObject fields) || body.size() != 2) {
                throw new IllegalArgumentException("give numbers and change");
            }
            if (fields.containsKey("subject") || fields.containsKey("conversationId")
                    || fields.containsKey("contactId")) {
                throw new IllegalArgumentException("a bulk change sets status, priority, type, assigneeId or teamId");
            }
            change = fields(fields);
            numbers = list.stream().map(String.class::cast).distinct().toList();
        } catch (IllegalArgumentException e) {
            Problem.send(ctx, 400, "invalid-field", e.getMessage());
            return;
        }
        if (change.isEmpty()) {
            Problem.send(ctx, 400, "invalid-field", "nothing to change");
            return;
        }
        answer(ctx, new BulkChange(tickets).apply(ConsoleSecurity.agent(ctx), numbers, change)
                .map(BulkChange.Outcome::toJson), 200);
    }

    private void applyMacro(RoutingContext ctx) {
        String language = ctx.queryParams().get("language");
        answer(ctx, tickets.macros().apply(tickets, canned, hub, ConsoleSecurity.agent(ctx), ctx.pathParam("id"),
                ctx.pathParam("macro"), language == null || !language.matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})?")
                        ? "en" : language)
                .map(applied -> new JsonObject().put("ticket", json(applied.ticket()))
                        .put("repliedIn", applied.repliedIn())), 200);
    }

    private void macrosDefined(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        for (TicketMacro m : tickets.macros().all()) {
            out.add(new JsonObject().put("key", m.key()).put("labels", new JsonObject(new LinkedHashMap<>(m.labels())))
                    .put("reply", m.replyShortcut()));
        }
        ctx.response().putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("macros", out).encode());
    }

    private void notes(RoutingContext ctx) {
        answer(ctx, new TicketNotes(tickets).of(ctx.pathParam("id")).map(notes -> {
            JsonArray out = new JsonArray();
            notes.forEach(n -> out.add(note(n)));
            return new JsonObject().put("notes", out);
        }), 200);
    }

    private void addNote(RoutingContext ctx) {
        JsonObject body = JsonBodies.read(ctx);
        if (body == null) {
            return;
        }
        if (!(body.getValue("text") instanceof String text) || body.size() != 1) {
            Problem.send(ctx, 400, "invalid-field", "give text");
            return;
        }
        answer(ctx, new TicketNotes(tickets).add(ConsoleSecurity.agent(ctx), ctx.pathParam("id"), text)
                .map(TicketApi::note), 201);
    }

    private static JsonObject note(TicketNote n) {
        return new JsonObject().put("id", n.id()).put("authorId", n.authorId()).put("authorName", n.authorName())
                .put("text", n.text()).put("at", n.at().toString());
    }

    private void link(RoutingContext ctx) {
        JsonObject body = JsonBodies.read(ctx);
        if (body == null) {
            return;
        }
        if (!(body.getValue("number") instanceof String other) || body.size() != 1) {
            Problem.send(ctx, 400, "invalid-field", "give number: the ticket to link");
            return;
        }
        answer(ctx, new TicketLinks(tickets).set(ConsoleSecurity.agent(ctx), ctx.pathParam("id"), other, true)
                .map(changed -> new JsonObject().put("linked", true).put("changed", changed)), 200);
    }

    private void unlink(RoutingContext ctx) {
        answer(ctx, new TicketLinks(tickets).set(ConsoleSecurity.agent(ctx), ctx.pathParam("id"),
                ctx.pathParam("other"), false).map(changed -> new JsonObject().put("linked", false)
                        .put("changed", changed)), 200);
    }

    private void merge(RoutingContext ctx) {
        JsonObject body = JsonBodies.read(ctx);
        if (body == null) {
            return;
        }
        if (!(body.getValue("into") instanceof String into) || body.size() != 1) {
            Problem.send(ctx, 400, "invalid-field", "give into: the number of the ticket to merge into");
            return;
        }
        answer(ctx, new TicketMerges(tickets).merge(ConsoleSecurity.agent(ctx), ctx.pathParam("id"), into).map(TicketApi::json), 200);
    }

    private void handoverNote(RoutingContext ctx) {
        JsonObject body = JsonBodies.read(ctx);
        if (body == null) {
            return;
        }
        if (!(body.getValue("text") instanceof String text) || body.size() != 1) {
            Problem.send(ctx, 400, "invalid-field", "give text (empty: no note)");
            return;
        }
        answer(ctx, new TicketNotes(tickets).setHandoverNote(ConsoleSecurity.agent(ctx), ctx.pathParam("id"), text)
                .map(TicketApi::json), 200);
    }

    private void change(RoutingContext ctx) {
        JsonObject body = JsonBodies.read(ctx);
        if (body == null) {
            return;
        }
        TicketChange change;
        try {
            if (body.containsKey("conversationId") || body.containsKey("contactId")) {
                throw new IllegalArgumentException("a ticket's requester and conversations are not changed here");
            }
            change = fields(body);
        } catch (IllegalArgumentException e) {
            Problem.send(ctx, 400, "invalid-field", e.getMessage());
            return;
        }
        if (change.isEmpty()) {
            Problem.send(ctx, 400, "invalid-field", "nothing to change: give subject, status, priority, type, "
                    + "assigneeId or teamId");
            return;
        }
        answer(ctx, tickets.change(ConsoleSecurity.agent(ctx), ctx.pathParam("id"), change).map(TicketApi::json),
                200);
    }

    private void fieldsDefined(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        for (TicketField f : tickets.customFields()) {
            JsonArray options = new JsonArray();
            f.options().forEach(o -> options.add(new JsonObject().put("value", o.value())
                    .put("labels", new JsonObject(new LinkedHashMap<>(o.labels())))));
            out.add(new JsonObject().put("key", f.key()).put("type", f.type().wire())
                    .put("labels", new JsonObject(new LinkedHashMap<>(f.labels()))).put("options", options)
                    .put("requiredFor", new JsonArray(f.requiredFor().stream().sorted().toList())));
        }
        ctx.response().putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("fields", out).encode());
    }

    private void ofConversation(RoutingContext ctx) {
        answer(ctx, tickets.ofConversation(ctx.pathParam("id")).compose(found -> found.isEmpty()
                ? Future.failedFuture(new NoSuchElementException("conversation " + ctx.pathParam("id")
                        + " belongs to no ticket"))
                : Future.succeededFuture(json(found.get()))), 200);
    }

    /** The fields a body sets: a string sets, JSON null clears (type, assigneeId, teamId), absent leaves. */
    private static TicketChange fields(JsonObject body) {
        for (String name : body.fieldNames()) {
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name + "'");
            }
        }
        Map<String, String> custom = null;
        if (body.containsKey("fields")) {
            if (!(body.getValue("fields") instanceof JsonObject given)) {
                throw new IllegalArgumentException("fields must be an object of custom field values");
            }
            custom = new LinkedHashMap<>();
            for (String key : given.fieldNames()) {
                Object value = given.getValue(key);
                if (value != null && !(value instanceof String) && !(value instanceof Number)
                        && !(value instanceof Boolean)) {
                    throw new IllegalArgumentException("fields." + key + " must be a string, number, boolean or null");
                }
                custom.put(key, value == null ? "" : String.valueOf(value));
            }
        }
        return new TicketChange(string(body, "subject", false), string(body, "status", false),
                string(body, "priority", false), string(body, "type", true), string(body, "assigneeId", true),
                string(body, "teamId", true), custom);
    }

    private static String string(JsonObject body, String field, boolean nullClears) {
        if (!body.containsKey(field)) {
            return null;
        }
        Object value = body.getValue(field);
        if (value == null && nullClears) {
            return "";
        }
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException(field + " must be a string" + (nullClears ? " or null" : ""));
        }
        return s;
    }

    private static String text(java.time.Instant at) {
        return at == null ? null : at.toString();
    }

    static JsonObject json(Ticket t) {
        return new JsonObject().put("id", t.id()).put("number", t.number()).put("contactId", t.contactId())
                .put("subject", t.subject()).put("status", t.status().wire()).put("priority", t.priority().wire())
                .put("type", t.type()).put("assigneeId", t.assigneeId()).put("teamId", t.teamId())
                .put("createdBy", t.createdBy()).put("createdAt", t.createdAt().toString())
                .put("updatedAt", t.updatedAt().toString())
                .put("solvedAt", t.solvedAt() == null ? null : t.solvedAt().toString())
                .put("conversationIds", new JsonArray(List.copyOf(t.conversationIds())))
                .put("fields", new JsonObject(new LinkedHashMap<>(t.fields())));
    }

    private static void answer(RoutingContext ctx, Future<JsonObject> result, int status) {
        result.onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                        .end(ConsoleSecurity.forReader(ctx, ar.result(), null).encode());
            } else {
                Throwable e = ar.cause();
                if (e instanceof NoSuchElementException) {
                    Problem.send(ctx, 404, "not-found", e.getMessage());
                } else if (e instanceof IllegalArgumentException) {
                    Problem.send(ctx, 400, "invalid-field", e.getMessage());
                } else if (e instanceof TicketConflictException) {
                    Problem.send(ctx, 409, "conflict", e.getMessage());
                } else {
                    ctx.fail(e);
                }
            }
        });
    }
}
