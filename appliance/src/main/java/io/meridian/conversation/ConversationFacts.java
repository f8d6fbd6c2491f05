package io.meridian.conversation;

import java.util.List;

/**
 * What routing needs to know about a conversation and its contact, none of it sealed: the channel, and the contact's
 * locale, time zone, country, detected language and browser languages (each may be null or empty when unknown);
 * {@code lastCustomerMessageAutomatic}: the customer's latest message was written by a machine (an auto-reply or a
 * bounce), as stored with the message, so nothing answers it automatically however late routing runs.
 */
public record ConversationFacts(String conversationId, String contactId, String channel, ConversationStatus status,
        String locale, String timeZone, String country, String language, List<String> browserLanguages,
        boolean lastCustomerMessageAutomatic) {

    public ConversationFacts {
        browserLanguages = browserLanguages == null ? List.of() : List.copyOf(browserLanguages);
    }

    public ConversationFacts(String conversationId, String contactId, String channel, ConversationStatus status,
            String locale, String timeZone, String country, String language, List<String> browserLanguages) {
        this(conversationId, contactId, channel, status, locale, timeZone, country, language, browserLanguages, false);
    }
}
