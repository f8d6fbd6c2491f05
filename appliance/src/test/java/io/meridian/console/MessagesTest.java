package io.meridian.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.console.Messages.Piece;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code $t}: texts, arguments, plural forms, markup pieces, server sentences and dates. */
class MessagesTest {

    private static final Instant AT = Instant.parse("2026-03-14T09:05:00Z");

    @Test
    void textsAndArguments() {
        Messages de = Messages.of(ConsoleLanguage.DE, ZoneId.of("Europe/Berlin"));
        assertEquals("Offene Unterhaltungen", de.get("inbox.heading"));
        assertEquals("Neues Passwort (mindestens 12 Zeichen)", de.get("password.new", 12));
        assertEquals("1 Nachricht", de.count("inbox.messages", 1));
        assertEquals("1.234 Nachrichten", de.count("inbox.messages", 1234), "numbers in the locale's format");
        assertEquals("??no.such.key??", de.get("no.such.key"));
        assertEquals("Web-Chat", de.or("channel.web", "web"));
        assertEquals("channel-email-1", de.or("channel.channel-email-1", "channel-email-1"));
        Messages fr = Messages.of(ConsoleLanguage.FR, ZoneId.of("UTC"));
        assertEquals("La réponse n'a pas été envoyée : timeout. Vous pouvez cliquer à nouveau sur Envoyer sans risque.",
                fr.get("conversation.not-sent", "timeout"), "apostrophes are plain text");
    }

    /** Verifies each console language's plural rule (CLDR): French says one for 0, English does not; Japanese never. */
    @Test
    void pluralsFollowEachLanguagesRule() {
        Messages en = Messages.of(ConsoleLanguage.EN, ZoneId.of("UTC"));
        Messages fr = Messages.of(ConsoleLanguage.FR, ZoneId.of("UTC"));
        assertEquals("0 messages", en.count("inbox.messages", 0));
        assertEquals("1 message", en.count("inbox.messages", 1));
        assertEquals("0 message", fr.count("inbox.messages", 0), "French: 0 takes the singular");
        assertEquals("1 message", fr.count("inbox.messages", 1));
        assertEquals("2 messages", fr.count("inbox.messages", 2));
        for (ConsoleLanguage cjk : java.util.List.of(ConsoleLanguage.JA, ConsoleLanguage.KO, ConsoleLanguage.ZH_CN,
                ConsoleLanguage.ZH_TW)) {
            assertEquals("other", Messages.pluralCategory(cjk, 1), cjk + " has one form");
        }
        assertEquals("one", Messages.pluralCategory(ConsoleLanguage.ES, 1));
        assertEquals("other", Messages.pluralCategory(ConsoleLanguage.DE, 0));
    }

    /** Verifies that dates follow the agent's time zone and the language's conventions. */
    @Test
    void datesInTheAgentsZoneAndLocale() {
        assertEquals("14.03.2026, 10:05", Messages.of(ConsoleLanguage.DE, ZoneId.of("Europe/Berlin")).dateTime(AT));
        assertEquals("2026/03/14 18:05", Messages.of(ConsoleLanguage.JA, ZoneId.of("Asia/Tokyo")).dateTime(AT));
        String english = Messages.of(ConsoleLanguage.EN, ZoneId.of("America/New_York")).dateTime(AT);
        assertTrue(english.startsWith("Mar 14, 2026") && english.contains("5:05"), english);
        assertEquals("", Messages.of(ConsoleLanguage.EN, ZoneId.of("UTC")).dateTime(null));
        assertEquals("Asia/Tokyo", Messages.of(ConsoleLanguage.JA, ZoneId.of("Asia/Tokyo")).zone());
        assertEquals("zh-TW", Messages.of(ConsoleLanguage.ZH_TW, ZoneId.of("Asia/Taipei")).lang());
    }

    /** Verifies that a text with markup comes in pieces, in the translation's own order of arguments. */
    @Test
    void piecesFollowTheTranslationsOrder() {
        List<Piece> english = Messages.of(ConsoleLanguage.EN, ZoneId.of("UTC")).pieces("login.first-start");
        assertEquals(List.of(0, 1, -1), english.stream().map(Piece::arg).toList());
        assertEquals("First start: sign in as ", english.get(0).text());
        List<Piece> japanese = Messages.of(ConsoleLanguage.JA, ZoneId.of("UTC")).pieces("login.first-start");
        assertEquals(List.of(1, 0, -1), japanese.stream().map(Piece::arg).toList(), "Japanese names the file first");
    }

    /** Verifies that sentences the server writes in English are translated, values carried over. */
    @Test
    void serverSentencesAreTranslated() {
        Messages es = Messages.of(ConsoleLanguage.ES, ZoneId.of("UTC"));
        assertEquals("Usuario desconocido o contraseña incorrecta.", es.text("Unknown username or wrong password."));
        assertEquals("Para esto se necesita el permiso accounts.manage.", es.text("This needs the accounts.manage permission."));
        assertEquals("El usuario «agnes» ya está en uso.", es.text("The username 'agnes' is taken."));
        Messages ko = Messages.of(ConsoleLanguage.KO, ZoneId.of("UTC"));
        assertEquals("사용 중인 주소에서 로그인에 너무 많이 실패했습니다. 5분 후에 다시 시도하세요.",
                ko.text("Too many failed sign-ins from your address. Try again in 5 minutes."));
        assertEquals("받은 메시지함", ko.text("Inbox"));
        assertEquals("Something nobody translated.", ko.text("Something nobody translated."));
        assertEquals("", ko.text(null));
        Messages en = Messages.of(ConsoleLanguage.EN, ZoneId.of("UTC"));
        assertEquals("This needs the accounts.manage permission.", en.text("This needs the accounts.manage permission."), "English stays as written");
    }

    /** Verifies that the browser's Accept-Language picks the console language, weights honoured. */
    /** Verifies that the contact and routing pages' refusals, written in English by the server, are translated. */
    @Test
    void contactAndRoutingRefusalsAreTranslated() {
        Messages de = Messages.of(ConsoleLanguage.DE, ZoneId.of("UTC"));
        assertEquals("Jonas Berg ist ausgelastet (3 Unterhaltungen)", de.text("Jonas Berg is at capacity (3 conversations)"));
        assertEquals("Kontakt 5f0e was already", de.text("Kontakt 5f0e was already"), "an unknown sentence stays");
        Messages ja = Messages.of(ConsoleLanguage.JA, ZoneId.of("UTC"));
        assertEquals("連絡先 5f0e-11 はすでに別の連絡先に統合されています",
                ja.text("Contact 5f0e-11 was already merged into another contact"));
        assertEquals("連絡先 5f0e-11 は存在しません", ja.text("No contact 5f0e-11"));
        assertEquals("連絡先", ja.text("Contact"));
        Messages fr = Messages.of(ConsoleLanguage.FR, ZoneId.of("UTC"));
        assertEquals("la note dépasse 4000 caractères", fr.text("the note is longer than 4000 characters"));
        assertEquals("la conversation est déjà chez Léa", fr.text("the conversation is already with Léa"));
        assertEquals("Glossaire", fr.text("Glossary"));
    }

    @Test
    void acceptLanguageChoosesAConsoleLanguage() {
        assertEquals(ConsoleLanguage.DE, ConsoleLanguage.fromAcceptLanguage("de-CH, de;q=0.9, en;q=0.8"));
        assertEquals(ConsoleLanguage.ZH_TW, ConsoleLanguage.fromAcceptLanguage("zh-HK,zh;q=0.9"));
        assertEquals(ConsoleLanguage.ZH_TW, ConsoleLanguage.fromAcceptLanguage("zh-Hant"));
        assertEquals(ConsoleLanguage.ZH_CN, ConsoleLanguage.fromAcceptLanguage("zh"));
        assertEquals(ConsoleLanguage.ES, ConsoleLanguage.fromAcceptLanguage("pt-BR, es;q=0.5, en;q=0.3"));
        assertEquals(ConsoleLanguage.KO, ConsoleLanguage.fromAcceptLanguage("en;q=0.2, ko-KR;q=0.8"));
        assertEquals(ConsoleLanguage.EN, ConsoleLanguage.fromAcceptLanguage("*"));
        assertEquals(ConsoleLanguage.EN, ConsoleLanguage.fromAcceptLanguage("pt-BR"));
        assertEquals(ConsoleLanguage.EN, ConsoleLanguage.fromAcceptLanguage("de;q=banana,,;;"));
        assertEquals(ConsoleLanguage.EN, ConsoleLanguage.fromAcceptLanguage(null));
    }
}
