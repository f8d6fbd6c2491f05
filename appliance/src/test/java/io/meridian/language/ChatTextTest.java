package io.meridian.language;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the cleaning keeps of a chat message: the words, not the numbers, links, addresses and symbols around them. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ChatTextTest {

    /** Verifies that an order number inside an unspaced script goes, and the words around it stay. */
    @Test
    void orderNumbersInUnspacedScriptsLeaveTheWords() {
        assertEquals("订单 还没到", ChatText.of("订单12345还没到").cleaned());
        assertEquals("訂單 還沒到", ChatText.of("訂單#A-77還沒到").cleaned());
        assertEquals("注文番号 の商品がまだ届きません", ChatText.of("注文番号SKU4711-B2の商品がまだ届きません").cleaned());
        assertEquals("คำสั่งซื้อ ยังไม่มาถึง", ChatText.of("คำสั่งซื้อ#98765ยังไม่มาถึง").cleaned());
        assertEquals("주문번호 은 어디에 있나요", ChatText.of("주문번호 48151623은 어디에 있나요").cleaned());
        assertEquals(5, ChatText.of("订单12345还没到").letters());
    }

    /** Verifies that prices, dates and times go whatever digits and currency signs they are written with. */
    @Test
    void pricesDatesAndTimesGo() {
        assertEquals("价格是 对吗", ChatText.of("价格是¥3,980.00对吗").cleaned());
        assertEquals("円でした", ChatText.of("３９８０円でした").cleaned());
        assertEquals("我 号下单的", ChatText.of("我2024/05/01号下单的").cleaned());
        assertEquals("นัดเวลา น.", ChatText.of("นัดเวลา 14:30 น.").cleaned());
        assertEquals("I paid for it at", ChatText.of("I paid $12.50 for it at 7:30pm").cleaned());
        assertEquals("Ich habe bezahlt", ChatText.of("Ich habe 12,50€ bezahlt").cleaned());
        assertEquals("ऑर्डर नहीं आया", ChatText.of("ऑर्डर १२३४ नहीं आया").cleaned());
    }

    /** Verifies that links and e-mail addresses end where their characters end, inside unspaced text too. */
    @Test
    void linksAndAddressesEndWhereTheirCharactersEnd() {
        assertEquals("请看 这个订单", ChatText.of("请看https://shop.example.com/orders/123?x=1这个订单").cleaned());
        assertEquals("请发到 谢谢", ChatText.of("请发到test.user+cs@example.co.jp谢谢").cleaned());
        assertEquals("メールは です", ChatText.of("メールはyamada@example.jpです").cleaned());
        assertEquals("see and write to",
                ChatText.of("see www.example.com/faq and write to help@example.com").cleaned());
        assertEquals("thanks", ChatText.of("@support_team #refund thanks").cleaned());
    }

    /** Verifies that emoji and other symbols go, alone, in sequences, and stuck to words of any script. */
    @Test
    void emojiGo() {
        assertEquals("订单 还没到", ChatText.of("订单😡还没到").cleaned());
        assertEquals("ขอบคุณค่ะ", ChatText.of("ขอบคุณค่ะ🙏🏽").cleaned());
        assertEquals("Danke für die schnelle Lieferung", ChatText.of("Danke für die schnelle Lieferung 👍🎉").cleaned());
        assertEquals("", ChatText.of("👨‍👩‍👧 ❤️ 1️⃣").cleaned());
        assertEquals(0, ChatText.of("👍 12345 https://example.com").letters());
    }

    /** Verifies that words of spaced scripts keep their apostrophes and hyphens, and lose only attached numbers. */
    @Test
    void wordsWithoutDigitsStayWhole() {
        assertEquals("It's Tom's e-mail", ChatText.of("It's Tom's e-mail").cleaned());
        assertEquals("Ajax wird Eredivisie-Meister", ChatText.of("Ajax wird Eredivisie-Meister").cleaned());
        assertEquals("my order and hasn't arrived", ChatText.of("my order #A-77 and 4711-B hasn't arrived").cleaned());
    }

    /** Verifies that a long run without spaces (a pasted blob) is cleaned in one pass, not once per position in it. */
    @Test
    void longRunsAreCleanedInOnePass() {
        String addressLike = "a.b-c_d%e+f".repeat(20_000); // 220,000 characters an e-mail address is made of, no @
        assertEquals(addressLike, ChatText.of(addressLike).cleaned());
        assertEquals("", ChatText.of("1-2.3/4:5".repeat(20_000)).cleaned());
    }

    /** Verifies that a mixed message is split into one part per script, each keeping its own letters. */
    @Test
    void splitsAMixedMessageByScript() {
        ChatText mixed = ChatText.of("Hello 你好 my order 订单");
        assertTrue(mixed.mixesScripts());
        assertEquals(List.of("Hello my order", "你好 订单"), mixed.scriptParts());
        ChatText chinese = ChatText.of("我的order还没到");
        assertFalse(chinese.mixesScripts());
        assertEquals(List.of("order", "我的 还没到"), chinese.scriptParts());
    }

    /** Verifies that capitalised words inside a sentence go, and that first words and words in capitals stay. */
    @Test
    void withoutNamesDropsCapitalisedWordsInsideSentences() {
        assertEquals("Tom gosta de", ChatText.of("Tom gosta de Mary?").withoutNames());
        assertEquals("You're my hero,", ChatText.of("You're my hero, Sami.").withoutNames());
        assertEquals("Is it here? Did call?", ChatText.of("Is it here? Did Anna call?").withoutNames(),
                "a sentence starts after ? too");
        assertEquals("Wo ist mein Hat angerufen?", ChatText.of("Wo ist mein Paket? Hat Anna angerufen?")
                .withoutNames(), "German nouns go too: the detector takes this reading only when it is clearer");
        assertEquals("Я молюся за", ChatText.of("Я молюся за Тома.").withoutNames(), "Cyrillic capitals too");
        assertEquals("Mary and I left.", ChatText.of("Mary and I left.").withoutNames(), "nothing to drop");
        assertEquals("Please send it by DHL", ChatText.of("Please send it by DHL").withoutNames(), "capitals stay");
        assertEquals("请问这个订单", ChatText.of("请问这个订单").withoutNames(), "scripts without capitals");
    }
}
