package io.meridian.language;

import java.lang.Character.UnicodeScript;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a chat message offers for language detection once the parts that belong to no language are gone: links,
 * e-mail addresses, @handles and #tags, numbers and the codes built around them (order numbers, amounts, dates,
 * times), emoji and other symbols. Knows how many letters are left and in which scripts.
 * <p>
 * Chinese, Japanese and Thai put no spaces between words, so a message in them is often one run of non-spaces from
 * start to end ("订单12345还没到"). The cleaning therefore never removes whole runs of non-spaces: links and
 * addresses end where their ASCII characters end, and a number takes along only the Latin letters and joining marks
 * around it ("#A-77", "12.50€", "SKU4711"), never the letters of another script.
 */
final class ChatText {

    private static final Pattern NOT_LANGUAGE = Pattern.compile(
            "(?i)(?:https?://|www\\.)[a-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=%]+" // links
                    // e-mail addresses, tried only where such a run begins, so the scan stays linear
                    + "|(?<![a-z0-9._%+-])[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}"
                    + "|(?<![a-z0-9_])[@#][a-z0-9_][a-z0-9_.-]*"                  // @handles, #tags
                    + "|[\\p{So}\\p{Sk}\\x{200D}\\x{FE0F}\\x{20E3}]+");          // emoji and other symbols
    /** A word that ends a sentence: its last mark, before closing quotes or brackets, is a full stop, ? or !. */
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?…。！？][\\p{Pf}\\p{Pe}\"']*$");

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
        String withoutLinks = NOT_LANGUAGE.matcher(text == null ? "" : text).replaceAll(" ");
        String cleaned = withoutNumbers(withoutLinks).strip().replaceAll("\\s+", " ");
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

    /**
     * Replaces each run of Latin letters, digits (of any script), currency signs and joining marks that holds a digit
     * with a space: "12345", "12,50€", "2024/05/01", "7:30pm", "A-77", "iPhone15". Letters of other scripts end a run,
     * so "订单12345还没到" keeps 订单 and 还没到, and "13은" keeps 은.
     */
    private static String withoutNumbers(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int runStart = -1;
        boolean runHasDigit = false;
        for (int i = 0; i <= text.length(); ) {
            int cp = i < text.length() ? text.codePointAt(i) : -1;
            if (cp >= 0 && isCodeCharacter(cp)) {
                if (runStart < 0) {
                    runStart = i;
                    runHasDigit = false;
                }
                runHasDigit |= Character.isDigit(cp);
            } else {
                if (runStart >= 0) {
                    out.append(runHasDigit ? " " : text.substring(runStart, i));
                    runStart = -1;
                }
                if (cp >= 0) {
                    out.appendCodePoint(cp);
                }
            }
            i += cp >= 0 ? Character.charCount(cp) : 1;
        }
        return out.toString();
    }

    private static boolean isCodeCharacter(int cp) {
        return Character.isDigit(cp)
                || Character.isLetter(cp) && UnicodeScript.of(cp) == UnicodeScript.LATIN
                || Character.getType(cp) == Character.CURRENCY_SYMBOL
                || ".,:/-_'’%#+".indexOf(cp) >= 0;
    }

    /** The text without links, addresses, handles, numbers and symbols, whitespace collapsed. */
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

    /**
     * The text without the words that look like names: a capitalised word (a capital, then at least one small letter)
     * inside a sentence, not at its start ("Tom gosta de Mary?" without "Mary"). Names of people, brands and places
     * carry the language they come from, not the writer's. Words in capitals ("I", "DHL") stay. German capitalises
     * every noun, so this text is only a second reading, taken when it is clearer (see the detector). The same text
     * when there is no such word.
     */
    String withoutNames() {
        String[] words = words();
        StringBuilder out = new StringBuilder(cleaned.length());
        boolean sentenceStart = true;
        boolean removed = false;
        for (String word : words) {
            if (!sentenceStart && looksLikeName(word)) {
                removed = true;
            } else {
                out.append(out.isEmpty() ? "" : " ").append(word);
            }
            sentenceStart = SENTENCE_END.matcher(word).find();
        }
        return removed ? out.toString() : cleaned;
    }

    private static boolean looksLikeName(String word) {
        int first = -1;
        for (int i = 0; i < word.length(); ) {
            int cp = word.codePointAt(i);
            if (Character.isLetter(cp)) {
                first = i;
                break;
            }
            i += Character.charCount(cp);
        }
        if (first < 0 || !Character.isUpperCase(word.codePointAt(first))) {
            return false;
        }
        return word.substring(first + Character.charCount(word.codePointAt(first))).codePoints()
                .anyMatch(Character::isLowerCase);
    }

    /**
     * The text once for each script it is written in, each keeping only the letters of that script (other letters
     * become spaces): for asking which language each part of a mixed message is in. One part if the text has one
     * script.
     */
    List<String> scriptParts() {
        if (weights.size() < 2) {
            return List.of(cleaned);
        }
        List<String> parts = new ArrayList<>(weights.size());
        for (ScriptGroup group : weights.keySet()) {
            StringBuilder part = new StringBuilder(cleaned.length());
            cleaned.codePoints().forEach(cp -> part.appendCodePoint(
                    !Character.isLetter(cp) || ScriptGroup.of(UnicodeScript.of(cp)) == group ? cp : ' '));
            parts.add(part.toString().strip().replaceAll("\\s+", " "));
        }
        return parts;
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
