package io.meridian.ticket;

import io.meridian.console.LocaleTemplates;
import io.meridian.console.TemplateFolders;
import io.meridian.conversation.ChatHub;
import io.meridian.conversation.ConversationStatus;
import io.meridian.conversation.ConversationSummary;
import io.vertx.core.Future;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the customer is told about their ticket, in their language: that it was created, with its number
 * ({@code ticket-created.vm}), and that it was solved ({@code ticket-solved.vm}). The notice is a message from
 * Meridian in the ticket's newest open conversation, so it reaches the customer the way that conversation does
 * (live in the widget, through the channel's outbox for e-mail and other channels); with no open conversation there is
 * nobody to tell.
 */
final class TicketNotices {

    private static final Logger LOG = LoggerFactory.getLogger(TicketNotices.class);
    /** Said when no template can be used at all. */
    private static final Map<String, String> FALLBACK = Map.of(
            "created", "Your request is ticket %s: %s\nPlease quote the number if you contact us again.",
            "solved", "Your ticket %s is solved: %s\nIf anything is still wrong, just reply and we will look again.");

    private final LocaleTemplates templates;
    private final ChatHub hub;

    TicketNotices(LocaleTemplates templates, ChatHub hub) {
        this.templates = templates;
        this.hub = hub;
    }

    /**
     * Tells the customer of {@code ticket} that it was {@code kind} ({@code created} or {@code solved}), once per
     * {@code occasion} (a resend of the same occasion stores nothing), in {@code language} if given, else the contact's
     * detected language, else the one detected on their latest message, else their browser's. Completes with whether a notice was stored; never fails.
     */
    Future<Boolean> tell(String kind, Ticket ticket, String occasion, String language) {
        return hub.conversations().conversations(ticket.conversationIds()).compose(summaries -> {
            Optional<ConversationSummary> open = summaries.stream()
                    .filter(s -> s.status() == ConversationStatus.OPEN)
                    .max(Comparator.comparing(ConversationSummary::lastMessageAt,
                            Comparator.nullsFirst(Comparator.naturalOrder())));
            if (open.isEmpty()) {
                return Future.succeededFuture(false);
            }
            String conversationId = open.get().id();
            // The contact's language is recorded by routing; where no team routes, the latest detected message's.
            return hub.conversations().facts(conversationId).compose(facts -> hub.conversations()
                    .lastCustomerLanguage(conversationId).compose(latest -> {
                String in = language != null ? language
                        : facts.map(f -> f.language()).or(() -> latest)
                                .orElse(facts.map(f -> f.locale()).orElse(null));
                String text = templates.render(TemplateFolders.candidates(in), "ticket-" + kind + ".vm",
                        Map.of("number", ticket.number(), "subject", ticket.subject()))
                        .map(LocaleTemplates.Rendered::text).filter(t -> !t.isBlank())
                        .orElse(String.format(FALLBACK.get(kind), ticket.number(), ticket.subject()));
                return hub.systemSays(conversationId, "ticket-" + kind + "-" + ticket.number() + "-" + occasion,
                        text, true).map(appended -> !appended.duplicate());
            }));
        }).otherwise(e -> {
            LOG.warn("Ticket {}: the customer could not be told it was {}: {}", ticket.number(), kind, e.toString());
            return false;
        });
    }
}
