package io.meridian.search;

import io.meridian.conversation.ConversationService;
import io.meridian.conversation.ConversationSummary;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Finds conversations for agents (docs/workspace.md "Finding conversations"): words of the messages and the contact's
 * name through the search index, an e-mail address or a phone number exactly through the contacts' blind indexes
 * (with the conversations of contacts merged into the one found), a tag through routing's contact tags; filters on
 * the index. Results are
 * the inbox's summaries, most recent activity first.
 */
public final class ConversationSearch {

    /** Most conversations one search returns. */
    public static final int MAX_LIMIT = 200;

    private final SearchIndexer indexer;
    private final ConversationService conversations;
    private final Function<String, Future<List<String>>> contactsTagged;

    /** {@code contactsTagged}: the contacts carrying a tag (routing's). */
    public ConversationSearch(SearchIndexer indexer, ConversationService conversations,
            Function<String, Future<List<String>>> contactsTagged) {
        this.indexer = indexer;
        this.conversations = conversations;
        this.contactsTagged = contactsTagged;
    }

    /** The index is not open: the node is starting (or stopping). */
    public static final class Unavailable extends RuntimeException {
        Unavailable() {
            super("the search index is not open yet", null, false, false);
        }
    }

    /** A page of results and how many conversations match in all. */
    public record Results(List<ConversationSummary> conversations, int total) {
    }

    /** Up to {@code limit} conversations matching {@code query}. */
    Future<Results> find(ConversationQuery query, int limit) {
        ConversationIndex index = indexer.index();
        if (index == null) {
            return Future.failedFuture(new Unavailable());
        }
        if (ConversationService.looksLikePhone(query.text())) {
            // A phone number: the conversations of the contacts who have it, else the digits among the words.
            return conversationsOfAddresses(List.of(query.text())).compose(among -> among.isEmpty()
                    ? byWordsAndAddresses(index, query, limit)
                    : searched(index, query.withText(""), among, limit));
        }
        return byWordsAndAddresses(index, query, limit);
    }

    private Future<Results> byWordsAndAddresses(ConversationIndex index, ConversationQuery query, int limit) {
        List<String> words = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (String clause : query.clauses()) {
            (clause.indexOf('@') > 0 && !clause.contains(" ") ? addresses : words).add(clause);
        }
        ConversationQuery byWords = query.withText(String.join(" ", words.stream()
                .map(w -> w.contains(" ") ? "\"" + w + "\"" : w).toList()));
        return conversationsOfAddresses(addresses).compose(among -> searched(index, byWords, among, limit));
    }

    private Future<Results> searched(ConversationIndex index, ConversationQuery query, Set<String> among, int limit) {
        return taggedContacts(query.tag()).compose(contacts ->
                indexer.blocking(() -> index.search(query, contacts, among, limit)))
                .compose(found -> conversations.conversations(found.ids())
                        .map(summaries -> new Results(summaries, found.total())));
    }

    /** The conversations of the contacts with all these e-mail addresses (and those merged into them); null if none. */
    private Future<Set<String>> conversationsOfAddresses(List<String> addresses) {
        Future<Set<String>> among = Future.succeededFuture(null);
        for (String address : addresses) {
            among = among.compose(before -> conversations.findContacts(address).compose(contacts -> {
                Future<Set<String>> ids = Future.succeededFuture(new HashSet<>());
                for (var contact : contacts) {
                    ids = ids.compose(set -> conversations.conversationsOfContact(contact.contactId()).map(list -> {
                        list.forEach(c -> set.add(c.id()));
                        return set;
                    }));
                }
                return ids.map(found -> {
                    if (before != null) {
                        found.retainAll(before);
                    }
                    return found;
                });
            }));
        }
        return among;
    }

    private Future<Set<String>> taggedContacts(String tag) {
        return tag == null ? Future.succeededFuture(null) : contactsTagged.apply(tag).map(HashSet::new);
    }

    /**
     * The values each filter can take now, as the index holds them: {@code channel}, {@code language},
     * {@code region}, {@code team}, {@code agent} (ids), each sorted.
     */
    public Future<Map<String, List<String>>> filterValues() {
        ConversationIndex index = indexer.index();
        if (index == null) {
            return Future.succeededFuture(Map.of());
        }
        return indexer.blocking(() -> {
            Map<String, List<String>> out = new TreeMap<>();
            for (String field : List.of(ConversationIndex.CHANNEL, ConversationIndex.LANGUAGE,
                    ConversationIndex.REGION, ConversationIndex.TEAM, ConversationIndex.AGENT)) {
                out.put(field, List.copyOf(index.values(field)));
            }
            return out;
        });
    }
}
