package io.meridian.spi.translation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decides which parts of a text the engine must not touch: occurrences of glossary terms (kept as written, or
 * replaced by their approved translation) and protected tokens: URLs, e-mail addresses, amounts of money and codes
 * such as order numbers and SKUs ({@code #A-10492}, {@code XR-200}, {@code INV2024-0042}).
 *
 * <p>Glossary terms match whole words, ignoring case: {@code Meridian} matches "MERIDIAN's" but not "Meridians".
 * Where candidates overlap the longest wins, and a glossary term beats a token of the same extent, so a URL that
 * contains a brand name stays one URL.
 *
 * <p>This is the one place Meridian recognises them: {@link TranslationRequest} carries the result as
 * {@link TranslationRequest#protectedSpans()}, so an engine never looks for them itself.
 *
 * <p>Stateless and thread-safe.
 */
public final class ProtectedSpans {

    private ProtectedSpans() {
    }

    /**
     * @param text a source text
     * @param glossary the glossary of its language pair, possibly empty
     * @return non-overlapping spans in text order
     */
    public static List<ProtectedSpan> find(String text, List<GlossaryTerm> glossary) {
        List<Candidate> candidates = new ArrayList<>();
        for (GlossaryTerm term : glossary) {
            for (int at : occurrences(text, term.source())) {
                String output = term.doNotTranslate() ? text.substring(at, at + term.source().length()) : term.target();
                candidates.add(new Candidate(new ProtectedSpan(at, at + term.source().length(), output), 0));
            }
        }
        for (ProtectedSpan token : ProtectedTokens.find(text)) {
            candidates.add(new Candidate(token, 1));
        }
        candidates.sort(Comparator.comparingInt((Candidate c) -> -c.span.length())
                .thenComparingInt(c -> c.rank).thenComparingInt(c -> c.span.start()));
        List<ProtectedSpan> chosen = new ArrayList<>();
        for (Candidate c : candidates) {
            if (chosen.stream().noneMatch(c.span::overlaps)) {
                chosen.add(c.span);
            }
        }
        chosen.sort(Comparator.comparingInt(ProtectedSpan::start));
        return chosen;
    }

    private static List<Integer> occurrences(String text, String term) {
        List<Integer> found = new ArrayList<>();
        int length = term.length();
        for (int i = 0; i + length <= text.length(); i++) {
            if (text.regionMatches(true, i, term, 0, length) && boundary(text, i - 1, term.charAt(0))
                    && boundary(text, i + length, term.charAt(length - 1))) {
                found.add(i);
                i += length - 1;
            }
        }
        return found;
    }

    // A term that starts or ends with a letter or digit must not continue a word of the text.
    private static boolean boundary(String text, int index, char termEdge) {
        if (index < 0 || index >= text.length() || !Character.isLetterOrDigit(termEdge)) {
            return true;
        }
        return !Character.isLetterOrDigit(text.charAt(index));
    }

    private record Candidate(ProtectedSpan span, int rank) {
    }
}
