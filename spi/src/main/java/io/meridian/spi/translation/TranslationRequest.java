package io.meridian.spi.translation;

import java.util.List;
import java.util.Objects;

/**
 * A text to translate, with its languages, the glossary that applies and the spans of the text that must come through
 * as given. Immutable: the lists are copied.
 *
 * <p>An engine translates {@code text} but keeps each of {@link #protectedSpans()} out of its translator's reach and
 * puts the span's {@link ProtectedSpan#output() output} in its place: that is how order numbers, URLs, amounts and
 * glossary terms survive translation. The spans are found by the node, once ({@link ProtectedSpans#find}); an engine
 * never looks for them itself. An engine with its own glossary feature may also use {@link #glossary()}.
 *
 * @param text the text, not {@code null} (may be empty: translate to empty)
 * @param sourceLanguage BCP 47 tag of the text's language (normalised, see {@link LanguagePair#normalizeTag})
 * @param targetLanguage BCP 47 tag to translate into, different from the source
 * @param glossary terms with a fixed translation or none, possibly empty
 * @param protectedSpans non-overlapping spans of {@code text} in text order; {@code null} finds them from the text
 *        and glossary with {@link ProtectedSpans#find} (what the four-argument constructor does)
 * @since 1.2.0 for {@code protectedSpans}
 */
public record TranslationRequest(String text, String sourceLanguage, String targetLanguage,
                                 List<GlossaryTerm> glossary, List<ProtectedSpan> protectedSpans) {

    /** A request whose protected spans are found from its text and glossary. */
    public TranslationRequest(String text, String sourceLanguage, String targetLanguage, List<GlossaryTerm> glossary) {
        this(text, sourceLanguage, targetLanguage, glossary, null);
    }

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
        if (protectedSpans == null) {
            protectedSpans = ProtectedSpans.find(text, glossary);
        } else {
            protectedSpans = List.copyOf(protectedSpans);
            int after = 0;
            for (ProtectedSpan span : protectedSpans) {
                if (span.start() < after || span.end() > text.length()) {
                    throw new IllegalArgumentException("TranslationRequest protected spans must lie inside the text, "
                            + "in order and without overlap: " + span.start() + ".." + span.end());
                }
                after = span.end();
            }
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
                + glossary.size() + " glossary terms, " + protectedSpans.size() + " protected spans]";
    }
}
