package io.meridian.language;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Which languages a text's spelling allows, from the marks Lingua does not weigh. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SpellingMarksTest {

    /** Verifies that the letters of one Cyrillic alphabet allow the languages that write them. */
    @Test
    void ukrainianAndRussianLetters() {
        assertEquals(Optional.of(Set.of("uk")), SpellingMarks.allowedLanguages("Є знижка?"));
        assertEquals(Optional.of(Set.of("uk", "be", "kk")), SpellingMarks.allowedLanguages("Чия це машина, Іване?"));
        assertEquals(Optional.of(Set.of("uk")), SpellingMarks.allowedLanguages("Її тут немає"), "ї and і together");
        assertEquals(Optional.of(Set.of("ru", "be", "kk", "mn")), SpellingMarks.allowedLanguages("Это бомба"));
        assertEquals(Optional.of(Set.of("ru", "bg")), SpellingMarks.allowedLanguages("подъезд"));
        assertEquals(Optional.of(Set.of("uk", "be")), SpellingMarks.allowedLanguages("М'яч"));
        assertEquals(Optional.of(Set.of("uk", "be")), SpellingMarks.allowedLanguages("здоровʼя"), "Ukrainian's ʼ");
        assertEquals(Optional.empty(), SpellingMarks.allowedLanguages("Це бомба"), "no letter one alphabet lacks");
    }

    /** Verifies that -вий in small letters is Ukrainian, and that a name in -вий is no mark. */
    @Test
    void ukrainianAdjectivesInVyi() {
        assertEquals(Optional.of(Set.of("uk")), SpellingMarks.allowedLanguages("Том пронирливий."));
        assertEquals(Optional.of(Set.of("uk")), SpellingMarks.allowedLanguages("Товар готовий?"));
        assertEquals(Optional.empty(), SpellingMarks.allowedLanguages("Я читаю повесть Гоголя Вий."));
        assertEquals(Optional.of(Set.of("ru", "be", "kk", "mn")), SpellingMarks.allowedLanguages("Заказ новый?"),
                "-вый: the ы, not a -вий");
    }

    /** Verifies that elisions allow French and the languages that elide alike, and not before a name. */
    @Test
    void elisions() {
        assertEquals(Optional.of(Set.of("fr")), SpellingMarks.allowedLanguages("J'ai payé deux fois"));
        assertEquals(Optional.of(Set.of("fr")), SpellingMarks.allowedLanguages("Qu’en penses-tu ?"), "typographic ’");
        assertEquals(Optional.of(Set.of("fr", "it")), SpellingMarks.allowedLanguages("C'est une tocade."));
        assertEquals(Optional.of(Set.of("fr", "it")), SpellingMarks.allowedLanguages("C'è un problema"));
        assertEquals(Optional.of(Set.of("fr", "it", "ca")), SpellingMarks.allowedLanguages("L'ordine è arrivato?"));
        assertEquals(Optional.of(Set.of("fr", "it", "ca", "pt", "nl")), SpellingMarks.allowedLanguages("copo d'água"));
        assertEquals(Optional.empty(), SpellingMarks.allowedLanguages("My order from l'Occitane has not arrived"),
                "before a capital it is a name");
        assertEquals(Optional.empty(), SpellingMarks.allowedLanguages("dell'acqua"), "not at the start of a word");
    }

    /** Verifies that English contractions allow English only, and that the possessive 's is no mark. */
    @Test
    void englishContractions() {
        for (String text : new String[] {"Don't go.", "You're my hero", "I've paid", "It'll be fine", "I'm Aoi",
                "I'd like a refund", "ISN'T IT?", "I won’t pay"}) {
            assertEquals(Optional.of(Set.of("en")), SpellingMarks.allowedLanguages(text), text);
        }
        assertEquals(Optional.empty(), SpellingMarks.allowedLanguages("Tom's car"), "'s is also Dutch and German");
        assertEquals(Optional.empty(), SpellingMarks.allowedLanguages("Geef 'm de auto's"));
    }

    /** Verifies that opening question and exclamation marks are Spanish. */
    @Test
    void spanishOpeningMarks() {
        assertEquals(Optional.of(Set.of("es")), SpellingMarks.allowedLanguages("¿Son grandes?"));
        assertEquals(Optional.of(Set.of("es")), SpellingMarks.allowedLanguages("¡Qué bonito!"));
    }

    /** Verifies that a text without marks, or with marks of no language in common, rules nothing out. */
    @Test
    void noMarkOrMarksOfDifferentLanguagesAllowEverything() {
        assertEquals(Optional.empty(), SpellingMarks.allowedLanguages("Where is my order?"));
        assertEquals(Optional.empty(), SpellingMarks.allowedLanguages(""));
        assertEquals(Optional.empty(), SpellingMarks.allowedLanguages("Don't worry, c'est la vie"));
        assertEquals(Optional.empty(), SpellingMarks.allowedLanguages("Это є"), "Russian э, Ukrainian є");
        assertEquals(Optional.of(Set.of("be", "kk")), SpellingMarks.allowedLanguages("Это і"),
                "Belarusian and Kazakh write both");
    }
}
