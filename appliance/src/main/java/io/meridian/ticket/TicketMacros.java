package io.meridian.ticket;

import io.meridian.canned.CannedReplies;
import io.meridian.canned.CannedReply;
import io.meridian.conversation.ChatHub;
import io.meridian.conversation.ConversationStatus;
import io.meridian.conversation.ConversationSummary;
import io.meridian.security.SignedInAgent;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The macros of {@code conf/ticket-macros.yaml} and applying one: the ticket's fields change as one change (its
 * rules and history as any), then the canned reply it names goes to the customer in the ticket's newest open
 * conversation, as the agent's reply (translated on the way where the reply has no text in the customer's language).
 */
public final class TicketMacros {

    private static final Set<String> KEYS = Set.of("key", "label", "set", "reply");
    private static final Set<String> SET_KEYS = Set.of("status", "priority", "type", "assigneeId", "teamId", "fields");

    /** What applying did: the ticket after, and the reply's conversation (null: no reply was sent). */
    public record Applied(Ticket ticket, String repliedIn) {
    }

    private final List<TicketMacro> macros;

    public TicketMacros(List<TicketMacro> macros) {
        this.macros = List.copyOf(macros);
    }

    public List<TicketMacro> all() {
        return macros;
    }

    /**
     * Applies {@code key} to the ticket for {@code agent}, who reads {@code agentLanguage}. Fails as
     * {@link Tickets#change} does, and with {@link NoSuchElementException} for an unknown macro, or a reply that is
     * not a canned reply the agent may use.
     */
    public Future<Applied> apply(Tickets tickets, CannedReplies canned, ChatHub hub, SignedInAgent agent,
            String number, String key, String agentLanguage) {
        Optional<TicketMacro> macro = macros.stream().filter(m -> m.key().equals(key)).findFirst();
        if (macro.isEmpty()) {
            return Future.failedFuture(new NoSuchElementException("no macro '" + key + "'"));
        }
        TicketMacro m = macro.get();
        // The reply is found first: a macro that cannot answer changes nothing.
        Future<Optional<CannedReply>> reply = m.replyShortcut() == null ? Future.succeededFuture(Optional.empty())
                : canned.usableBy(agent).compose(usable -> {
                    Optional<CannedReply> found = usable.stream()
                            .filter(r -> r.shortcut().equals(m.replyShortcut())).findFirst();
                    return found.isPresent() ? Future.succeededFuture(found)
                            : Future.failedFuture(new NoSuchElementException("macro '" + m.key() + "' answers with "
                                    + "canned reply '" + m.replyShortcut() + "', which is not one of yours or shared"));
                });
        return reply.compose(answer -> (m.set().isEmpty() ? tickets.ticket(number).compose(found -> found.isPresent()
                ? Future.succeededFuture(found.get()) : Future.failedFuture(new NoSuchElementException("no ticket "
                        + number))) : tickets.change(agent, number, m.set()))
                .compose(ticket -> answer.isEmpty() ? Future.succeededFuture(new Applied(ticket, null))
                        : reply(hub, agent, ticket, answer.get(), agentLanguage)));
    }

    private static Future<Applied> reply(ChatHub hub, SignedInAgent agent, Ticket ticket, CannedReply reply,
            String agentLanguage) {
        return hub.conversations().conversations(ticket.conversationIds()).compose(summaries -> {
            Optional<ConversationSummary> open = summaries.stream()
                    .filter(s -> s.status() == ConversationStatus.OPEN)
                    .max(Comparator.comparing(ConversationSummary::lastMessageAt,
                            Comparator.nullsFirst(Comparator.naturalOrder())));
            if (open.isEmpty()) {
                return Future.succeededFuture(new Applied(ticket, null));
            }
            ConversationSummary conversation = open.get();
            return hub.conversations().facts(conversation.id()).compose(facts -> {
                Map<String, String> variables = new LinkedHashMap<>();
                variables.put("customer.name", conversation.contactName());
                variables.put("agent.name", agent.displayName());
                variables.put("ticket.number", ticket.number());
                // The customer's detected language, else their browser's (detection may still be running).
                String language = facts.map(f -> f.language() != null ? f.language() : f.locale()).orElse(null);
                String text = CannedReplies.choose(reply, language, agentLanguage, variables).text();
                return hub.agentSays(conversation.id(), agent.id(), agent.displayName(), "macro-" + UUID.randomUUID(),
                        text).map(appended -> new Applied(ticket, conversation.id()));
            });
        });
    }

    /** Reads {@code file}; a missing file means none. Blocking. Fails naming the file, the macro and the key. */
    public static TicketMacros read(Path file) {
        List<?> items = AdminFile.list(file, AdminFile.top(file, Set.of("macros")), "macros", 200);
        List<TicketMacro> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(macro(file + ", macro " + (i + 1), file, items.get(i)));
        }
        return new TicketMacros(out);
    }

    private static TicketMacro macro(String where, Path file, Object item) {
        if (!(item instanceof Map<?, ?> map) || !(map.get("key") instanceof String key)
                || !key.matches("[a-z0-9][a-z0-9_-]{0,39}")) {
            throw new IllegalArgumentException(where + ", key 'key': expected 1-40 of a-z 0-9 _ -");
        }
        String at = file + ", macro '" + key + "'";
        for (Object k : map.keySet()) {
            if (!KEYS.contains(String.valueOf(k))) {
                throw new IllegalArgumentException(at + ", key '" + k + "': unknown; known keys are key, label, set, "
                        + "reply");
            }
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (map.get("label") instanceof String text && !text.isBlank()) {
            labels.put("en", text);
        } else if (map.get("label") instanceof Map<?, ?> per && !per.isEmpty()) {
            per.forEach((language, text) -> labels.put(String.valueOf(language).replace('_', '-'),
                    String.valueOf(text)));
        } else {
            throw new IllegalArgumentException(at + ", key 'label': expected a label, or one per language");
        }
        TicketChange set = new TicketChange(null, null, null, null, null, null);
        if (map.get("set") != null) {
            if (!(map.get("set") instanceof Map<?, ?> given)
                    || !given.keySet().stream().allMatch(k -> SET_KEYS.contains(String.valueOf(k)))) {
                throw new IllegalArgumentException(at + ", key 'set': expected any of " + String.join(", ",
                        SET_KEYS.stream().sorted().toList()));
            }
            Map<String, String> fields = null;
            if (given.get("fields") instanceof Map<?, ?> f) {
                fields = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : f.entrySet()) {
                    fields.put(String.valueOf(e.getKey()), e.getValue() == null ? "" : String.valueOf(e.getValue()));
                }
            }
            set = new TicketChange(null, text(given, "status"), text(given, "priority"), text(given, "type"),
                    text(given, "assigneeId"), text(given, "teamId"), fields);
            try {
                if (set.status() != null) {
                    TicketStatus.parse(set.status());
                }
                if (set.priority() != null) {
                    TicketPriority.parse(set.priority());
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + ", key 'set': " + e.getMessage(), e);
            }
        }
        String reply = map.get("reply") == null ? null : String.valueOf(map.get("reply"));
        if (set.isEmpty() && reply == null) {
            throw new IllegalArgumentException(at + ": a macro sets fields, replies, or both");
        }
        return new TicketMacro(key, labels, set, reply);
    }

    private static String text(Map<?, ?> map, String key) {
        return map.get(key) == null ? null : String.valueOf(map.get(key));
    }
}
