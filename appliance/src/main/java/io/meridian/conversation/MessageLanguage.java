package io.meridian.conversation;

import java.util.Objects;

/**
 * The language detected on one customer message (docs/language.md): an ISO 639-1 code or zh-CN / zh-TW (null:
 * unknown), a confidence from 0 to 1, and what it rests on: TEXT, CONTACT, BROWSER or NONE.
 */
public record MessageLanguage(String messageId, String language, double confidence, String source) {

    public MessageLanguage {
        Objects.requireNonNull(messageId, "messageId");
        if (!(confidence >= 0 && confidence <= 1) || source == null
                || !source.matches("TEXT|CONTACT|BROWSER|NONE")) {
            throw new IllegalArgumentException("confidence must be 0..1 and source TEXT, CONTACT, BROWSER or NONE");
        }
        Arguments.checkLength(language, ConversationService.MAX_LOCALE_CHARS, "language");
        language = Arguments.blankToNull(language);
    }
}
