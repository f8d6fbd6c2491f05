package io.meridian.conversation;

import java.math.BigInteger;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks payment card numbers and IBANs — and, where chosen, national identity numbers ({@link NationalIdNumbers}) and
 * international phone numbers ({@link PhoneNumbers}) — in message text before it is stored ({@code privacy.masking.store},
 * docs/privacy.md#masking), so neither the store, its backups, the search index, agents nor an export ever hold them:
 * customers paste them into chats and mails although they should not. Only what checks out is masked — a card number
 * of a card network's length and prefix whose Luhn check digit is right, an IBAN of a known country length whose
 * mod-97 check is right (the IBANs of 40 countries: Europe's, and Brazil, Israel, Saudi Arabia, Turkey, the Emirates)
 * — so order numbers, phone numbers and amounts stay as written. The last four characters stay
 * visible, so the customer and the agent can still tell which card or account was meant.
 */
public final class StoredTextMasking {

    /** What may be masked. */
    public enum Kind {
        CARD, IBAN, NATIONAL_ID, PHONE
    }

    /** Masks nothing. */
    public static final StoredTextMasking NONE = new StoredTextMasking(EnumSet.noneOf(Kind.class));

    private static final char MASK = '•';
    /** 13 to 19 digits, single spaces or dashes between them; not part of a longer number or a phone number. */
    private static final Pattern CARD = Pattern.compile("(?<![\\d+])\\d(?:[ -]?\\d){12,18}(?!\\d)");
    /** Two letters, two check digits, 11 to 30 letters or digits, in groups of four or not. */
    private static final Pattern IBAN = Pattern.compile("(?<![A-Za-z0-9])[A-Za-z]{2}\\d{2}(?: ?[A-Za-z0-9]){11,30}(?![A-Za-z0-9])");

    /** Card numbers' lengths, the commonest first, so a number followed by more digits is cut at the likeliest. */
    private static final int[] CARD_LENGTHS = {16, 15, 14, 13, 19, 18, 17};
    /** Each country's one IBAN length (ISO 13616 registry): a run of characters is cut at it, never guessed. */
    private static final java.util.Map<String, Integer> IBAN_LENGTHS = java.util.Map.ofEntries(
            java.util.Map.entry("AD", 24), java.util.Map.entry("AE", 23), java.util.Map.entry("AT", 20),
            java.util.Map.entry("BE", 16), java.util.Map.entry("BG", 22), java.util.Map.entry("BR", 29),
            java.util.Map.entry("CH", 21), java.util.Map.entry("CY", 28), java.util.Map.entry("CZ", 24),
            java.util.Map.entry("DE", 22), java.util.Map.entry("DK", 18), java.util.Map.entry("EE", 20),
            java.util.Map.entry("ES", 24), java.util.Map.entry("FI", 18), java.util.Map.entry("FR", 27),
            java.util.Map.entry("GB", 22), java.util.Map.entry("GR", 27), java.util.Map.entry("HR", 21),
            java.util.Map.entry("HU", 28), java.util.Map.entry("IE", 22), java.util.Map.entry("IL", 23),
            java.util.Map.entry("IS", 26), java.util.Map.entry("IT", 27), java.util.Map.entry("LI", 21),
            java.util.Map.entry("LT", 20), java.util.Map.entry("LU", 20), java.util.Map.entry("LV", 21),
            java.util.Map.entry("MC", 27), java.util.Map.entry("MT", 31), java.util.Map.entry("NL", 18),
            java.util.Map.entry("NO", 15), java.util.Map.entry("PL", 28), java.util.Map.entry("PT", 25),
            java.util.Map.entry("RO", 24), java.util.Map.entry("SA", 24), java.util.Map.entry("SE", 24),
            java.util.Map.entry("SI", 19), java.util.Map.entry("SK", 24), java.util.Map.entry("SM", 27),
            java.util.Map.entry("TR", 26));

    private final Set<Kind> kinds;

    private StoredTextMasking(Set<Kind> kinds) {
        this.kinds = Set.copyOf(kinds);
    }

    /**
     * The masking of the listed kinds ({@code card}, {@code iban}, {@code national-id}, {@code phone}).
     *
     * @throws IllegalArgumentException naming an unknown kind
     */
    public static StoredTextMasking of(List<String> names) {
        EnumSet<Kind> kinds = EnumSet.noneOf(Kind.class);
        for (String name : names) {
            try {
                kinds.add(Kind.valueOf(name.strip().toUpperCase(Locale.ROOT).replace('-', '_')));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown kind '" + name.strip()
                        + "': use card, iban, national-id and phone");
            }
        }
        return new StoredTextMasking(kinds);
    }

    /** The text with every number of the configured kinds it holds masked; null stays null. */
    public String mask(String text) {
        if (text == null || kinds.isEmpty()) {
            return text;
        }
        String out = text;
        if (kinds.contains(Kind.CARD)) {
            out = replace(out, CARD, StoredTextMasking::isCard, digits -> CARD_LENGTHS);
        }
        if (kinds.contains(Kind.IBAN)) {
            out = replace(out, IBAN, StoredTextMasking::isIban,
                    iban -> new int[] {IBAN_LENGTHS.getOrDefault(iban.substring(0, 2).toUpperCase(Locale.ROOT), 0)});
        }
        if (kinds.contains(Kind.NATIONAL_ID)) {
            for (NationalIdNumbers.Format f : NationalIdNumbers.FORMATS) {
                out = replaceChecked(out, f.pattern(), m -> f.valid().test(m) ? m.group().length() : -1);
            }
        }
        if (kinds.contains(Kind.PHONE)) {
            out = replaceChecked(out, PhoneNumbers.PHONE, PhoneNumbers::numberLength);
        }
        return out;
    }

    /**
     * Masks, all but its last two letters or digits, the part of each match that checks out: {@code length} gives how
     * many characters from the match's start do (-1: none); the search goes on after them.
     */
    private static String replaceChecked(String text, Pattern pattern,
            java.util.function.ToIntFunction<Matcher> length) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = null;
        int last = 0;
        int from = 0;
        while (from < text.length() && m.find(from)) {
            int n = length.applyAsInt(m);
            if (n <= 0) {
                from = m.start() + 1;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, last, m.start()).append(masked(text.substring(m.start(), m.start() + n), 2));
            last = m.start() + n;
            from = last;
        }
        return out == null ? text : out.append(text, last, text.length()).toString();
    }

    /**
     * Masks each valid number the pattern finds. A run the pattern takes may hold more than the number (a card
     * number and the year after it): its longest prefix that checks out is masked, from {@code min} characters on.
     */
    private static String replace(String text, Pattern pattern, java.util.function.Predicate<String> valid,
            java.util.function.Function<String, int[]> lengths) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = null;
        int last = 0;
        int from = 0;
        while (from < text.length() && m.find(from)) {
            String found = m.group();
            int end = validPrefix(found, valid, lengths);
            if (end < 0) {
                from = m.start() + 1;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, last, m.start()).append(masked(found.substring(0, end), 4));
            last = m.start() + end;
            from = last;
        }
        return out == null ? text : out.append(text, last, text.length()).toString();
    }

    /**
     * The end of the first prefix of {@code found}, of the lengths the number may have (the likeliest first), whose
     * letters and digits check out; -1 if none does.
     */
    private static int validPrefix(String found, java.util.function.Predicate<String> valid,
            java.util.function.Function<String, int[]> lengths) {
        StringBuilder compact = new StringBuilder();
        int[] ends = new int[found.length()];
        for (int i = 0; i < found.length(); i++) {
            if (Character.isLetterOrDigit(found.charAt(i))) {
                ends[compact.length()] = i + 1;
                compact.append(found.charAt(i));
            }
        }
        for (int n : lengths.apply(compact.toString())) {
            if (n <= compact.length() && valid.test(compact.substring(0, n))) {
                return ends[n - 1];
            }
        }
        return -1;
    }

    /** Every letter and digit but the last {@code keep} becomes •; spaces and dashes stay where they were. */
    private static String masked(String found, int keep) {
        char[] chars = found.toCharArray();
        for (int i = chars.length - 1; i >= 0; i--) {
            if (Character.isLetterOrDigit(chars[i])) {
                if (keep > 0) {
                    keep--;
                } else {
                    chars[i] = MASK;
                }
            }
        }
        return new String(chars);
    }

    /** A card network's length and prefix, and a right Luhn check digit. */
    static boolean isCard(String digits) {
        int n = digits.length();
        boolean network = (digits.startsWith("4") && (n == 13 || n == 16 || n == 19))
                || (n == 16 && (prefix(digits, 2) >= 51 && prefix(digits, 2) <= 55
                        || prefix(digits, 4) >= 2221 && prefix(digits, 4) <= 2720))
                || (n == 15 && (digits.startsWith("34") || digits.startsWith("37")))
                || (n >= 16 && n <= 19 && (digits.startsWith("6011") || digits.startsWith("65")
                        || digits.startsWith("62") || digits.startsWith("35")))
                || (n == 14 && (digits.startsWith("36") || digits.startsWith("38")
                        || prefix(digits, 3) >= 300 && prefix(digits, 3) <= 305));
        return network && luhn(digits);
    }

    private static int prefix(String digits, int length) {
        return Integer.parseInt(digits.substring(0, length));
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /** An IBAN of 15 to 34 characters whose mod-97 check (ISO 13616) gives 1. */
    static boolean isIban(String text) {
        String iban = text.toUpperCase(Locale.ROOT);
        if (iban.length() < 15 || iban.length() > 34 || !iban.matches("[A-Z]{2}\\d{2}[A-Z0-9]+")) {
            return false;
        }
        String moved = iban.substring(4) + iban.substring(0, 4);
        StringBuilder numeric = new StringBuilder();
        for (char ch : moved.toCharArray()) {
            numeric.append(Character.isDigit(ch) ? String.valueOf(ch) : String.valueOf(ch - 'A' + 10));
        }
        return new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
    }
}
