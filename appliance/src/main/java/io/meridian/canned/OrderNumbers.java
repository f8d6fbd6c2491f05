package io.meridian.canned;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The order number a customer gave, for {@code {{order.number}}} in canned replies: the last one in their newest
 * message that has one. An order number is what follows a word for "order" in a language the console or the widget
 * speaks (order, Bestellung, commande, pedido, 注文, 订单, 주문, طلب, הזמנה…), perhaps with "number"/"no."/"#" between:
 * a run of up to six letters, then digits and dashes ending in a digit ({@code ORD-48213}, {@code #A-10492},
 * {@code 4711}); without such a word, a code of capital letters and at least four digits ({@code ORD-48213}). Plain
 * numbers with no word before them (phone numbers, amounts, dates) are not taken.
 */
final class OrderNumbers {

    /** Latin letters and digits may not run on; Chinese or Japanese text may (it has no spaces). */
    private static final String CODE = "([A-Za-z]{0,6}-?\\d[\\d-]{2,30}\\d)(?![A-Za-z\\d])";
    /** A word of an alphabet must start a word ("disorder" is none); Chinese, Japanese and Korean run on. */
    private static final Pattern AFTER_WORD = Pattern.compile("(?iu)(?:(?<![\\p{L}])(?:orders?|bestell(?:ung|nummer)|"
            + "auftrag(?:snummer)?|commande|pedido|encomenda|ordine|zamówieni[ea]|заказ[а]?|طلب|הזמנה)|注文|订单|訂單|주문)"
            + "(?:\\s|[:#.,：]|no|nr|n°|id|number|nummer|n[úu]mero|num[ée]ro|is|ist|es|est|番号|号|號|번호|は){0,8}"
            + CODE);
    /** At most twelve digits: an IBAN or a VAT number is a longer code and no order number. */
    private static final Pattern LONE_CODE = Pattern.compile("(?<![A-Za-z\\d-])([A-Z]{1,6}-?\\d{4,12})(?![A-Za-z\\d])");
    /** Only a message's beginning is searched: an order number is given early, and a huge text costs nothing more. */
    static final int MAX_CHARS = 4_000;

    private OrderNumbers() {
    }

    /** The order number of the newest of {@code newestFirst} (customer messages) that has one; null if none. */
    static String latest(List<String> newestFirst) {
        for (String text : newestFirst) {
            String found = in(text);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** The last order number in one text, null if none: after an order word first, else a lone code. */
    static String in(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String t = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        String last = lastMatch(AFTER_WORD.matcher(t));
        return last != null ? last : lastMatch(LONE_CODE.matcher(t));
    }

    private static String lastMatch(Matcher m) {
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        return last;
    }
}
