package io.meridian.language;

import io.meridian.conversation.LanguageTags;
/**
 * A language decision and how it was reached.
 *
 * @param language   an ISO 639-1 code such as {@code es}, or {@code zh-CN} / {@code zh-TW} for Chinese, where the
 *                   script matters (see {@link LanguageTags}); empty when unknown
 * @param confidence from 0 (a guess) to 1 (certain). From the text: how far ahead the language is of the next most
 *                   likely one. From a hint: a fixed value (0.5 for the contact's language, 0.3 for the browser's)
 * @param source     what the decision rests on
 */
public record DetectedLanguage(String language, double confidence, Source source) {

    /**
     * Where a language decision came from: the message's own text, the contact's known language, the browser's first
     * language, or nothing at all.
     */
    public enum Source { TEXT, CONTACT, BROWSER, NONE }

    public DetectedLanguage {
        if (confidence < 0 || confidence > 1 || Double.isNaN(confidence)) {
            throw new IllegalArgumentException("confidence must be within 0..1: " + confidence);
        }
        language = language == null ? "" : language;
    }

    public static DetectedLanguage unknown() {
        return new DetectedLanguage("", 0, Source.NONE);
    }

    public boolean isKnown() {
        return !language.isEmpty();
    }
}
