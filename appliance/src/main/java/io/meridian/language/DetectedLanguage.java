package io.meridian.language;

/**
 * A language decision and how it was reached.
 *
 * @param language   an ISO 639-1 code such as {@code es} (or a BCP 47 tag such as {@code zh-TW} where the script
 *                   matters); empty when unknown
 * @param confidence from 0 (a guess) to 1 (certain); hints carry the confidence the caller gave them
 * @param source     what the decision rests on
 */
public record DetectedLanguage(String language, double confidence, Source source) {

    /** Where a language decision came from. */
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
