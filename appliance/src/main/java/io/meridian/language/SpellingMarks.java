package io.meridian.language;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Marks of spelling that only some languages use, which Lingua does not weigh: it drops punctuation (so apostrophes
 * and Spanish opening marks are lost) and, on a short text, lets n-gram scores outvote a letter the other candidates'
 * alphabets lack. Each mark names every language (by ISO 639-1 code, configured or not) whose standard spelling uses
 * it; a text's marks together allow the languages all of them name. Used only to break a near-tie between languages
 * the text leaves open, never to overrule a clear detection.
 */
final class SpellingMarks {

    /** Any apostrophe a keyboard or a phone writes: ASCII, the typographic one, and Ukrainian's modifier letter. */
    private static final String APOSTROPHE = "['’ʼ]";
    /** An apostrophe, then a small letter: what follows an elided word that is not part of a name. */
    private static final String ELIDED = APOSTROPHE + "\\p{Ll}";

    private static final List<Mark> MARKS = List.of(
            // Russian's alphabet has no і, ї, є or ґ; of these Belarusian and Kazakh write і only.
            new Mark("[їєґЇЄҐ]", Set.of("uk")),
            new Mark("[іІ]", Set.of("uk", "be", "kk")),
            // Ukrainian has none of ы, э, ё, ъ (it writes и, е, ьо/йо and an apostrophe instead).
            new Mark("[ыэёЫЭЁ]", Set.of("ru", "be", "kk", "mn")),
            new Mark("[ъЪ]", Set.of("ru", "bg")),
            // Ukrainian and Belarusian separate a consonant from a following iotated vowel with an apostrophe (п'ять,
            // м'ясо) where Russian writes ъ or nothing.
            new Mark("[бпвмфрБПВМФР]" + APOSTROPHE + "[яюєїЯЮЄЇ]", Set.of("uk", "be")),
            // Russian writes the adjective ending after a hard в as -вый (новый, готовый, -овый); Ukrainian has no ы and
            // writes -вий (новий, готовий, поштовий). The Russian words in -вий are names (Вий, Левий) and rare
            // possessives (коровий): only a word in small letters counts.
            new Mark("(?<!\\p{L})\\p{Ll}*вий(?!\\p{L})", Set.of("uk")),
            // Opening question and exclamation marks are Spanish spelling.
            new Mark("[¿¡]", Set.of("es")),
            // Elided articles, pronouns and conjunctions before a word in small letters (c'est, l'ordine; before a
            // capital it is a name of any language: l'Occitane, d'Artagnan): j', qu' only in French; c' in French and
            // Italian; l', s', t', n' also in Catalan; m' and d' also in Dutch (m'n, d'r), d' in Portuguese (d'água).
            new Mark("(?<!\\p{L})(?:[jJ]|[qQ][uU])" + ELIDED, Set.of("fr")),
            new Mark("(?<!\\p{L})[cC]" + ELIDED, Set.of("fr", "it")),
            new Mark("(?<!\\p{L})[lstnLSTN]" + ELIDED, Set.of("fr", "it", "ca")),
            new Mark("(?<!\\p{L})[mM]" + ELIDED, Set.of("fr", "it", "ca", "nl")),
            new Mark("(?<!\\p{L})[dD]" + ELIDED, Set.of("fr", "it", "ca", "pt", "nl")),
            // English contractions of not, are, have, will, am, would: don't, you're, I've, we'll, I'm, I'd.
            new Mark("\\p{L}(?:[nN]" + APOSTROPHE + "[tT]|" + APOSTROPHE + "(?:re|ve|ll|m|d|RE|VE|LL|M|D))(?!\\p{L})",
                    Set.of("en")));

    private SpellingMarks() {
    }

    /**
     * The languages the text's marks allow: those named by every mark found. Empty when the text has no mark, or when
     * its marks name no language in common (a message mixing languages), so that nothing is ruled out.
     */
    static Optional<Set<String>> allowedLanguages(String text) {
        Set<String> allowed = null;
        for (Mark mark : MARKS) {
            if (mark.pattern().matcher(text).find()) {
                if (allowed == null) {
                    allowed = new HashSet<>(mark.languages());
                } else {
                    allowed.retainAll(mark.languages());
                }
            }
        }
        return allowed == null || allowed.isEmpty() ? Optional.empty() : Optional.of(Set.copyOf(allowed));
    }

    private record Mark(Pattern pattern, Set<String> languages) {
        Mark(String regex, Set<String> languages) {
            this(Pattern.compile(regex), languages);
        }
    }
}
