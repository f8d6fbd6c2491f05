package io.meridian.language;

/**
 * Tells which language a customer wrote in. Routing, translation and analytics ask this one interface, so the
 * detection engine can change without touching them. Implementations are thread-safe and may take a few
 * milliseconds: call them off the event loop.
 */
public interface LanguageDetector {

    /**
     * The language of {@code text}. When the text alone is too short, too mixed or too uncertain to be sure, the answer
     * falls back to the contact's known language, then the browser's first language, and says so in
     * {@link DetectedLanguage#source()}. With no usable hint, a mixed or uncertain text still gives its best guess
     * (source {@code TEXT}, low confidence); a text too short to judge gives none.
     *
     * @param text  what the customer wrote; may be null or empty
     * @param hints what is known beforehand; may be null
     * @return the detected language; {@link DetectedLanguage#unknown()} when neither the text nor the hints tell
     */
    DetectedLanguage detect(String text, LanguageHints hints);
}
