package io.meridian.conversation;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Phone numbers in international form, for masking before they are stored (docs/privacy.md#masking): a {@code +} or
 * {@code 00}, a country code and 8 to 15 digits in all (E.164), single spaces, dots, dashes or an area code in
 * parentheses between them. A number written only in a national form (no country code) is not masked: it cannot be
 * told from an order or ticket number.
 */
final class PhoneNumbers {

    static final Pattern PHONE = Pattern.compile(
            "(?<![\\w+])(?:\\+|00)[1-9](?:[ .\\-]?(?:\\(\\d{1,4}\\)|\\d)){6,18}(?![\\w])");

    private PhoneNumbers() {
    }

    /** Whether the match holds 8 to 15 digits after its international prefix. */
    static boolean valid(Matcher m) {
        String found = m.group();
        String rest = found.startsWith("00") ? found.substring(2) : found.substring(1);
        long digits = rest.chars().filter(Character::isDigit).count();
        return digits >= 8 && digits <= 15;
    }
}
