package io.meridian.inbox;

import io.meridian.conversation.ConversationFacts;
import io.meridian.conversation.PersonalDataMasking;
import io.meridian.conversation.VisitorPages;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The customer beside the open conversation, as the agent reads it: languages and country named in the agent's
 * console language, and the customer's local time now; the e-mail address and phone number (masked unless the
 * node's policy says otherwise); for web chat, the page the visitor's widget is on now and the page before it.
 *
 * @param language          the customer's language, named (empty when not known yet)
 * @param browserLanguages  the browser's languages, named, in the browser's order
 * @param localTime         the customer's weekday and time now, empty without a time zone
 * @param timeZone          the IANA id, empty when unknown
 * @param country           the country, named, empty when unknown
 * @param email             the e-mail address, masked or not, empty when unknown
 * @param phone             the phone number, masked or not, empty when unknown
 * @param page              the page the visitor's widget is on now (web chat, while connected), else empty
 * @param referrer          the page that led there, else empty
 */
public record CustomerPanel(String language, List<String> browserLanguages, String localTime, String timeZone,
        String country, String email, String phone, String page, String referrer) {

    /** "+49 " or "+1-": a leading country code of one to three digits, written apart. */

    static CustomerPanel of(ConversationFacts facts, Locale reader, Instant now) {
        return new CustomerPanel(languageName(facts.language(), reader),
                facts.browserLanguages().stream().map(tag -> languageName(tag, reader)).distinct().toList(),
                localTime(facts.timeZone(), reader, now), facts.timeZone() == null ? "" : facts.timeZone(),
                countryName(facts.country(), reader), "", "", "", "");
    }

    /**
     * With the e-mail address and phone number as the policy shows them, and the page the visitor's widget is on now
     * (web chat).
     */
    CustomerPanel with(String email, String phone, boolean masked, Optional<VisitorPages.Page> visiting) {
        return new CustomerPanel(language, browserLanguages, localTime, timeZone, country,
                email == null ? "" : masked ? masked(email) : email,
                phone == null ? "" : masked ? maskedPhone(phone) : phone,
                visiting.map(VisitorPages.Page::url).orElse(""),
                visiting.map(VisitorPages.Page::referrer).filter(r -> r != null).orElse(""));
    }

    /** "m•••@example.com": see {@link PersonalDataMasking#email}. */
    static String masked(String email) {
        return PersonalDataMasking.email(email);
    }

    /** "+49 •• ••••••67": see {@link PersonalDataMasking#phone}. */
    static String maskedPhone(String phone) {
        return PersonalDataMasking.phone(phone);
    }

    /** "Spanish (es)" in English, "スペイン語 (es)" in Japanese; the tag alone if Java has no name for it. */
    static String languageName(String tag, Locale reader) {
        if (tag == null || tag.isBlank()) {
            return "";
        }
        String name = Locale.forLanguageTag(tag).getDisplayName(reader);
        return name.isBlank() || name.equalsIgnoreCase(tag) ? tag : name + " (" + tag + ")";
    }

    private static String localTime(String zone, Locale reader, Instant now) {
        if (zone == null || zone.isBlank()) {
            return "";
        }
        try {
            DateTimeFormatter format = DateTimeFormatter.ofPattern("EEE", reader).withZone(ZoneId.of(zone));
            DateTimeFormatter time = DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(reader)
                    .withZone(ZoneId.of(zone));
            return format.format(now) + " " + time.format(now);
        } catch (DateTimeException e) {
            return ""; // a zone the browser made up: no local time rather than a wrong one
        }
    }

    private static String countryName(String country, Locale reader) {
        if (country == null || country.isBlank()) {
            return "";
        }
        String name = new Locale("", country).getDisplayCountry(reader);
        return name.isBlank() ? country : name;
    }
}
