package io.meridian.translation.apertium;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Apertium's marks on words it could not handle, read for the confidence and removed from the text.
 *
 * <p>Asked with {@code markUnknown=yes}, APY puts {@code *} before a word missing from the source dictionary; its
 * pipelines also put {@code @} before a word missing from the bilingual dictionary and {@code #} before one it
 * could not generate. APY's own {@code markUnknown=no} strips only {@code *}, with a pattern that also eats
 * asterisks the customer typed ("*urgent*"). So before sending, the literal {@code * @ #} of the text are swapped for
 * private-use characters that Apertium passes through as punctuation (checked with APY 0.11); every mark left in
 * the output is then the engine's, is counted and removed, and the swapped characters are put back.
 *
 * <p>Immutable; thread-safe.
 */
final class UnknownWordMarks {

    private static final String MARKS = "*@#";
    private static final Pattern WORD = Pattern.compile("([*@#]?)([\\p{L}\\p{N}][\\p{L}\\p{M}\\p{N}'’_-]*)");
    private static final Pattern MARK = Pattern.compile("[*@#](?=[\\p{L}\\p{N}])");

    private final char[] stand;

    private UnknownWordMarks(char[] stand) {
        this.stand = stand;
    }

    /**
     * @param text the text about to be sent
     * @return marks whose stand-in characters do not occur in the text
     */
    static UnknownWordMarks forText(String text) {
        char[] stand = new char[MARKS.length()];
        char candidate = '\uE000';
        for (int i = 0; i < stand.length; i++) {
            while (text.indexOf(candidate) >= 0) {
                candidate++;
            }
            stand[i] = candidate++;
        }
        return new UnknownWordMarks(stand);
    }

    /** @return the text with its literal mark characters swapped for stand-ins */
    String hideLiteralMarks(String text) {
        String out = text;
        for (int i = 0; i < stand.length; i++) {
            out = out.replace(MARKS.charAt(i), stand[i]);
        }
        return out;
    }

    /** @return the text with the stand-ins turned back into the literal characters */
    String restoreLiteralMarks(String text) {
        String out = text;
        for (int i = 0; i < stand.length; i++) {
            out = out.replace(stand[i], MARKS.charAt(i));
        }
        return out;
    }

    /**
     * @param marked engine output with marks, whose literal marks were hidden before sending
     * @return how many words it holds (runs with at least one letter) and how many of them are marked
     */
    static Tally tally(String marked) {
        int words = 0;
        int unknown = 0;
        Matcher m = WORD.matcher(marked);
        while (m.find()) {
            if (m.group(2).codePoints().anyMatch(Character::isLetter)) {
                words++;
                if (!m.group(1).isEmpty()) {
                    unknown++;
                }
            }
        }
        return new Tally(words, unknown);
    }

    /** @return the output without the engine's marks */
    static String strip(String marked) {
        return MARK.matcher(marked).replaceAll("");
    }

    /**
     * @param words words in the output
     * @param unknown words the engine marked
     */
    record Tally(int words, int unknown) {

        /** @return the share of words the engine knew, 1 for a text without words */
        double knownShare() {
            return words == 0 ? 1.0 : (double) (words - unknown) / words;
        }
    }
}
