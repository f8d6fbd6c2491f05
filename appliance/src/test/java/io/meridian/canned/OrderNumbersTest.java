package io.meridian.canned;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What {@code {{order.number}}} finds in customers' messages, in several languages, and what it leaves alone. */
@Timeout(10)
class OrderNumbersTest {

    /** Verifies order numbers after an order word in eight languages, and codes without one. */
    @Test
    void findsTheNumberAfterAnOrderWordOrACode() {
        assertEquals("4711", OrderNumbers.in("My order 4711 has not arrived"));
        assertEquals("48213", OrderNumbers.in("order number is 48213, please check"));
        assertEquals("ORD-48213", OrderNumbers.in("Ich bin Lena, Bestellung ORD-48213, lena.vogel@example.de"));
        assertEquals("A-10492", OrderNumbers.in("Hola, mi pedido #A-10492 todavía no ha llegado."));
        assertEquals("77812", OrderNumbers.in("Ma commande n° 77812 est en retard"));
        assertEquals("123456", OrderNumbers.in("注文番号は123456です。まだ届きません。"));
        assertEquals("88123", OrderNumbers.in("我的订单88123还没到"));
        assertEquals("55201", OrderNumbers.in("주문 번호 55201 배송 확인 부탁드립니다"));
        assertEquals("XK-2024", OrderNumbers.in("The parcel XK-2024 is late"), "a code without an order word");
        assertEquals("4712", OrderNumbers.in("order 4711, sorry, order 4712"), "the last one in the text");
        assertEquals("4711-22", OrderNumbers.in("Meine Bestellnummer 4711-22 ist nicht angekommen"));
        assertEquals("XK-99812", OrderNumbers.in("Order ID: XK-99812"));
    }

    /** Verifies that phone numbers, amounts, dates and order words without a number give nothing. */
    @Test
    void leavesPlainNumbersAlone() {
        assertNull(OrderNumbers.in("Call me on +49 30 1234567"));
        assertNull(OrderNumbers.in("I paid 129.99 EUR on 2026-11-20"));
        assertNull(OrderNumbers.in("Where is my order?"));
        assertNull(OrderNumbers.in("The disorder 12345 is not an order word"));
        assertNull(OrderNumbers.in("Please refund to DE89370400440532013000"), "an IBAN is no order code");
        assertNull(OrderNumbers.in(""));
        assertNull(OrderNumbers.in("x".repeat(200_000) + " order 4711"), "only the beginning of a huge text");
    }

    /** Verifies that the newest message with a number wins. */
    @Test
    void theNewestMessageWithANumberWins() {
        assertEquals("9001", OrderNumbers.latest(List.of("thanks", "it is order 9001, not 4711", "order 4711")));
        assertNull(OrderNumbers.latest(List.of("hello", "anyone there?")));
    }
}
