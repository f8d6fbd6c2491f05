package io.meridian.residency;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks what identifies a customer in a text read from another region under the {@code masked} policy: e-mail
 * addresses, phone numbers and every other number (order numbers, house numbers, postcodes, card and account numbers),
 * and the words of the customer's own name. Street names and names the customer did not give as their own are not
 * recognised; a region whose law needs more chooses {@code deny}.
 */
public final class Masking {

    /** What stands in for a masked part. */
    public static final String MASK = "•••";
    /**
     * An address, also cut short (a preview ends mid-word) or written with the full-width at sign, also inside
     * Japanese or Chinese text without spaces around it. A match starts only where the local part starts, so a long
     * text without an at sign is scanned once, not once per character.
     */
    private static final Pattern EMAIL = Pattern.compile(
            "(?<![A-Za-z0-9._%+\\-])[A-Za-z0-9._%+\\-]+[@\uFF20][A-Za-z0-9.\\-]*");
    private static final Pattern UNSPACED = Pattern.compile("[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}\\p{IsHangul}]");
    private static final Pattern NUMBER = Pattern.compile(
            "[+\uFF0B]?\\p{Nd}(?:[\\p{Nd}\\s./()\\-\uFF0D\u30FC]*\\p{Nd})?");

    private Masking() {
    }

    /** {@code text} with e-mail addresses, numbers and the words of {@code customerName} (may be null) masked. */
    public static String mask(String text, String customerName) {
        if (text == null) {
            return null;
        }
        String masked = EMAIL.matcher(Normalizer.normalize(text, Normalizer.Form.NFC)).replaceAll(MASK);
        masked = NUMBER.matcher(masked).replaceAll(MASK);
        for (String word : nameWords(customerName)) {
            // Chinese, Japanese and Korean run words together: their names are found anywhere, others as words.
            String quoted = Pattern.quote(word);
            String pattern = UNSPACED.matcher(word).find() ? quoted
                    : "(?<![\\p{L}\\p{N}])" + quoted + "(?![\\p{L}\\p{N}])";
            masked = Pattern.compile(pattern, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(masked)
                    .replaceAll(Matcher.quoteReplacement(MASK));
        }
        return masked;
    }

    /** The name's words of two letters or more, longest first (so "Ann" does not break "Anna"). */
    private static List<String> nameWords(String name) {
        if (name == null || name.isBlank()) {
            return List.of();
        }
        return Arrays.stream(Normalizer.normalize(name, Normalizer.Form.NFC).strip().split("[\\p{Z}\\s,\\-]+"))
                .filter(w -> w.codePointCount(0, w.length()) >= 2)
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }
}
