package io.meridian.routing;

import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Permission;
import io.meridian.web.JsonBodies;
import io.meridian.web.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The REST view of routing under /api/v1 (docs/api.md): queues, presence, timeline, notes, transfers, tags, and the
 * setup (teams, agent profiles and calendars: put and delete; reload from conf/).
 */
public final class RoutingApi {


    private final RoutingService routing;
    private final Clock clock;

    public RoutingApi(RoutingService routing, Clock clock) {
        this.routing = routing;
        this.clock = clock;
    }

    public void addRoutes(Router router) {
        router.get("/api/v1/routing/queues").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ)).handler(this::queues);
        router.get("/api/v1/routing/agents").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ)).handler(this::agents);
        router.put("/api/v1/routing/presence").handler(ConsoleSecurity.requireSignedIn()).handler(this::presence);
        router.get("/api/v1/conversations/:id/routing").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ)).handler(this::timeline);
        router.post("/api/v1/conversations/:id/notes").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY)).handler(this::note);
        router.post("/api/v1/conversations/:id/transfer").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY)).handler(this::transfer);
        router.get("/api/v1/contacts/:id/tags").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ)).handler(this::tags);
        router.put("/api/v1/contacts/:id/tags/:tag").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY)).handler(ctx -> tag(ctx, true));
        router.delete("/api/v1/contacts/:id/tags/:tag").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY)).handler(ctx -> tag(ctx, false));
        router.get("/api/v1/routing/setup").handler(ConsoleSecurity.require(Permission.TEAMS_MANAGE)).handler(this::setup);
        router.put("/api/v1/routing/setup").handler(ConsoleSecurity.require(Permission.TEAMS_MANAGE)).handler(this::replaceSetup);
        router.put("/api/v1/routing/teams/:id").handler(ConsoleSecurity.require(Permission.TEAMS_MANAGE)).handler(this::putTeam);
        router.put("/api/v1/routing/agents/:username").handler(ConsoleSecurity.require(Permission.TEAMS_MANAGE)).handler(this::putAgent);
        router.delete("/api/v1/routing/teams/:id").handler(ConsoleSecurity.require(Permission.TEAMS_MANAGE)).handler(this::deleteTeam);
        router.delete("/api/v1/routing/agents/:username").handler(ConsoleSecurity.require(Permission.TEAMS_MANAGE))
                .handler(this::deleteAgent);
        router.put("/api/v1/routing/calendars/:name").handler(ConsoleSecurity.require(Permission.TEAMS_MANAGE)).handler(this::putCalendar);
        router.post("/api/v1/routing/reload").handler(ConsoleSecurity.require(Permission.TEAMS_MANAGE)).handler(this::reload);
    }

    private void queues(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        for (RoutingEngine.QueueView q : RoutingPages.inScope(ConsoleSecurity.agent(ctx),
                routing.engine().queueViews(clock.instant(), 100))) {
            JsonArray entries = new JsonArray();
            q.entries().forEach(e -> entries.add(new JsonObject().put("conversationId", e.conversationId())
                    .put("priority", e.priority()).put("language", e.language()).put("skill", e.skill())
                    .put("queuedAt", e.queuedAt().toString())));
            out.add(new JsonObject().put("teamId", q.teamId()).put("teamName", q.teamName()).put("open", q.open())
                    .put("waiting", q.waiting())
                    .put("oldestQueuedAt", q.oldestQueuedAt() == null ? null : q.oldestQueuedAt().toString())
                    .put("highestPriority", q.highestPriority()).put("agentsOnline", q.online())
                    .put("agentsFree", q.freeAgents()).put("entries", entries));
        }
        json(ctx, 200, new JsonObject().put("queues", out));
    }

    private void agents(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        for (RoutingEngine.AgentView a : routing.engine().agentViews()) {
            JsonObject languages = new JsonObject();
            a.languages().forEach((k, v) -> languages.put(k, v.name().toLowerCase(Locale.ROOT)));
            out.add(new JsonObject().put("id", a.id()).put("username", a.username()).put("displayName", a.displayName())
                    .put("presence", a.presence().name().toLowerCase(Locale.ROOT)).put("active", a.active())
                    .put("maxConversations", a.max()).put("teams", new JsonArray(a.teams())).put("languages", languages));
        }
        json(ctx, 200, new JsonObject().put("agents", out));
    }

    private void presence(RoutingContext ctx) {
        JsonObject body = JsonBodies.read(ctx);
        if (body == null) {
            return;
        }
        Presence p;
        try {
            p = Presence.valueOf(String.valueOf(body.getValue("presence")).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            Problem.send(ctx, 400, "invalid-field", "presence must be 'online', 'away' or 'offline'");
            return;
        }
        reply(ctx, routing.setPresence(ConsoleSecurity.agent(ctx), p)
                .map(now -> new JsonObject().put("presence", now.name().toLowerCase(Locale.ROOT))), 200);
    }

    private void timeline(RoutingContext ctx) {
        reply(ctx, routing.timeline(ctx.pathParam("id")).map(t -> toJson(t, routing.reasonText())), 200);
    }

    private void note(RoutingContext ctx) {
        JsonObject body = JsonBodies.read(ctx);
        if (body == null) {
            return;
        }
        String text = body.getValue("text") instanceof String s ? s : null;
        reply(ctx, routing.addNote(ctx.pathParam("id"), ConsoleSecurity.agent(ctx), text)
                .map(mentioned -> new JsonObject().put("mentioned", new JsonArray(mentioned))), 201);
    }

    private void transfer(RoutingContext ctx) {
        JsonObject body = JsonBodies.read(ctx);
        if (body == null) {
            return;
        }
        String agentId = body.getValue("agentId") instanceof String s ? s : null;
        String teamId = body.getValue("teamId") instanceof String s ? s : null;
        String note = body.getValue("note") instanceof String s ? s : null;
        String id = ctx.pathParam("id");
        reply(ctx, routing.transfer(id, ConsoleSecurity.agent(ctx), agentId, teamId, note)
                .compose(v -> routing.timeline(id)).map(t -> toJson(t, routing.reasonText())), 200);
    }

    private void tags(RoutingContext ctx) {
        reply(ctx, routing.tags(ctx.pathParam("id")).map(t -> new JsonObject().put("tags", new JsonArray(t))), 200);
    }

    private void tag(RoutingContext ctx, boolean add) {
        String contactId = ctx.pathParam("id");
        reply(ctx, routing.tagContact(contactId, ctx.pathParam("tag"), add, ConsoleSecurity.agent(ctx))
                .compose(changed -> routing.tags(contactId).map(t -> new JsonObject().put("changed", changed)
                        .put("tags", new JsonArray(t)))), 200);
    }

    private void setup(RoutingContext ctx) {
        json(ctx, 200, new JsonObject().put("document", new JsonObject(routing.document()))
                .put("calendars", new JsonArray(routing.calendarNames().stream().toList())));
    }

    private void replaceSetup(RoutingContext ctx) {
        JsonObject body = JsonBodies.read(ctx);
        if (body == null) {
            return;
        }
        reply(ctx, routing.replaceDocument(SetupDocument.toMap(body), "request body",
                ConsoleSecurity.agent(ctx).username()).map(s -> summary(s)), 200);
    }

    private void putTeam(RoutingContext ctx) {
        JsonObject body = JsonBodies.read(ctx);
        if (body == null) {
            return;
        }
        Map<String, Object> team = SetupDocument.toMap(body);
        team.put("id", ctx.pathParam("id"));
        reply(ctx, routing.putTeam(team, ConsoleSecurity.agent(ctx).username()).map(s -> summary(s)), 200);
    }

    private void putAgent(RoutingContext ctx) {
        JsonObject body = JsonBodies.read(ctx);
        if (body == null) {
            return;
        }
        Map<String, Object> profile = SetupDocument.toMap(body);
        profile.put("username", ctx.pathParam("username"));
        reply(ctx, routing.putAgentProfile(profile, ConsoleSecurity.agent(ctx).username()).map(s -> summary(s)), 200);
    }

    private void deleteTeam(RoutingContext ctx) {
        String moveTo = ctx.queryParams().get("moveQueuedTo");
        reply(ctx, routing.deleteTeam(ctx.pathParam("id"), moveTo, ConsoleSecurity.agent(ctx).username())
                .map(moved -> summary(routing.engine().setup()).put("moved", moved)), 200);
    }

    private void deleteAgent(RoutingContext ctx) {
        reply(ctx, routing.deleteAgentProfile(ctx.pathParam("username"), ConsoleSecurity.agent(ctx).username())
                .map(RoutingApi::summary), 200);
    }

    private void putCalendar(RoutingContext ctx) {
        String text = ctx.body() == null ? "" : ctx.body().asString();
        reply(ctx, routing.putCalendar(ctx.pathParam("name"), text, ConsoleSecurity.agent(ctx).username())
                .map(c -> new JsonObject().put("name", c.name()).put("events", c.eventCount())), 200);
    }

    private void reload(RoutingContext ctx) {
        reply(ctx, routing.reloadFromFiles(ConsoleSecurity.agent(ctx).username()).map(s -> summary(s)), 200);
    }

    private static JsonObject summary(RoutingSetup s) {
        return new JsonObject().put("teams", new JsonArray(s.teams().stream().map(Team::id).toList()))
                .put("agents", new JsonArray(s.agents().keySet().stream().sorted().toList()));
    }

    /** The timeline, routing's reasons in English (notes as written). */
    static JsonObject toJson(Timeline t, ReasonText reasons) {
        JsonArray entries = new JsonArray();
        t.entries().forEach(e -> entries.add(new JsonObject().put("at", e.at().toString()).put("kind", e.kind())
                .put("text", e.isNote() ? e.text() : reasons.english(e.text())).put("authorName", e.authorName()).put("mentions", new JsonArray(e.mentions()))));
        return new JsonObject().put("conversationId", t.conversationId())
                .put("state", t.state().toLowerCase(Locale.ROOT)).put("teamId", t.teamId()).put("teamName", t.teamName())
                .put("agentId", t.agentId()).put("agentName", t.agentName()).put("priority", t.priority())
                .put("language", t.language()).put("timeline", entries);
    }

    private void reply(RoutingContext ctx, Future<JsonObject> result, int status) {
        result.onComplete(ar -> {
            if (ar.succeeded()) {
                json(ctx, status, ar.result());
                return;
            }
            Throwable e = ar.cause();
            if (e instanceof RoutingSetupException s) {
                Problem.send(ctx, 400, "invalid-routing-setup", s.getMessage() + " The setup in force is unchanged.");
            } else if (e instanceof RoutingConflictException) {
                Problem.send(ctx, 409, "routing-conflict", e.getMessage());
            } else if (e instanceof NoSuchElementException) {
                Problem.send(ctx, 404, "not-found", e.getMessage());
            } else if (e instanceof IllegalArgumentException) {
                Problem.send(ctx, 400, "invalid-field", e.getMessage());
            } else {
                ctx.fail(e); // the node's fault: logged once with an id the answer carries
            }
        });
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(ConsoleSecurity.forReader(ctx, body, null).encode());
    }
}
