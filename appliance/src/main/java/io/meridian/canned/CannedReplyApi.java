package io.meridian.canned;

import io.meridian.console.ConsoleLocales;
import io.meridian.conversation.Author;
import io.meridian.conversation.ConversationFacts;
import io.meridian.conversation.ConversationService;
import io.meridian.conversation.ConversationSummary;
import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Permission;
import io.meridian.security.SignedInAgent;
import io.meridian.web.JsonBodies;
import io.meridian.web.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code /api/v1/canned-replies} to keep canned replies, and {@code /api/v1/conversations/{id}/canned-replies} for the
 * reply box: the agent's replies matching what they typed after "/", each in the customer's language where written.
 */
public final class CannedReplyApi {

    static final String PATH = "/api/v1/canned-replies";
    /** How many suggestions the reply box shows. */
    private static final int SUGGESTIONS = 8;
    /** How many of a conversation's newest messages are looked through for the customer's order number. */
    static final int ORDER_LOOKBACK = 50;

    private final CannedReplies replies;
    private final ConversationService conversations;
    private final Function<String, Optional<String>> readingLanguage;

    /** {@code readingLanguage}: an agent's own reading language, if they chose one. */
    public CannedReplyApi(CannedReplies replies, ConversationService conversations,
            Function<String, Optional<String>> readingLanguage) {
        this.replies = replies;
        this.conversations = conversations;
        this.readingLanguage = readingLanguage;
    }

    public void addRoutes(Router router) {
        router.get(PATH).handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ)).handler(this::list);
        router.put(PATH + "/:id").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY)).handler(this::save);
        router.delete(PATH + "/:id").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY)).handler(this::delete);
        router.get("/api/v1/conversations/:id/canned-replies").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ))
                .handler(this::forConversation);
    }

    private void list(RoutingContext ctx) {
        answer(ctx, replies.usableBy(ConsoleSecurity.agent(ctx)).map(all -> {
            JsonArray out = new JsonArray();
            all.forEach(r -> out.add(json(r)));
            return new JsonObject().put("cannedReplies", out);
        }), 200);
    }

    private void save(RoutingContext ctx) {
        JsonObject body = JsonBodies.read(ctx);
        if (body == null) {
            return;
        }
        Map<String, String> texts = new LinkedHashMap<>();
        if (body.getValue("texts") instanceof JsonObject t) {
            for (String language : t.fieldNames()) {
                if (!(t.getValue(language) instanceof String text)) {
                    Problem.send(ctx, 400, "invalid-field", "texts." + language + " must be a string");
                    return;
                }
                texts.put(language, text);
            }
        }
        CannedReplies.Draft draft = new CannedReplies.Draft(ctx.pathParam("id"), string(body, "shortcut"),
                string(body, "title"), string(body, "scope"), string(body, "teamId"), texts);
        answer(ctx, replies.save(ConsoleSecurity.agent(ctx), draft).map(CannedReplyApi::json), 200);
    }

    private void delete(RoutingContext ctx) {
        replies.delete(ConsoleSecurity.agent(ctx), ctx.pathParam("id")).onComplete(ar -> {
            if (ar.succeeded() && ar.result()) {
                ctx.response().setStatusCode(204).end();
            } else if (ar.succeeded()) {
                Problem.send(ctx, 404, "not-found", "no canned reply " + ctx.pathParam("id"));
            } else {
                failure(ctx, ar.cause());
            }
        });
    }

    /** The suggestions for the reply box of one conversation, each text ready to insert. */
    private void forConversation(RoutingContext ctx) {
        SignedInAgent agent = ConsoleSecurity.agent(ctx);
        String id = ctx.pathParam("id");
        String query = ctx.queryParams().get("q");
        String agentLanguage = readingLanguage.apply(agent.id())
                .orElse(ConsoleLocales.messages(ctx, agent.id()).lang());
        answer(ctx, conversations.conversation(id).compose(found -> found.isEmpty()
                ? Future.failedFuture(new NoSuchElementException("no conversation " + id))
                : Future.all(conversations.facts(id), replies.usableBy(agent)).compose(both -> {
                    List<CannedReply> shown = CannedReplies.matching(both.<List<CannedReply>>resultAt(1), query)
                            .stream().limit(SUGGESTIONS).toList();
                    // The messages are read for the order number only when a suggestion asks for it.
                    boolean wantsOrder = shown.stream().anyMatch(r -> r.texts().values().stream()
                            .anyMatch(t -> t.contains("{{order.number}}")));
                    return (wantsOrder ? orderNumber(found.get()) : Future.<String>succeededFuture(null))
                            .map(order -> suggestions(both.resultAt(0), shown, agent, agentLanguage,
                                    found.get().contactName(), order));
                })), 200);
    }

    /** Each suggestion with its text in the customer's language where it has one, the variables filled. */
    private static JsonObject suggestions(Optional<ConversationFacts> facts, List<CannedReply> shown,
            SignedInAgent agent, String agentLanguage, String customerName, String order) {
        Map<String, String> variables = Map.of("customer.name",
                Optional.ofNullable(customerName).orElse(""), "agent.name", agent.displayName(),
                "order.number", order == null ? "" : order);
        String customer = facts.map(f -> f.language()).orElse(null);
        JsonArray out = new JsonArray();
        shown.forEach(r -> {
            CannedReplies.Chosen chosen = CannedReplies.choose(r, customer, agentLanguage, variables);
            out.add(new JsonObject().put("id", r.id()).put("shortcut", r.shortcut()).put("title", r.title())
                    .put("language", chosen.language()).put("text", chosen.text())
                    .put("customersLanguage", chosen.customersLanguage()));
        });
        return new JsonObject().put("customerLanguage", customer).put("suggestions", out);
    }

    /**
     * The order number the customer gave last, from their newest {@value #ORDER_LOOKBACK} messages; null if none, or
     * if they cannot be read now (the suggestions come without it rather than not at all).
     */
    private Future<String> orderNumber(ConversationSummary conversation) {
        long after = Math.max(0, conversation.messageCount() - ORDER_LOOKBACK);
        return conversations.messages(conversation.id(), after, ORDER_LOOKBACK).map(messages -> {
            List<String> newestFirst = new ArrayList<>();
            for (int i = messages.size() - 1; i >= 0; i--) {
                if (messages.get(i).author() == Author.VISITOR) {
                    newestFirst.add(messages.get(i).text());
                }
            }
            return OrderNumbers.latest(newestFirst);
        }).otherwise((String) null);
    }

    static JsonObject json(CannedReply r) {
        return new JsonObject().put("id", r.id()).put("shortcut", r.shortcut()).put("title", r.title())
                .put("scope", r.scope()).put("teamId", r.teamId()).put("texts", new JsonObject(new LinkedHashMap<>(
                        r.texts()))).put("updatedAt", r.updatedAt().toString());
    }

    private static String string(JsonObject body, String field) {
        return body.getValue(field) instanceof String s ? s : null;
    }

    private static void answer(RoutingContext ctx, Future<JsonObject> result, int status) {
        result.onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                        .end(ar.result().encode());
            } else {
                failure(ctx, ar.cause());
            }
        });
    }

    private static void failure(RoutingContext ctx, Throwable e) {
        if (e instanceof NoSuchElementException) {
            Problem.send(ctx, 404, "not-found", e.getMessage());
        } else if (e instanceof IllegalArgumentException) {
            Problem.send(ctx, 400, "invalid-field", e.getMessage());
        } else if (e instanceof SecurityException) {
            Problem.send(ctx, 403, "forbidden", e.getMessage());
        } else {
            ctx.fail(e); // the node's fault: logged once, with the id the problem document carries
        }
    }
}
