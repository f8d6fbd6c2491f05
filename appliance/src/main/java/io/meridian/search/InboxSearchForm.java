package io.meridian.search;

import io.meridian.inbox.InboxSearch;
import io.meridian.security.SignedInAgent;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The inbox's search form, answered by {@link ConversationSearch}; its drop-downs list what the index holds. */
public final class InboxSearchForm implements InboxSearch {

    private final ConversationSearch search;
    private final Supplier<List<Map.Entry<String, String>>> teamNames;
    private final Supplier<Future<List<SignedInAgent>>> agents;

    /** {@code teamNames}: routing's teams (id, name); {@code agents}: the accounts, for the agents' names. */
    public InboxSearchForm(ConversationSearch search, Supplier<List<Map.Entry<String, String>>> teamNames,
            Supplier<Future<List<SignedInAgent>>> agents) {
        this.search = search;
        this.teamNames = teamNames;
        this.agents = agents;
    }

    @Override
    public Future<Found> find(SignedInAgent agent, MultiMap params, ZoneId zone, int limit) {
        ConversationQuery query;
        try {
            query = SearchParameters.parse(params, zone);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        return search.find(query, Math.min(limit, ConversationSearch.MAX_LIMIT))
                .map(results -> new Found(results.conversations(), results.total()));
    }

    @Override
    public Future<List<Filter>> filters(String language) {
        Locale reader = Locale.forLanguageTag(language);
        return search.filterValues().compose(values -> agents.get().map(accounts -> {
            Map<String, String> agentNames = accounts.stream()
                    .collect(Collectors.toMap(SignedInAgent::id, SignedInAgent::displayName, (a, b) -> a));
            List<Filter> out = new ArrayList<>();
            out.add(new Filter("status", "search.status", List.of(new Option("open", "status.open", false),
                    new Option("closed", "status.closed", false))));
            out.add(new Filter("team", "search.team", teamNames.get().stream()
                    .map(t -> new Option(t.getKey(), t.getValue(), true)).toList()));
            out.add(new Filter("channel", "search.channel", values.getOrDefault("channel", List.of()).stream()
                    .map(c -> new Option(c, "channel." + c, false)).toList()));
            out.add(new Filter("language", "search.language", values.getOrDefault("language", List.of()).stream()
                    .map(l -> new Option(l, Locale.forLanguageTag(l).getDisplayName(reader), true)).toList()));
            out.add(new Filter("region", "search.region", values.getOrDefault("region", List.of()).stream()
                    .map(r -> new Option(r, r, true)).toList()));
            out.add(new Filter("agent", "search.agent", values.getOrDefault("agent", List.of()).stream()
                    .map(a -> new Option(a, agentNames.getOrDefault(a, a), true)).toList()));
            return out;
        }));
    }
}
