package io.meridian.language;

/**
 * Tells which language a customer wrote in. Routing, translation and analytics ask this one interface, so the
 * detection engine can change without touching them. Implementations are thread-safe and may take a few
 * milliseconds: call them off the event loop.
 */
public interface LanguageDetector {

    /**
     * The language of {@code text}. A text that is clear about its language decides, whatever the hints say. When the
     * text alone is too short to judge, the answer falls back to the contact's known language, then the browser's
     * first language. When it is mixed or uncertain, it falls back to them only if they name a language the text
     * leaves possible (a hint never contradicts the text); otherwise the text's best guess stands (source
     * {@code TEXT}, low confidence). {@link DetectedLanguage#source()} says which. A text too short to judge, with no
     * usable hint, gives no answer.
     *
     * @param text  what the customer wrote; may be null or empty
     * @param hints what is known beforehand; may be null
     * @return the detected language; {@link DetectedLanguage#unknown()} when neither the text nor the hints tell
     */
    DetectedLanguage detect(String text, LanguageHints hints);
}
