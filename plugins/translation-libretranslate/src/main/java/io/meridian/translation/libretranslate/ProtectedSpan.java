package io.meridian.translation.libretranslate;

/**
 * A stretch of the source text that must reach the translation as {@code output}: unchanged for a do-not-translate
 * term or a protected token, the approved translation for a glossary term.
 *
 * @param start first char in the source text
 * @param end one past the last char
 * @param output what the translation must contain in its place
 */
record ProtectedSpan(int start, int end, String output) {

    int length() {
        return end - start;
    }

    boolean overlaps(ProtectedSpan other) {
        return start < other.end && other.start < end;
    }
}
