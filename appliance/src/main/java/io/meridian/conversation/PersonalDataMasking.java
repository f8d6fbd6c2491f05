package io.meridian.conversation;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks what identifies a customer in what a reader sees without seeing personal data: an account whose role lacks the
 * {@code personal-data.unmasked} permission, or another region's agent under the {@code masked} policy. In texts:
 * e-mail addresses, phone numbers and every other number (order numbers, house numbers, postcodes, card and account
 * numbers), and the words of the customer's own name. Street names and names the customer did not give as their own
 * are not recognised; a region whose law needs more chooses {@code deny}, and a role that must not read texts at all
 * lacks {@code conversations.read}. The contact's own fields are cut to what tells two customers apart.
 */
public final class PersonalDataMasking {

    /** What stands in for a masked part. */
    public static final String MASK = "•••";
    /**
     * An address, also cut short (a preview ends mid-word) or written with the full-width at sign, also inside
     * Japanese or Chinese text without spaces around it. A match starts only where the local part starts, so a long
     * text without an at sign is scanned once, not once per character.
     */
    private static final Pattern EMAIL = Pattern.compile(
            "(?<![A-Za-z0-9._%+\\-])[A-Za-z0-9._%+\\-]+[@\uFF20][A-Za-z0-9.\\-]*");
    private static final Pattern UNSPACED = Pattern.compile("[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}\\p{IsHangul}]");
    private static final Pattern NUMBER = Pattern.compile(
            "[+\uFF0B]?\\p{Nd}(?:[\\p{Nd}\\s./()\\-\uFF0D\u30FC]*\\p{Nd})?");

    /** A phone number's country code written apart from the rest: "+49 ", "+1-", "+44 (". */
    private static final Pattern COUNTRY_CODE = Pattern.compile("\\+(\\d{1,3})[ .\\-(]");
    /** Values of these keys are texts a customer wrote or that name them: masked as texts. */
    private static final Set<String> TEXT_KEYS = Set.of("text", "lastMessagePreview", "preview", "subject", "body");
    /** Values of these keys are a customer's name. */
    private static final Set<String> NAME_KEYS = Set.of("contactName", "customerName");
    /** Values of these keys are e-mail addresses (a mail's sender included). */
    private static final Set<String> EMAIL_KEYS = Set.of("email", "from", "sender");

    private PersonalDataMasking() {
    }

    /** "L••• V•••": each word's first character, enough to tell two customers apart; null stays null. */
    public static String name(String name) {
        if (name == null || name.isBlank()) {
            return name;
        }
        StringBuilder out = new StringBuilder();
        for (String word : name.strip().split("\\s+")) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(word, 0, word.offsetByCodePoints(0, 1)).append(MASK);
        }
        return out.toString();
    }

    /** "m•••@example.com": the first character and the domain, enough to tell two addresses apart. */
    public static String email(String email) {
        if (email == null) {
            return null;
        }
        int at = email.lastIndexOf('@');
        if (at <= 0) {
            return MASK;
        }
        return email.substring(0, email.offsetByCodePoints(0, 1)) + MASK + email.substring(at);
    }

    /**
     * "+49 •• ••••••67": every digit but the last two masked, the rest as written, enough to tell two apart. A
     * country code stays when it is written apart ("+49 …": it says only where, not who); run together with the
     * number ("+4930…") nothing tells where it ends, so it is masked too.
     */
    public static String phone(String phone) {
        if (phone == null) {
            return null;
        }
        Matcher code = COUNTRY_CODE.matcher(phone);
        int kept = code.lookingAt() ? code.end(1) : 0;
        int digits = (int) phone.chars().filter(Character::isDigit).count();
        StringBuilder out = new StringBuilder();
        int seen = 0;
        for (int i = 0; i < phone.length(); i++) {
            char ch = phone.charAt(i);
            if (Character.isDigit(ch)) {
                seen++;
                out.append(i < kept || seen > digits - 2 ? ch : '\u2022');
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    /**
     * {@code json} (changed in place, and returned) as a reader without personal data sees it: texts masked
     * ({@link #mask}, with the words of {@code customerName}, or of a {@code contactName} found beside them), names,
     * e-mail addresses and phone numbers of customers cut short, a mail's HTML left out. Staff's names and ids, times
     * and states stay.
     */
    public static JsonObject json(JsonObject json, String customerName) {
        String name = customerName != null ? customerName : json.getString("contactName");
        boolean customerAuthor = "visitor".equalsIgnoreCase(String.valueOf(json.getValue("author")))
                || "customer".equalsIgnoreCase(String.valueOf(json.getValue("author")));
        boolean nodeAuthor = "system".equalsIgnoreCase(String.valueOf(json.getValue("author")));
        for (String key : List.copyOf(json.fieldNames())) {
            Object value = json.getValue(key);
            if (value instanceof JsonObject inner) {
                json(inner, name);
            } else if (value instanceof JsonArray items) {
                json(items, name);
            } else if (value instanceof String text) {
                if (TEXT_KEYS.contains(key)) {
                    json.put(key, nodeAuthor ? maskNodeText(text, name) : mask(text, name));
                } else if (NAME_KEYS.contains(key) || key.equals("authorName") && customerAuthor) {
                    json.put(key, name(text));
                } else if (EMAIL_KEYS.contains(key)) {
                    json.put(key, email(text));
                } else if (key.equals("html")) {
                    // Markup cannot be masked reliably; the mail's text part, masked, says what it says.
                    json.putNull(key);
                } else if (key.equals("phone")) {
                    json.put(key, phone(text));
                }
            }
        }
        return json;
    }

    private static void json(JsonArray items, String customerName) {
        for (int i = 0; i < items.size(); i++) {
            Object item = items.getValue(i);
            if (item instanceof JsonObject inner) {
                json(inner, customerName);
            } else if (item instanceof JsonArray nested) {
                json(nested, customerName);
            }
        }
    }

    /** {@code text} with e-mail addresses, numbers and the words of {@code customerName} (may be null) masked. */
    public static String mask(String text, String customerName) {
        return mask(text, customerName, true);
    }

    /**
     * A text the node wrote itself (an off-hours reply, a notice): its numbers are times, dates and counts, not the
     * customer's, so they stay; addresses and the words of the customer's name are masked as in {@link #mask}.
     */
    public static String maskNodeText(String text, String customerName) {
        return mask(text, customerName, false);
    }

    private static String mask(String text, String customerName, boolean numbers) {
        if (text == null) {
            return null;
        }
        String masked = EMAIL.matcher(Normalizer.normalize(text, Normalizer.Form.NFC)).replaceAll(MASK);
        if (numbers) {
            masked = NUMBER.matcher(masked).replaceAll(MASK);
        }
        for (String word : nameWords(customerName)) {
            // Chinese, Japanese and Korean run words together: their names are found anywhere, others as words.
            String quoted = Pattern.quote(word);
            String pattern = UNSPACED.matcher(word).find() ? quoted
                    : "(?<![\\p{L}\\p{N}])" + quoted + "(?![\\p{L}\\p{N}])";
            masked = Pattern.compile(pattern, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(masked)
                    .replaceAll(Matcher.quoteReplacement(MASK));
        }
        return masked;
    }

    /** The name's words of two letters or more, longest first (so "Ann" does not break "Anna"). */
    private static List<String> nameWords(String name) {
        if (name == null || name.isBlank()) {
            return List.of();
        }
        return Arrays.stream(Normalizer.normalize(name, Normalizer.Form.NFC).strip().split("[\\p{Z}\\s,\\-]+"))
                .filter(w -> w.codePointCount(0, w.length()) >= 2)
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }
}
