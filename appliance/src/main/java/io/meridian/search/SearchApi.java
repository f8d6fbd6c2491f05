package io.meridian.search;

import io.meridian.console.ConsoleLocales;
import io.meridian.conversation.ChatHub;
import io.meridian.conversation.ConversationSummary;
import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Permission;
import io.meridian.security.ReadScope;
import io.meridian.web.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.ZoneId;
import java.util.List;

/** {@code GET /api/v1/search}: conversations by words, e-mail address and filters (docs/api.md). Agents only. */
public final class SearchApi {

    private final ConversationSearch search;

    public SearchApi(ConversationSearch search) {
        this.search = search;
    }

    public void addRoutes(Router router) {
        router.get("/api/v1/search").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ)).handler(this::find);
        router.get("/api/v1/search/filters").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ)).handler(this::filters);
    }

    private void find(RoutingContext ctx) {
        ConversationQuery query;
        int limit;
        try {
            query = SearchParameters.parse(ctx.queryParams(), zone(ctx));
            limit = limit(ctx.queryParams().get("limit"));
        } catch (IllegalArgumentException e) {
            Problem.send(ctx, 400, "invalid-parameter", e.getMessage());
            return;
        }
        if (query.text().isEmpty() && !query.filtered()) {
            Problem.send(ctx, 400, "invalid-parameter", "give q or at least one filter");
            return;
        }
        search.find(query, limit).compose(result -> ConsoleSecurity.readable(ctx, result.conversations(),
                ReadScope.Kind.CONVERSATION, ConversationSummary::id).map(readable -> readable.size()
                        < result.conversations().size() ? new Scoped(readable, readable.size())
                        : new Scoped(readable, result.total()))).onComplete(ar -> {
            if (ar.failed() && ar.cause() instanceof ConversationSearch.Unavailable) {
                ctx.response().putHeader("Retry-After", "5");
                Problem.send(ctx, 503, "search-unavailable", "search is not ready yet; retry in a few seconds");
                return;
            }
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            JsonArray items = new JsonArray();
            ar.result().conversations().forEach(c -> items.add(ChatHub.toJson(c)));
            json(ctx, new JsonObject().put("total", ar.result().total()).put("conversations", items));
        });
    }

    /** What the account may read of the results; a scoped role counts only that, not what lies beyond its scope. */
    private record Scoped(List<ConversationSummary> conversations, int total) {
    }

    private void filters(RoutingContext ctx) {
        search.filterValues().onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            JsonObject body = new JsonObject();
            ar.result().forEach((field, values) -> body.put(field, new JsonArray(values)));
            json(ctx, body);
        });
    }

    private static ZoneId zone(RoutingContext ctx) {
        return ZoneId.of(ConsoleLocales.messages(ctx, ConsoleSecurity.agent(ctx).id()).zone());
    }

    static int limit(String raw) {
        if (raw == null || raw.isBlank()) {
            return 50;
        }
        try {
            int v = Integer.parseInt(raw.strip());
            if (v >= 1 && v <= ConversationSearch.MAX_LIMIT) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new IllegalArgumentException("limit must be an integer from 1 to " + ConversationSearch.MAX_LIMIT);
    }

    private static void json(RoutingContext ctx, JsonObject body) {
        ctx.response().putHeader("Content-Type", "application/json")
                .end(ConsoleSecurity.forReader(ctx, body, null).encode());
    }
}
