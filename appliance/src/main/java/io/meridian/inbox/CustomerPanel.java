package io.meridian.inbox;

import io.meridian.conversation.ConversationFacts;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;

/**
 * The customer beside the open conversation, as the agent reads it: languages and country named in the agent's
 * console language, and the customer's local time now. Built from the conversation's facts (nothing sealed is
 * opened for it).
 *
 * @param language          the customer's language, named (empty when not known yet)
 * @param browserLanguages  the browser's languages, named, in the browser's order
 * @param localTime         the customer's weekday and time now, empty without a time zone
 * @param timeZone          the IANA id, empty when unknown
 * @param country           the country, named, empty when unknown
 */
public record CustomerPanel(String language, List<String> browserLanguages, String localTime, String timeZone,
        String country) {

    static CustomerPanel of(ConversationFacts facts, Locale reader, Instant now) {
        return new CustomerPanel(languageName(facts.language(), reader),
                facts.browserLanguages().stream().map(tag -> languageName(tag, reader)).distinct().toList(),
                localTime(facts.timeZone(), reader, now), facts.timeZone() == null ? "" : facts.timeZone(),
                countryName(facts.country(), reader));
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
