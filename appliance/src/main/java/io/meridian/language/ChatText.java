package io.meridian.language;

import java.lang.Character.UnicodeScript;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a chat message offers for language detection once the parts that belong to no language are gone: links,
 * e-mail addresses, @handles and tokens with digits (order numbers, amounts, dates), emoji and punctuation. Knows how
 * many letters are left and in which scripts.
 */
final class ChatText {

    private static final Pattern NOT_LANGUAGE = Pattern.compile(
            "(?i)\\b(?:https?://|www\\.)\\S+"          // links
                    + "|\\S+@\\S+\\.\\S+"               // e-mail addresses
                    + "|(?<!\\S)[@#]\\S+"               // @handles, #tags
                    + "|\\S*\\p{Nd}\\S*");              // order numbers, SKUs, amounts, times
    /** Scripts other than the dominant one need this share of the letters (CJK weighed double) to make a text mixed. */
    private static final double MIXED_SCRIPT_SHARE = 0.35;

    private final String cleaned;
    private final int letters;
    private final Map<ScriptGroup, Integer> weights;

    private ChatText(String cleaned, int letters, Map<ScriptGroup, Integer> weights) {
        this.cleaned = cleaned;
        this.letters = letters;
        this.weights = weights;
    }

    static ChatText of(String text) {
        String cleaned = NOT_LANGUAGE.matcher(text == null ? "" : text).replaceAll(" ").strip().replaceAll("\\s+", " ");
        int letters = 0;
        Map<ScriptGroup, Integer> weights = new EnumMap<>(ScriptGroup.class);
        for (int i = 0; i < cleaned.length(); ) {
            int cp = cleaned.codePointAt(i);
            i += Character.charCount(cp);
            if (!Character.isLetter(cp)) {
                continue;
            }
            letters++;
            ScriptGroup group = ScriptGroup.of(UnicodeScript.of(cp));
            weights.merge(group, group.weight, Integer::sum);
        }
        return new ChatText(cleaned, letters, weights);
    }

    /** The text without links, addresses, handles and numbers, whitespace collapsed. */
    String cleaned() {
        return cleaned;
    }

    /** Letters (code points) left: what the minimum length is measured in. */
    int letters() {
        return letters;
    }

    /**
     * Whether two scripts each carry a good part of the text, e.g. "Hello 你好 my order 订单". A Chinese sentence with
     * one English word ("我的order还没到") is not mixed: an ideograph counts as two letters, as it carries about as
     * much as a short word.
     */
    boolean mixesScripts() {
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        if (total == 0 || weights.size() < 2) {
            return false;
        }
        int dominant = weights.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        return (double) (total - dominant) / total >= MIXED_SCRIPT_SHARE;
    }

    /** The words, split at white space: for telling whether the first and second half are in other languages. */
    String[] words() {
        return cleaned.isEmpty() ? new String[0] : cleaned.split(" ");
    }

    static String join(String[] words, int from, int to) {
        return String.join(" ", Arrays.copyOfRange(words, from, to));
    }

    /** Scripts as languages use them: Japanese writes Han with kana, so they are one group. */
    private enum ScriptGroup {
        LATIN(1), CYRILLIC(1), CJK(2), HANGUL(2), ARABIC(1), THAI(1), DEVANAGARI(1), GREEK(1), HEBREW(1), OTHER(1);

        private final int weight;

        ScriptGroup(int weight) {
            this.weight = weight;
        }

        static ScriptGroup of(UnicodeScript script) {
            return switch (script) {
                case LATIN -> LATIN;
                case CYRILLIC -> CYRILLIC;
                case HAN, HIRAGANA, KATAKANA -> CJK;
                case HANGUL -> HANGUL;
                case ARABIC -> ARABIC;
                case THAI -> THAI;
                case DEVANAGARI -> DEVANAGARI;
                case GREEK -> GREEK;
                case HEBREW -> HEBREW;
                default -> OTHER;
            };
        }
    }
}
