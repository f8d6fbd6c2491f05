package io.meridian.translation;

import io.meridian.bus.BusEvent;

/**
 * A message's translation was stored ({@code status}: a {@link Translation.Outcome} name), on
 * {@link ConversationTranslator#STORED_ADDRESS}. Ids and status only.
 */
public record TranslationStored(String messageId, String conversationId, String status) implements BusEvent {
}
