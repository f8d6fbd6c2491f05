package io.meridian.conversation;

/**
 * What a conversation is found by: its inbox summary (the contact's name decrypted) and the contact's region and
 * language (each null when not known).
 */
public record ConversationProfile(ConversationSummary summary, String region, String language) {
}
