package io.meridian.conversation;

import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Optional;

/**
 * The language codes Meridian records: an ISO 639-1 code ({@code es}), except Chinese, which is {@code zh-CN}
 * (Simplified script) or {@code zh-TW} (Traditional script), because that is what an agent or a translation engine
 * needs to know. Browser and contact tags such as {@code en-US}, {@code pt_BR}, {@code zh-Hant-HK} are reduced to
 * that form.
 */
public final class LanguageTags {

    public static final String SIMPLIFIED_CHINESE = "zh-CN";
    public static final String TRADITIONAL_CHINESE = "zh-TW";

    private LanguageTags() {
    }

    /**
     * The recorded form of a BCP 47 tag, or empty for null, blank, {@code *} or malformed input. Chinese written in
     * Traditional script (script {@code Hant}, or region TW, HK or MO without a script) becomes {@code zh-TW}; any
     * other Chinese becomes {@code zh-CN}.
     */
    public static Optional<String> normalize(String tag) {
        if (tag == null) {
            return Optional.empty();
        }
        String t = tag.strip().replace('_', '-');
        int weight = t.indexOf(';');
        if (weight >= 0) {
            t = t.substring(0, weight).strip();
        }
        if (t.isEmpty() || t.equals("*") || t.length() > 35) {
            return Optional.empty();
        }
        Locale locale;
        try {
            locale = new Locale.Builder().setLanguageTag(t).build();
        } catch (IllformedLocaleException e) {
            return Optional.empty();
        }
        String language = locale.getLanguage();
        if (language.length() < 2 || language.length() > 3) {
            return Optional.empty();
        }
        if (language.equals("zh")) {
            return Optional.of(isTraditional(locale) ? TRADITIONAL_CHINESE : SIMPLIFIED_CHINESE);
        }
        return Optional.of(language);
    }

    /** True for {@code zh-CN} and {@code zh-TW}, the two Chinese forms. */
    public static boolean isChinese(String language) {
        return SIMPLIFIED_CHINESE.equals(language) || TRADITIONAL_CHINESE.equals(language);
    }

    private static boolean isTraditional(Locale locale) {
        String script = locale.getScript();
        if (!script.isEmpty()) {
            return script.equals("Hant");
        }
        String region = locale.getCountry();
        return region.equals("TW") || region.equals("HK") || region.equals("MO");
    }
}
