package io.meridian.spi.translation;

import java.util.List;
import java.util.Objects;

/**
 * A text to translate, with its languages and the glossary that applies. Immutable: the glossary is copied.
 *
 * @param text the text, not {@code null} (may be empty: translate to empty)
 * @param sourceLanguage BCP 47 tag of the text's language (normalised, see {@link LanguagePair#normalizeTag})
 * @param targetLanguage BCP 47 tag to translate into, different from the source
 * @param glossary terms with a fixed translation or none, possibly empty
 */
public record TranslationRequest(String text, String sourceLanguage, String targetLanguage,
                                 List<GlossaryTerm> glossary) {

    /** Validates, normalises and copies. */
    public TranslationRequest {
        Objects.requireNonNull(text, "TranslationRequest text");
        LanguagePair pair = new LanguagePair(sourceLanguage, targetLanguage);
        sourceLanguage = pair.source();
        targetLanguage = pair.target();
        if (glossary == null) {
            glossary = List.of();
        } else {
            for (GlossaryTerm term : glossary) {
                Objects.requireNonNull(term, "TranslationRequest glossary must not contain null");
            }
            glossary = List.copyOf(glossary);
        }
    }

    /** @return a request without glossary */
    public static TranslationRequest of(String text, String sourceLanguage, String targetLanguage) {
        return new TranslationRequest(text, sourceLanguage, targetLanguage, List.of());
    }

    /** @return the direction of this request */
    public LanguagePair pair() {
        return new LanguagePair(sourceLanguage, targetLanguage);
    }

    /** Names the languages and the text's length, not the text (it is personal data). */
    @Override
    public String toString() {
        return "TranslationRequest[" + sourceLanguage + "->" + targetLanguage + ", " + text.length() + " chars, "
                + glossary.size() + " glossary terms]";
    }
}
