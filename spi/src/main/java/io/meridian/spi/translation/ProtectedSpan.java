package io.meridian.spi.translation;

/**
 * A stretch of a {@link TranslationRequest}'s text that must reach the translation as {@code output}: unchanged for a
 * protected token (an order number, URL, e-mail address or amount) or a do-not-translate glossary term, the approved
 * translation for a glossary term. The node finds them once ({@link ProtectedSpans#find}); an engine shields each span
 * from its translator (a placeholder, markup it leaves alone) and puts {@code output} back in its place.
 *
 * @param start first char of the span in the source text
 * @param end one past its last char
 * @param output what the translation must contain in its place
 */
public record ProtectedSpan(int start, int end, String output) {

    /** Validates. */
    public ProtectedSpan {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("ProtectedSpan needs 0 <= start < end, not " + start + ".." + end);
        }
        if (output == null || output.isEmpty()) {
            throw new IllegalArgumentException("ProtectedSpan output must not be empty");
        }
    }

    /** @return the number of source chars the span covers */
    public int length() {
        return end - start;
    }

    /** @return whether this span and {@code other} share a char of the source text */
    public boolean overlaps(ProtectedSpan other) {
        return start < other.end && other.start < end;
    }

    /** Names the span's place, not its output (an e-mail address or order number is personal data). */
    @Override
    public String toString() {
        return "ProtectedSpan[" + start + ".." + end + ", output " + output.length() + " chars]";
    }
}
