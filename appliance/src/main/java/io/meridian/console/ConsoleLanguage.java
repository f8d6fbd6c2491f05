package io.meridian.console;

import io.meridian.conversation.LanguageTags;
import java.util.Arrays;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The languages the agent console is translated into. Each has a resource bundle
 * {@code i18n/console[_<suffix>].properties}; English is the base every other bundle must match key for key (a test
 * checks it). Adding a language: docs/language.md.
 */
public enum ConsoleLanguage {
    EN("en", Locale.ENGLISH, "English"),
    ZH_CN("zh-CN", Locale.SIMPLIFIED_CHINESE, "简体中文"),
    ZH_TW("zh-TW", Locale.TRADITIONAL_CHINESE, "繁體中文"),
    JA("ja", Locale.JAPANESE, "日本語"),
    KO("ko", Locale.KOREAN, "한국어"),
    FR("fr", Locale.FRENCH, "Français"),
    DE("de", Locale.GERMAN, "Deutsch"),
    ES("es", Locale.forLanguageTag("es"), "Español");

    private final String tag;
    private final Locale locale;
    private final String nativeName;

    ConsoleLanguage(String tag, Locale locale, String nativeName) {
        this.tag = tag;
        this.locale = locale;
        this.nativeName = nativeName;
    }

    /** The BCP 47 tag: the page's {@code lang} attribute and the value stored on the agent. */
    public String tag() {
        return tag;
    }

    /** The locale for dates, numbers and the bundle. */
    public Locale locale() {
        return locale;
    }

    /** The language's name in itself, as the settings page lists it. */
    public String nativeName() {
        return nativeName;
    }

    /** The resource bundle's file name, under {@code i18n/} on the class path. */
    public String bundleFile() {
        return this == EN ? "console.properties" : "console_" + locale + ".properties";
    }

    public static List<ConsoleLanguage> all() {
        return List.of(values());
    }

    /** The console language a tag names ({@code de-AT} gives German, {@code zh-HK} Traditional Chinese). */
    public static Optional<ConsoleLanguage> of(String tag) {
        return LanguageTags.normalize(tag).flatMap(normalized -> Arrays.stream(values())
                .filter(l -> l.tag.equals(normalized))
                .findFirst());
    }

    /**
     * The browser's most preferred console language from an {@code Accept-Language} header (weights honoured),
     * English when it names none of them or cannot be read.
     */
    public static ConsoleLanguage fromAcceptLanguage(String header) {
        if (header == null || header.isBlank() || header.length() > 1024) {
            return EN;
        }
        try {
            for (Locale.LanguageRange range : Locale.LanguageRange.parse(header)) {
                Optional<ConsoleLanguage> match = of(range.getRange());
                if (match.isPresent()) {
                    return match.get();
                }
            }
        } catch (IllegalArgumentException | IllformedLocaleException e) {
            return EN; // a malformed header is the browser's problem, not a reason to fail the page
        }
        return EN;
    }
}
