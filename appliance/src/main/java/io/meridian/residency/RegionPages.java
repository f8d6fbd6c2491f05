package io.meridian.residency;

import io.meridian.console.ConsoleLocales;
import io.meridian.console.Templates;
import io.meridian.inbox.RegionConversation;
import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Permission;
import io.meridian.security.SignedInAgent;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The console's Other regions pages: the open conversations homed in each other region as their policy lets this
 * region see them, and one conversation with its messages and, unless the policy denies it, a reply box. Everything is
 * asked of the home region's node when the page is drawn ({@link RemoteRegions}); nothing of it is kept here.
 */
public final class RegionPages {

    /** One conversation of another region, from its node's answer ({@link HomeRegionReads}). */
    static RegionConversation conversation(String region, JsonObject json) {
        String contactId = json.getString("contactId", "");
        return new RegionConversation(region, json.getString("id"), json.getString("channel"),
                json.getString("status"), json.getString("contactName"),
                contactId.substring(0, Math.min(8, contactId.length())), json.getString("lastMessagePreview"),
                instant(json.getString("lastMessageAt")), json.getLong("messageCount", 0L),
                instant(json.getString("customerWaitingSince")), json.getBoolean("assigned", false),
                json.getBoolean("takenByYou", false));
    }

    /**
     * One message of another region's conversation; {@code text} null where the policy denies it; a customer's
     * message with its translation into the reader's language when the home region made one ({@code translated}), or
     * {@code translationPending} while it is on its way.
     */
    public record Message(long seq, String author, String authorName, String text, Instant at, String translated,
            String translationLanguage, boolean translationPending) {

        static Message of(JsonObject m) {
            JsonObject t = m.getJsonObject("translation");
            boolean done = t != null && "TRANSLATED".equals(t.getString("status")) && t.getString("text") != null;
            return new Message(m.getLong("seq", 0L), m.getString("author"), m.getString("authorName"),
                    m.getString("text"),
                    instant(m.getString("at")), done ? t.getString("text") : null,
                    t == null ? null : t.getString("language"), t != null && "PENDING".equals(t.getString("status")));
        }
    }

    /**
     * One other region on the list page: its policy for this region, its teams now and its conversations, or why it
     * did not answer.
     */
    public record Region(String name, String access, List<Team> teams, List<RegionConversation> conversations,
            String problem) {
    }

    /** A team of another region now: open or closed, agents online, conversations waiting. */
    public record Team(String name, boolean open, int online, int waiting) {
    }

    private final RemoteRegions remote;
    private final Templates templates;

    public RegionPages(RemoteRegions remote, Templates templates) {
        this.remote = remote;
        this.templates = templates;
    }

    public void addRoutes(Router router) {
        router.get("/console/regions").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ)).handler(this::list);
        router.get("/console/regions/:region/conversations/:id").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ))
                .handler(this::conversation);
        router.post("/console/regions/:region/conversations/:id/reply").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY))
                .handler(this::reply);
        router.post("/console/regions/:region/conversations/:id/take").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY))
                .handler(this::take);
    }

    private void list(RoutingContext ctx) {
        SignedInAgent agent = ConsoleSecurity.agent(ctx);
        List<Future<Region>> asked = new ArrayList<>();
        for (String region : remote.otherRegions()) {
            asked.add(remote.conversations(region, agent).map(answer -> new Region(region, answer.getString("access"),
                    answer.getJsonArray("teams", new io.vertx.core.json.JsonArray()).stream()
                            .map(JsonObject.class::cast).map(t -> new Team(t.getString("name"),
                                    t.getBoolean("open", false), t.getInteger("online", 0), t.getInteger("waiting", 0)))
                            .toList(),
                    answer.getJsonArray("conversations").stream().map(JsonObject.class::cast)
                            .map(c -> conversation(region, c)).toList(), null))
                    .otherwise(e -> new Region(region, null, List.of(), List.of(), problem(e))));
        }
        Future.join(asked).onComplete(ar -> {
            Map<String, Object> model = model(ctx, agent, "Other regions");
            model.put("region", remote.region());
            model.put("regions", asked.stream().map(Future::result).toList());
            render(ctx, 200, "console/regions", model);
        });
    }

    private void conversation(RoutingContext ctx) {
        show(ctx, null, 200, "", UUID.randomUUID().toString());
    }

    /**
     * The conversation as its region lets this one see it; after a reply that failed, with the reason and the reply
     * kept in the box under the same client message id, so sending it again cannot store it twice.
     */
    private void show(RoutingContext ctx, String error, int status, String draft, String clientMessageId) {
        SignedInAgent agent = ConsoleSecurity.agent(ctx);
        String region = ctx.pathParam("region");
        String consoleLanguage = ConsoleLocales.messages(ctx, agent.id()).lang();
        remote.messages(region, agent, ctx.pathParam("id"), 0, HomeRegionReads.MAX_MESSAGES, null, consoleLanguage)
                .onComplete(ar -> drawn(ctx, agent, region, ar, error, status, draft, clientMessageId));
    }

    private void drawn(RoutingContext ctx, SignedInAgent agent, String region, AsyncResult<JsonObject> ar,
            String error, int answered, String draft, String clientMessageId) {
        if (ar.failed()) {
            int status = ar.cause() instanceof RemoteRegions.Refused r ? r.status() : 500;
            Map<String, Object> model = model(ctx, agent, "Other regions");
            model.put("region", region);
            model.put("problem", problem(ar.cause()));
            render(ctx, status, "console/region-unavailable", model);
            return;
        }
        JsonObject answer = ar.result();
        Map<String, Object> model = model(ctx, agent, "Other regions");
        model.put("region", region);
        model.put("access", answer.getString("access"));
        model.put("conversation", conversation(region, answer.getJsonObject("conversation")));
        List<Message> messages = answer.getJsonArray("messages").stream().map(JsonObject.class::cast)
                .map(Message::of).toList();
        model.put("messages", messages);
        model.put("lastSeq", messages.stream().mapToLong(Message::seq).max().orElse(0));
        model.put("language", answer.getString("language", ""));
        model.put("error", error);
        model.put("draft", draft);
        model.put("clientMessageId", clientMessageId);
        render(ctx, answered, "console/region-conversation", model);
    }

    private void reply(RoutingContext ctx) {
        SignedInAgent agent = ConsoleSecurity.agent(ctx);
        String region = ctx.pathParam("region");
        String id = ctx.pathParam("id");
        String text = ctx.request().getFormAttribute("text");
        String clientMessageId = ctx.request().getFormAttribute("clientMessageId");
        String sameId = clientMessageId == null || clientMessageId.isBlank() ? UUID.randomUUID().toString()
                : clientMessageId;
        if (text == null || text.isBlank()) {
            show(ctx, "empty", 400, "", sameId);
            return;
        }
        remote.reply(region, agent, id, sameId, text).onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.redirect("/console/regions/" + region + "/conversations/" + id);
                return;
            }
            int status = ar.cause() instanceof RemoteRegions.Refused r ? r.status() : 503;
            show(ctx, switch (status) {
                case 403 -> "denied";
                case 409 -> "closed";
                case 400 -> "invalid";
                default -> "unavailable";
            }, status, text, sameId);
        });
    }

    /** Takes the conversation (it leaves its region's queue), then shows it; or says why not. */
    private void take(RoutingContext ctx) {
        String region = ctx.pathParam("region");
        String id = ctx.pathParam("id");
        remote.take(region, ConsoleSecurity.agent(ctx), id).onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.redirect("/console/regions/" + region + "/conversations/" + id);
                return;
            }
            int status = ar.cause() instanceof RemoteRegions.Refused r ? r.status() : 503;
            show(ctx, status == 409 ? "taken" : status == 403 ? "denied" : "unavailable", status, "",
                    UUID.randomUUID().toString());
        });
    }

    /** Why another region did not answer, as a console text key. */
    static String problem(Throwable e) {
        if (e instanceof RemoteRegions.Refused r) {
            return switch (r.status()) {
                case 404 -> "unknown-region".equals(r.type()) ? "regions.problem.unknown" : "regions.problem.not-found";
                case 400 -> "own-region".equals(r.type()) ? "regions.problem.own" : "regions.problem.invalid";
                default -> "regions.problem.unavailable";
            };
        }
        return "regions.problem.unavailable";
    }

    private static Map<String, Object> model(RoutingContext ctx, SignedInAgent agent, String title) {
        Map<String, Object> model = new HashMap<>();
        model.put("title", title);
        model.put("agent", agent);
        model.put("csrf", ConsoleSecurity.csrfToken(ctx));
        model.put("t", ConsoleLocales.messages(ctx, agent.id()));
        return model;
    }

    private void render(RoutingContext ctx, int status, String template, Map<String, Object> model) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
                .end(templates.render(template, model));
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
