package io.meridian.routing;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The conversations waiting in each team's queue, kept per language in queue order (highest priority, then oldest),
 * so that the best conversation an agent can take is found without scanning every waiting one. A conversation only
 * an agent speaking its language may take is filed under that language; the others under "" (anyone in the team).
 * Not thread-safe: {@link RoutingEngine} guards it with its lock.
 */
final class TeamQueues {

    private static final String ANY_LANGUAGE = "";

    private final Map<String, Map<String, TreeSet<QueuedConversation>>> byTeam = new HashMap<>();
    private final Map<String, QueuedConversation> byConversation = new HashMap<>();

    /** Puts a conversation in (or back in) its team's queue. */
    void add(QueuedConversation q) {
        remove(q.conversationId());
        String key = q.strictLanguage() && q.language() != null ? q.language() : ANY_LANGUAGE;
        byTeam.computeIfAbsent(q.teamId(), k -> new HashMap<>())
                .computeIfAbsent(key, k -> new TreeSet<>(QueuedConversation.ORDER)).add(q);
        byConversation.put(q.conversationId(), q);
    }

    /** Takes a conversation out of its queue. */
    Optional<QueuedConversation> remove(String conversationId) {
        QueuedConversation q = byConversation.remove(conversationId);
        if (q != null) {
            Map<String, TreeSet<QueuedConversation>> byLanguage = byTeam.get(q.teamId());
            if (byLanguage != null) {
                byLanguage.values().forEach(set -> set.remove(q));
            }
        }
        return Optional.ofNullable(q);
    }

    Optional<QueuedConversation> get(String conversationId) {
        return Optional.ofNullable(byConversation.get(conversationId));
    }

    int size() {
        return byConversation.size();
    }

    /** Every waiting conversation, in no particular order. */
    List<QueuedConversation> all() {
        return List.copyOf(byConversation.values());
    }

    /** One team's waiting conversations in queue order. */
    TreeSet<QueuedConversation> ofTeam(String teamId) {
        TreeSet<QueuedConversation> all = new TreeSet<>(QueuedConversation.ORDER);
        byTeam.getOrDefault(teamId, Map.of()).values().forEach(all::addAll);
        return all;
    }

    /**
     * The first conversation in queue order, over {@code teamIds}, among those filed under one of {@code languages}
     * or under any language, that {@code fits} accepts; null if none.
     */
    QueuedConversation best(List<String> teamIds, Collection<String> languages, Predicate<QueuedConversation> fits) {
        QueuedConversation best = null;
        for (String teamId : teamIds) {
            Map<String, TreeSet<QueuedConversation>> byLanguage = byTeam.get(teamId);
            if (byLanguage == null) {
                continue;
            }
            for (String key : keys(languages)) {
                TreeSet<QueuedConversation> set = byLanguage.get(key);
                if (set == null) {
                    continue;
                }
                for (QueuedConversation c : set) {
                    if (best != null && QueuedConversation.ORDER.compare(c, best) >= 0) {
                        break;
                    }
                    if (fits.test(c)) {
                        best = c;
                        break;
                    }
                }
            }
        }
        return best;
    }

    private static List<String> keys(Collection<String> languages) {
        List<String> keys = new java.util.ArrayList<>(languages);
        keys.add(ANY_LANGUAGE);
        return keys;
    }
}
