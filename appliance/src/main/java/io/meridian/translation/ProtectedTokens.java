package io.meridian.translation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the parts of a customer message that must come through translation unchanged: order and ticket numbers
 * (#A-10492, ORD-2231), URLs, e-mail addresses and amounts ($49.90, 12,50 €, 300 EUR). They are recognised once, here,
 * and handed to every engine as do-not-translate terms, so each engine need not guess them again.
 */
public final class ProtectedTokens {

    // Order matters: a URL may contain something that looks like an e-mail address or an amount.
    private static final List<Pattern> PATTERNS = List.of(
            Pattern.compile("\\b(?:https?://|www\\.)[^\\s<>\"']+[^\\s<>\"'.,;:!?)\\]]"),
            Pattern.compile("\\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}\\b"),
            Pattern.compile("#[A-Za-z0-9][A-Za-z0-9-]*\\d[A-Za-z0-9-]*"),
            Pattern.compile("\\b[A-Z]{2,5}-\\d{3,}\\b"),
            Pattern.compile("[$€£¥]\\s?\\d[\\d.,]*\\d|[$€£¥]\\s?\\d"),
            Pattern.compile("\\b\\d[\\d.,]*\\s?(?:€|EUR|USD|GBP|CHF|JPY|\\$)(?![A-Za-z])"));

    private ProtectedTokens() {
    }

    /** The protected tokens of {@code text}, each once, in the order they first appear. */
    public static List<String> in(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        List<int[]> taken = new ArrayList<>();
        List<Found> found = new ArrayList<>();
        for (Pattern pattern : PATTERNS) {
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                int start = m.start();
                int end = m.end();
                if (taken.stream().noneMatch(r -> start < r[1] && end > r[0])) {
                    taken.add(new int[] {start, end});
                    found.add(new Found(start, m.group().strip()));
                }
            }
        }
        found.sort((a, b) -> Integer.compare(a.start, b.start));
        Set<String> tokens = new LinkedHashSet<>();
        found.forEach(f -> tokens.add(f.token));
        return List.copyOf(tokens);
    }

    private record Found(int start, String token) {
    }
}
