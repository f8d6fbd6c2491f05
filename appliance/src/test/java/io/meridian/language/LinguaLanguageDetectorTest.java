package io.meridian.language;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.language.DetectedLanguage.Source;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/** The real Lingua detector with the default settings (20 languages, high accuracy) on chat-length messages. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LinguaLanguageDetectorTest {

    private static LinguaLanguageDetector detector;

    @BeforeAll
    static void build() {
        detector = LinguaLanguageDetector.withSettings(DetectionSettings.defaults());
    }

    /** Verifies that short customer-service sentences in 20 languages are detected from their text alone. */
    @Test
    void detectsShortChatSentencesInTheirLanguage() {
        List<ChatSentences> sentences = ChatSentences.all();
        Set<String> languages = sentences.stream().map(ChatSentences::language).collect(Collectors.toSet());
        assertTrue(languages.size() >= 15, "the corpus covers at least 15 languages: " + languages);
        assertAll(sentences.stream().map(s -> (Executable) () -> {
            DetectedLanguage detected = detector.detect(s.text(), LanguageHints.none());
            assertEquals(s.language(), detected.language(), s.text());
            assertEquals(Source.TEXT, detected.source(), s.text());
            assertTrue(detected.confidence() > 0, s.text() + ": " + detected);
        }));
    }

    /**
     * Verifies that a message the trigrams clearly put in the contact's known language is settled without the full
     * models (its confidence is the trigrams', not the full models'), and that a contact's language the text does not
     * clearly speak still leaves the judgement to the full models ("Where is my order?" is German to the trigrams).
     */
    @Test
    void theContactsLanguageLetsTheTrigramsSettleAClearMessage() {
        LinguaLanguageDetector full = LinguaLanguageDetector.fullModelsForEveryMessage(DetectionSettings.defaults());
        String spanish = "Hola, mi pedido todavía no ha llegado y necesito saber cuándo llega. Mensaje 12";
        LanguageHints spanishContact = new LanguageHints("es", List.of());
        DetectedLanguage settled = detector.detect(spanish, spanishContact);
        DetectedLanguage judged = full.detect(spanish, spanishContact);
        assertEquals("es", settled.language());
        assertEquals("es", judged.language());
        assertEquals(Source.TEXT, settled.source());
        assertTrue(settled.confidence() != judged.confidence(), "settled by the trigrams: " + settled + " " + judged);
        assertEquals(judged, detector.detect(spanish, new LanguageHints("pt", List.of())), "another contact language");
        assertEquals("en", detector.detect("Where is my order?", new LanguageHints("de", List.of())).language());
    }

    /** Verifies that a clear sentence wins over hints that say otherwise. */
    @Test
    void clearTextOverridesTheContactsLanguage() {
        DetectedLanguage detected = detector.detect("¿Dónde está mi pedido? Lo pedí hace dos semanas",
                new LanguageHints("en", List.of("en-US")));
        assertEquals(new DetectedLanguage("es", detected.confidence(), Source.TEXT), detected);
        assertTrue(detected.confidence() >= DetectionSettings.defaults().minConfidence(), detected.toString());
    }

    /**
     * Verifies that Chinese, Japanese, Thai and Korean messages with order numbers, prices, dates, links, addresses and
     * emoji in them are detected by their words, even with a browser set to English.
     */
    @Test
    void numbersLinksAndEmojiInsideUnspacedScriptsLeaveTheWordsToDecide() {
        Map<String, String> messages = Map.of(
                "订单12345还没到", "zh-CN",
                "我在2024/05/01下的订单，价格¥399，请看https://shop.example.com/o/123😡", "zh-CN",
                "请把发票发到billing@example.com谢谢🙏", "zh-CN",
                "注文番号12345の商品がまだ届きません", "ja",
                "メールはyamada@example.jpです、注文は#A-77です", "ja",
                "คำสั่งซื้อ#98765ยังไม่มาถึง", "th",
                "คำสั่งซื้อ 12345 ยังไม่มาถึงค่ะ 😢", "th",
                "주문번호 48151623은 어디에 있나요", "ko",
                "Meine Bestellung 12345 ist noch nicht da 😡", "de");
        LanguageHints english = new LanguageHints(null, List.of("en-US"));
        assertAll(messages.entrySet().stream().map(m -> (Executable) () -> {
            DetectedLanguage detected = detector.detect(m.getKey(), english);
            assertEquals(m.getValue(), detected.language(), m.getKey());
            assertEquals(Source.TEXT, detected.source(), m.getKey());
        }));
    }

    /**
     * Verifies that a spelling mark only some languages use breaks a near-tie among the languages the text leaves
     * open: each of these was another language, or unknown, before the marks were weighed.
     */
    @Test
    void spellingMarksBreakNearTies() {
        Map<String, String> wereWrong = Map.of(
                "It'll be fine.", "en", // was German
                "Don't go.", "en", // was French
                "I won't pay.", "en", // was unknown
                "Qu'en penses-tu?", "fr", // was Portuguese
                "¿Son grandes?", "es", // was French
                "¡Qué bonito!", "es", // was unknown
                "М'яч.", "uk", // was Russian
                "Здоров'я!", "uk", // was Russian
                "Том пронирливий.", "uk"); // was Russian
        assertAll(wereWrong.entrySet().stream().map(m -> (Executable) () -> {
            DetectedLanguage detected = detector.detect(m.getKey(), LanguageHints.none());
            assertEquals(m.getValue(), detected.language(), m.getKey());
            assertEquals(Source.TEXT, detected.source(), m.getKey());
        }));
    }

    /**
     * Verifies what the marks must not change: a clear text keeps its language whatever mark it holds, and a name
     * that looks like a mark (l'Occitane, Вий) is none.
     */
    @Test
    void spellingMarksNeverOverruleAClearTextOrReadNames() {
        DetectedLanguage german = detector.detect("Mein Paket ist immer noch nicht angekommen, c'est la vie.",
                LanguageHints.none());
        assertEquals("de", german.language(), "clear German with a French saying: " + german);
        assertEquals("en", detector.detect("My order from l'Occitane has not arrived yet.", LanguageHints.none())
                .language());
        assertEquals("ru", detector.detect("Я читаю повесть Гоголя Вий.", LanguageHints.none()).language());
        assertEquals(new DetectedLanguage("pt", HintFallback.CONTACT_CONFIDENCE, Source.CONTACT),
                detector.detect("Quero cancelar o pedido", new LanguageHints("pt", List.of())),
                "no mark: the hint still decides a near-tie");
    }

    /**
     * Verifies that an unclear sentence is read again without the capitalised words inside it (names of people,
     * places, brands), and that German, which capitalises its nouns, keeps its language.
     */
    @Test
    void namesInsideASentenceDoNotDecideItsLanguage() {
        assertEquals("pt", detector.detect("Tom gosta de Mary?", LanguageHints.none()).language(), "was Polish");
        assertEquals("pt", detector.detect("Onde está o Peter?", LanguageHints.none()).language(), "was Spanish");
        for (String german : List.of("Alle Studenten applaudieren.", "Mein Handy ist kaputt.", "Hat Anna angerufen?",
                "Wo ist mein Paket?")) {
            assertEquals("de", detector.detect(german, LanguageHints.none()).language(), german);
        }
        assertEquals("en", detector.detect("Mary and I left.", LanguageHints.none()).language());
    }

    /** Verifies that a text that is clear about its language keeps it, whatever the contact or the browser say. */
    @Test
    void aClearTextIsNeverReplacedByAHint() {
        for (String browser : List.of("de", "en-US")) {
            assertEquals(new DetectedLanguage("ja", 1, Source.TEXT), detector.detect(
                    "iPhone 15 Pro Maxのケースはありますか", new LanguageHints(null, List.of(browser))),
                    "Latin product names in a Japanese sentence, browser " + browser);
        }
        DetectedLanguage shortAndClear = detector.detect("Eu não sei", new LanguageHints("es", List.of("es-ES")));
        assertEquals(new DetectedLanguage("pt", shortAndClear.confidence(), Source.TEXT), shortAndClear,
                "fewer letters than the minimum, but clear");
        assertTrue(shortAndClear.confidence() >= LinguaLanguageDetector.CLEAR, shortAndClear.toString());
        DetectedLanguage german = detector.detect("Meine Bestellung ist noch nicht da",
                new LanguageHints("fr", List.of()));
        assertEquals(new DetectedLanguage("de", german.confidence(), Source.TEXT), german);
    }

    /**
     * Verifies that a text unsure between a few languages takes the contact's earlier language or the browser's when
     * it is one of them, and keeps its own guess when the hints name a language the text rules out.
     */
    @Test
    void anUnsureTextTakesOnlyAHintItLeavesOpen() {
        String portugueseOrSpanish = "Quero cancelar o pedido";
        DetectedLanguage alone = detector.detect(portugueseOrSpanish, LanguageHints.none());
        assertTrue(alone.confidence() < DetectionSettings.defaults().minConfidence(), "unsure alone: " + alone);
        assertEquals(new DetectedLanguage("pt", HintFallback.CONTACT_CONFIDENCE, Source.CONTACT),
                detector.detect(portugueseOrSpanish, new LanguageHints("pt", List.of("en-US"))));
        assertEquals(new DetectedLanguage("es", HintFallback.CONTACT_CONFIDENCE, Source.CONTACT),
                detector.detect(portugueseOrSpanish, new LanguageHints("es", List.of())));
        assertEquals(new DetectedLanguage("pt", HintFallback.BROWSER_CONFIDENCE, Source.BROWSER),
                detector.detect(portugueseOrSpanish, new LanguageHints("ko", List.of("en-US", "pt-BR"))),
                "the contact's Korean and the browser's English are ruled out by the text");
        assertEquals(alone, detector.detect(portugueseOrSpanish, new LanguageHints("ko", List.of("en-US"))),
                "no hint the text leaves open: the text's own guess");

        String germanAndEnglish = "Hello, ich brauche Hilfe with my order bitte";
        DetectedLanguage mixed = detector.detect(germanAndEnglish, new LanguageHints("fr", List.of("fr-FR")));
        assertEquals(Source.TEXT, mixed.source(), mixed.toString());
        assertTrue(Set.of("de", "en").contains(mixed.language()), mixed.toString());
        assertEquals(new DetectedLanguage("zh-CN", 1, Source.TEXT),
                detector.detect("Hello 你好 my order 订单", new LanguageHints("de", List.of())),
                "two scripts, neither of them German");
    }

    /** Verifies that a message too short to judge takes the contact's language, else the browser's, else none. */
    @Test
    void aTooShortTextTakesTheContactsEarlierLanguage() {
        assertEquals(new DetectedLanguage("uk", HintFallback.CONTACT_CONFIDENCE, Source.CONTACT),
                detector.detect("Спасибо", new LanguageHints("uk", List.of("ru-RU"))));
        assertEquals(new DetectedLanguage("ru", HintFallback.BROWSER_CONFIDENCE, Source.BROWSER),
                detector.detect("Спасибо", new LanguageHints(null, List.of("ru-RU"))));
        DetectedLanguage alone = detector.detect("Спасибо", LanguageHints.none());
        assertEquals("ru", alone.language(), "with no hint, the text's own guess: it is the Russian word");
        assertEquals(Source.TEXT, alone.source());
        assertTrue(alone.confidence() < LinguaLanguageDetector.CLEAR, "and it says it is unsure: " + alone);
    }

    /**
     * Verifies that "ok", an emoji, "lol" and "Thanks!" take the contact's language, else the browser's; with no hint
     * the first four, which no language owns, stay unknown, and "Thanks!" is the text's own unsure English.
     */
    @Test
    void shortMessagesFallBackToTheContactThenTheBrowser() {
        for (String text : List.of("ok", "👍", "lol", "ok 👍", "Thanks!")) {
            assertEquals(new DetectedLanguage("de", HintFallback.CONTACT_CONFIDENCE, Source.CONTACT),
                    detector.detect(text, new LanguageHints("de-AT", List.of("fr-FR", "en"))), text);
            assertEquals(new DetectedLanguage("fr", HintFallback.BROWSER_CONFIDENCE, Source.BROWSER),
                    detector.detect(text, new LanguageHints(null, List.of("fr-FR", "en"))), text);
            assertEquals(new DetectedLanguage("fr", HintFallback.BROWSER_CONFIDENCE, Source.BROWSER),
                    detector.detect(text, new LanguageHints("  ", List.of("*", "fr-FR"))), text + " skips bad tags");
            if (!text.equals("Thanks!")) {
                assertEquals(DetectedLanguage.unknown(), detector.detect(text, LanguageHints.none()), text);
            }
        }
        DetectedLanguage thanks = detector.detect("Thanks!", LanguageHints.none());
        assertEquals("en", thanks.language(), thanks.toString());
        assertTrue(thanks.source() == Source.TEXT && thanks.confidence() < LinguaLanguageDetector.CLEAR,
                thanks.toString());
        assertEquals(DetectedLanguage.unknown(), detector.detect(null, null));
    }

    /** Verifies that links, e-mail addresses and order numbers do not make a message long enough to judge. */
    @Test
    void linksAndNumbersAreNotLanguage() {
        DetectedLanguage detected = detector.detect("https://shop.example.com/orders/48151623 #A-77 mail@example.com ok",
                new LanguageHints("ja", List.of()));
        assertEquals(Source.CONTACT, detected.source());
        assertEquals("ja", detected.language());
    }

    /** Verifies that a message in one script that only one language uses is decided however short. */
    @Test
    void aScriptOfOneLanguageDecidesEvenShortMessages() {
        Map<String, String> shortOnes = Map.of("감사합니다", "ko", "ありがとう", "ja", "ขอบคุณ", "th", "谢谢", "zh-CN",
                "謝謝", "zh-TW");
        shortOnes.forEach((text, language) -> assertEquals(new DetectedLanguage(language, 1, Source.TEXT),
                detector.detect(text, new LanguageHints("en", List.of("en-GB"))), text));
    }

    /** Verifies that a message mixing two languages takes the contact's language, else the browser's. */
    @Test
    void mixedMessagesFallBackToTheHints() {
        String germanAndEnglish = "Hello, ich brauche Hilfe with my order bitte";
        assertEquals(Source.CONTACT, detector.detect(germanAndEnglish, new LanguageHints("en", List.of())).source());
        assertEquals("en", detector.detect(germanAndEnglish, new LanguageHints("en", List.of())).language());
        assertEquals("de", detector.detect(germanAndEnglish, new LanguageHints("de", List.of())).language());
        assertEquals(new DetectedLanguage("es", HintFallback.BROWSER_CONFIDENCE, Source.BROWSER),
                detector.detect("Hola, necesito ayuda. Thank you so much for your help!",
                        new LanguageHints(null, List.of("es-MX", "en"))));
        DetectedLanguage scripts = detector.detect("Hello 你好 my order 订单", new LanguageHints("en", List.of()));
        assertEquals(Source.CONTACT, scripts.source(), "two scripts, each a good part of the text");

        DetectedLanguage guess = detector.detect(germanAndEnglish, LanguageHints.none());
        assertEquals(Source.TEXT, guess.source(), "no hint: the text's own best guess");
        assertTrue(Set.of("de", "en").contains(guess.language()), guess.toString());
    }

    /** Verifies that single-language sentences are not mistaken for mixed ones, even with a hint for another language. */
    @Test
    void singleLanguageSentencesAreNotMixed() {
        Function<String, DetectedLanguage> withEnglishContact = text -> detector.detect(text,
                new LanguageHints("en", List.of("en-US")));
        assertEquals("de", withEnglishContact.apply("Ich möchte meine Bestellung stornieren, bitte").language());
        assertEquals("fr", withEnglishContact.apply("Bonjour, je voudrais annuler ma commande").language());
        assertEquals("it", withEnglishContact.apply("Non riesco ad accedere al mio account").language());
        DetectedLanguage chinese = withEnglishContact.apply("我的order还没到");
        assertEquals(new DetectedLanguage("zh-CN", chinese.confidence(), Source.TEXT), chinese,
                "one English word in a Chinese sentence");
    }

    /** Verifies Simplified and Traditional Chinese are told apart, and that an undecided text follows a Chinese hint. */
    @Test
    void tellsSimplifiedFromTraditionalChinese() {
        assertEquals("zh-CN", detector.detect("请问这个订单什么时候发货？", LanguageHints.none()).language());
        assertEquals("zh-TW", detector.detect("請問這個訂單什麼時候發貨？", LanguageHints.none()).language());
        assertEquals("zh-TW", detector.detect("我想退貨，包裹已經寄出了", new LanguageHints("zh-CN", List.of())).language(),
                "the script wins over the hint");
        // 你好 is written the same in both scripts.
        assertEquals("zh-TW", detector.detect("你好", new LanguageHints(null, List.of("zh-HK"))).language());
        assertEquals("zh-TW", detector.detect("你好", new LanguageHints("zh-Hant", List.of())).language());
        assertEquals("zh-CN", detector.detect("你好", new LanguageHints(null, List.of("en"))).language());
    }

    /** Verifies that a long message is judged by its beginning, quickly. */
    @Test
    void longMessagesAreJudgedByTheirBeginning() {
        String letter = "Sehr geehrte Damen und Herren, leider ist meine Bestellung noch nicht angekommen. ".repeat(2000);
        long start = System.nanoTime();
        assertEquals("de", detector.detect(letter, LanguageHints.none()).language());
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 5, "bounded by the first characters");
    }

    /** Verifies that the low-accuracy mode answers too (the mode the settings name is the one built). */
    @Test
    void lowAccuracyModeDetectsLongerSentences() {
        LinguaLanguageDetector low = LinguaLanguageDetector.withSettings(new DetectionSettings(List.of("en", "de", "fr"),
                DetectionSettings.Accuracy.LOW, 0.05, 10));
        assertEquals(DetectionSettings.Accuracy.LOW, low.settings().accuracy());
        assertEquals("fr", low.detect("Bonjour, je voudrais savoir quand ma commande sera livrée",
                LanguageHints.none()).language());
        assertFalse(low.detect("Bonjour, je voudrais savoir quand ma commande sera livrée", LanguageHints.none())
                .language().isEmpty());
    }
}
