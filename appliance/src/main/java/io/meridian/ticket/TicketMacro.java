package io.meridian.ticket;

import java.util.Map;

/**
 * A macro: one click that changes a ticket's fields ({@code set}) and, optionally, answers the customer with a shared
 * canned reply ({@code replyShortcut}), in the customer's language when the reply has a text in it. Labels per console
 * language.
 */
public record TicketMacro(String key, Map<String, String> labels, TicketChange set, String replyShortcut) {

    public TicketMacro {
        labels = Map.copyOf(labels);
    }

    public String label(String language) {
        return TicketField.in(labels, language, key);
    }
}
