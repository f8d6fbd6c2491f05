package io.meridian.conversation;

import java.util.List;

/**
 * What routing and language detection need to know about a conversation and its contact, none of it sealed: the
 * channel, and the contact's locale, time zone, country, detected language and browser languages (each may be null or
 * empty when unknown), and whether the customer restricted the processing of their data (GDPR article 18: no queue
 * rule reads their words, nothing new is recorded about them). Two indexed look-ups.
 */
public record ConversationFacts(String conversationId, String contactId, String channel, ConversationStatus status,
        String locale, String timeZone, String country, String language, List<String> browserLanguages,
        boolean restricted) {

    public ConversationFacts {
        browserLanguages = browserLanguages == null ? List.of() : List.copyOf(browserLanguages);
    }
}
