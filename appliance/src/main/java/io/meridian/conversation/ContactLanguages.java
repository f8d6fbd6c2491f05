package io.meridian.conversation;

import static io.meridian.conversation.Arguments.blankToNull;
import static io.meridian.conversation.Arguments.checkLength;

import io.vertx.core.Future;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What is known about the languages of a contact and of their messages, none of it sealed: routing and translation
 * decide on it. Reached through {@link ConversationService}.
 */
final class ContactLanguages {

    private final ConversationStorage storage;

    ContactLanguages(ConversationStorage storage) {
        this.storage = storage;
    }

    /**
     * Keeps what the widget told about the visitor's languages: the browser's languages (most preferred first) and,
     * if the contact has no country yet, the region of {@code locale} (es-MX gives MX).
     */
    Future<Void> recordVisitorContext(String contactId, List<String> browserLanguages, String locale) {
        Objects.requireNonNull(contactId, "contactId");
        String languages = browserLanguages == null || browserLanguages.isEmpty() ? null
                : String.join(",", browserLanguages.stream().limit(8).toList());
        if (languages != null && languages.length() > 200) {
            languages = languages.substring(0, languages.lastIndexOf(',', 200));
        }
        String country = countryOf(locale);
        String stored = languages;
        return storage.store.write(c -> {
            storage.contacts.updateContext(c, contactId, stored, country, storage.now());
            return null;
        });
    }

    /** Records the language detected from what the contact wrote. */
    Future<Void> recordContactLanguage(String contactId, String language) {
        Objects.requireNonNull(contactId, "contactId");
        try {
            checkLength(language, ConversationService.MAX_LOCALE_CHARS, "language");
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        return storage.store.write(c -> {
            storage.contacts.updateLanguage(c, contactId, blankToNull(language), storage.now());
            return null;
        });
    }

    /**
     * Records the detected languages of customer messages, all in one write (one JDBC batch), so that detection adds
     * one store work per batch rather than per message. Completes with how many of the messages exist.
     */
    Future<Integer> recordMessageLanguages(List<MessageLanguage> detected) {
        if (detected.isEmpty()) {
            return Future.succeededFuture(0);
        }
        List<MessageLanguage> copy = List.copyOf(detected);
        return storage.store.write(c -> storage.records.updateMessageLanguages(c, copy));
    }

    /** The ISO 3166 region of a BCP 47 locale (es-MX gives MX), or null if it names none. */
    static String countryOf(String locale) {
        if (locale == null || locale.isBlank()) {
            return null;
        }
        String country = Locale.forLanguageTag(locale.strip().replace('_', '-')).getCountry();
        return country.length() == 2 ? country : null;
    }
}
