package io.meridian.conversation;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Phone numbers in international form, for masking before they are stored (docs/privacy.md#masking): a {@code +} or
 * {@code 00}, a country code and 8 to 15 digits in all (E.164), single spaces, dots, dashes or an area code in
 * parentheses between them. A number written only in a national form (no country code) is not masked: it cannot be
 * told from an order or ticket number; nor is one with {@code 00} and no separator at all ({@code 0012345678} is an
 * order number as often as a phone number). A run of digit groups longer than a phone number is cut after the
 * longest leading groups that make one.
 */
final class PhoneNumbers {

    static final Pattern PHONE = Pattern.compile(
            "(?<![\\w+])(?:\\+|00)[1-9](?:[ .\\-]?(?:\\(\\d{1,4}\\)|\\d)){6,18}(?![\\w])");

    private PhoneNumbers() {
    }

    /**
     * The length of the phone number at the start of the match: its longest leading digit groups holding 8 to 15
     * digits after the international prefix; -1 when none does.
     */
    static int numberLength(Matcher m) {
        String found = m.group();
        boolean doubleZero = found.startsWith("00");
        int digits = 0;
        int best = -1;
        boolean separated = false;
        for (int i = doubleZero ? 2 : 1; i < found.length(); i++) {
            char c = found.charAt(i);
            if (Character.isDigit(c)) {
                digits++;
                boolean groupEnds = i + 1 == found.length() || !Character.isDigit(found.charAt(i + 1));
                if (groupEnds && digits >= 8 && digits <= 15 && (!doubleZero || separated)) {
                    best = i + 1;
                }
            } else {
                separated = true;
            }
        }
        return best;
    }
}
