package io.meridian.conversation;

import java.util.Optional;

/**
 * A committed message with the language detected on it, once, by the pipeline's language stage: empty for messages
 * the stage does not detect (an agent's or Meridian's own) and for those it could not.
 */
public record LanguagedMessage(CommittedMessage committed, Optional<MessageLanguage> language) {

    public ChatMessage message() {
        return committed.message();
    }

    /** The detected language tag, if one was detected. */
    public Optional<String> languageTag() {
        return language.map(MessageLanguage::language);
    }
}
