package io.meridian.spi.translation;

import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the tokens that must never change in translation, whatever the glossary says: URLs, e-mail addresses,
 * amounts of money ({@code €49.90}, {@code 12,50 EUR}) and codes such as order numbers and SKUs ({@code #A-10492},
 * {@code XR-200}, {@code INV2024-0042}).
 *
 * <p>A code is a run of Latin letters and digits, possibly joined by {@code - _ / .}, that holds both a letter and a
 * digit and either is upper case ({@code XR-200}) or mixes letters and digits within one part ({@code a1b2}); a run
 * after {@code #} needs only a digit. English and Romance ordinals and clock times ({@code 2nd}, {@code 1er},
 * {@code 5pm}) are words, not codes. Numbers alone are left to the engine, which keeps them.
 *
 * <p>Stateless and thread-safe.
 */
final class ProtectedTokens {

    private static final String NUMBER = "\\d{1,3}(?:[,.\\u00A0\\u202F']\\d{3})+(?:[.,]\\d{1,2})?|\\d+(?:[.,]\\d{1,2})?";
    private static final String SYMBOL = "(?:[A-Z]{1,2})?[$€£¥₹₩₽₺₫₪฿₴₦₱]";

    private static final Pattern URL = Pattern.compile("(?i)(?<![\\p{L}\\p{N}])(?:https?://|www\\.)[^\\s<>\"'`]+");
    private static final Pattern EMAIL = Pattern.compile(
            "(?<![\\p{L}\\p{N}._%+-])[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?"
                    + "(?:\\.[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?)+");
    private static final Pattern AMOUNT_SYMBOL_FIRST = Pattern.compile(
            "(?<![\\p{L}\\p{N}])" + SYMBOL + "\\s?-?(?:" + NUMBER + ")(?![\\p{N}])");
    private static final Pattern AMOUNT_SYMBOL_LAST = Pattern.compile(
            "(?<![\\p{L}\\p{N}.,])-?(?:" + NUMBER + ")\\s?[$€£¥₹₩₽₺₫₪฿₴₦₱]");
    private static final Pattern AMOUNT_CODE_FIRST = Pattern.compile(
            "(?<![\\p{L}\\p{N}])([A-Z]{3})\\s?-?(?:" + NUMBER + ")(?![\\p{N}])");
    private static final Pattern AMOUNT_CODE_LAST = Pattern.compile(
            "(?<![\\p{L}\\p{N}.,])-?(?:" + NUMBER + ")\\s?([A-Z]{3})(?![\\p{L}\\p{N}])");
    private static final Pattern HASH_CODE = Pattern.compile("#[A-Za-z0-9](?:[A-Za-z0-9]|[-_/.](?=[A-Za-z0-9]))*");
    private static final Pattern CODE = Pattern.compile(
            "(?<![\\p{L}\\p{N}_])[A-Za-z0-9]+(?:[-_/.][A-Za-z0-9]+)*(?![\\p{L}\\p{N}_])");
    private static final Pattern ORDINAL_OR_TIME = Pattern.compile(
            "(?i)\\d+(?:st|nd|rd|th|er|re|e|eme|ème|o|a|º|ª|am|pm|h)");
    private static final Pattern LETTER_DIGIT = Pattern.compile("[A-Za-z]\\d|\\d[A-Za-z]");

    private ProtectedTokens() {
    }

    /**
     * @param text a source text
     * @return the protected tokens in it, possibly overlapping, in no particular order; each with itself as output
     */
    static List<ProtectedSpan> find(String text) {
        List<ProtectedSpan> spans = new ArrayList<>();
        Matcher url = URL.matcher(text);
        while (url.find()) {
            int end = trimUrlEnd(text, url.start(), url.end());
            spans.add(new ProtectedSpan(url.start(), end, text.substring(url.start(), end)));
        }
        Matcher email = EMAIL.matcher(text);
        while (email.find()) {
            int end = email.end();
            while (end > email.start() && text.charAt(end - 1) == '.') {
                end--;
            }
            spans.add(new ProtectedSpan(email.start(), end, text.substring(email.start(), end)));
        }
        addAll(spans, text, AMOUNT_SYMBOL_FIRST, false);
        addAll(spans, text, AMOUNT_SYMBOL_LAST, false);
        addAll(spans, text, AMOUNT_CODE_FIRST, true);
        addAll(spans, text, AMOUNT_CODE_LAST, true);
        Matcher hash = HASH_CODE.matcher(text);
        while (hash.find()) {
            if (hash.group().chars().anyMatch(Character::isDigit)) {
                spans.add(new ProtectedSpan(hash.start(), hash.end(), hash.group()));
            }
        }
        Matcher code = CODE.matcher(text);
        while (code.find()) {
            if (isCode(code.group())) {
                spans.add(new ProtectedSpan(code.start(), code.end(), code.group()));
            }
        }
        return spans;
    }

    private static void addAll(List<ProtectedSpan> spans, String text, Pattern pattern, boolean currencyCode) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            if (!currencyCode || isCurrency(m.group(1))) {
                spans.add(new ProtectedSpan(m.start(), m.end(), m.group()));
            }
        }
    }

    private static boolean isCurrency(String code) {
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static boolean isCode(String token) {
        boolean letter = false;
        boolean digit = false;
        boolean lower = false;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            letter |= Character.isLetter(c);
            digit |= Character.isDigit(c);
            lower |= Character.isLowerCase(c);
        }
        if (!letter || !digit || ORDINAL_OR_TIME.matcher(token).matches()) {
            return false;
        }
        return !lower || LETTER_DIGIT.matcher(token).find();
    }

    // A URL at the end of a sentence or in brackets does not own the punctuation after it.
    private static int trimUrlEnd(String text, int start, int end) {
        while (end > start) {
            char last = text.charAt(end - 1);
            if (".,;:!?'\"]}>".indexOf(last) >= 0) {
                end--;
            } else if (last == ')' && text.substring(start, end).chars().filter(c -> c == '(').count()
                    < text.substring(start, end).chars().filter(c -> c == ')').count()) {
                end--;
            } else {
                break;
            }
        }
        return end;
    }
}
