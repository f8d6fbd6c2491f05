package io.meridian.spi.translation;

/**
 * A term with a fixed translation, or one that must not be translated at all (a product or brand name).
 * Immutable.
 *
 * @param source the term in the source language, not blank
 * @param target its translation; for a {@code doNotTranslate} term this is {@code source} itself (a {@code null}
 *        target is replaced by it)
 * @param doNotTranslate whether the term must appear unchanged in the translation
 */
public record GlossaryTerm(String source, String target, boolean doNotTranslate) {

    /** Validates. */
    public GlossaryTerm {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("GlossaryTerm source must not be blank");
        }
        if (doNotTranslate) {
            if (target != null && !target.equals(source)) {
                throw new IllegalArgumentException("GlossaryTerm '" + source
                        + "' is marked do-not-translate but has a different target '" + target + "'");
            }
            target = source;
        } else if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("GlossaryTerm '" + source + "' needs a target (or doNotTranslate)");
        }
    }

    /** @return a term that must stay as it is, e.g. a product name */
    public static GlossaryTerm keep(String term) {
        return new GlossaryTerm(term, term, true);
    }

    /** @return a term with a fixed translation */
    public static GlossaryTerm translate(String source, String target) {
        return new GlossaryTerm(source, target, false);
    }
}
