package io.meridian.translation.apertium;

import io.meridian.spi.InvalidConfigException;
import io.meridian.spi.translation.LanguagePair;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the language codes of Apertium modes into the BCP 47 tags Meridian uses.
 *
 * <p>APY names languages by ISO 639-3 ({@code eng}, {@code spa}, {@code fra}, {@code por}), with a variant after an
 * underscore ({@code por_BR}, {@code eng_US}); older packages name their modes by ISO 639-1 ({@code es-pt},
 * {@code fr-es}). A three-letter code becomes the two-letter one where ISO 639-1 has it (the JDK's table, plus the
 * bibliographic spellings {@code fre}, {@code ger} and kin); a code without one ({@code hbs}, {@code ast}) stays
 * three letters, which BCP 47 allows. A variant becomes a region or variant subtag. The admin's mappings
 * ({@code nob=nb, hbs=sr-Latn}) win over all of that.
 *
 * <p>Immutable; thread-safe.
 */
final class ApertiumLanguages {

    private static final Map<String, String> ISO3_TO_ISO1 = new HashMap<>();

    static {
        for (String iso1 : Locale.getISOLanguages()) {
            try {
                ISO3_TO_ISO1.put(new Locale(iso1).getISO3Language(), iso1);
            } catch (RuntimeException e) {
                // a language without a three-letter code cannot come from Apertium under it
            }
        }
        // ISO 639-2 bibliographic codes, which some older packages use
        String[][] bibliographic = {{"fre", "fr"}, {"ger", "de"}, {"dut", "nl"}, {"chi", "zh"}, {"cze", "cs"},
            {"gre", "el"}, {"per", "fa"}, {"rum", "ro"}, {"slo", "sk"}, {"wel", "cy"}, {"arm", "hy"}, {"baq", "eu"},
            {"geo", "ka"}, {"ice", "is"}, {"mac", "mk"}, {"mao", "mi"}, {"may", "ms"}, {"alb", "sq"}, {"bur", "my"},
            {"tib", "bo"}};
        for (String[] pair : bibliographic) {
            ISO3_TO_ISO1.putIfAbsent(pair[0], pair[1]);
        }
    }

    private final Map<String, String> overrides;

    /**
     * @param overrides Apertium code to BCP 47 tag, as the admin configured
     */
    ApertiumLanguages(Map<String, String> overrides) {
        this.overrides = Map.copyOf(overrides);
    }

    /**
     * Parses the admin's mapping: {@code code=tag} entries separated by commas or new lines.
     *
     * @param property the configuration property, for the error
     * @param text the value, may be empty
     * @return the languages
     * @throws InvalidConfigException naming an entry that is not {@code code=tag}
     */
    static ApertiumLanguages parse(String property, String text) throws InvalidConfigException {
        Map<String, String> overrides = new HashMap<>();
        for (String entry : text.split("[,\\n\\r]+")) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            int eq = e.indexOf('=');
            if (eq <= 0 || eq == e.length() - 1) {
                throw new InvalidConfigException(property, "expected entries such as 'nob=nb, hbs=sr-Latn' "
                        + "(Apertium code=language tag), got '" + e + "'");
            }
            String code = e.substring(0, eq).strip();
            String tag;
            try {
                tag = LanguagePair.normalizeTag(e.substring(eq + 1).strip());
            } catch (IllegalArgumentException ex) {
                throw new InvalidConfigException(property, "in '" + e + "': " + ex.getMessage());
            }
            if (!code.matches("[A-Za-z]{2,3}([_-][A-Za-z0-9]{1,8})*")) {
                throw new InvalidConfigException(property, "in '" + e + "': '" + code
                        + "' is not an Apertium language code such as spa, eng or por_BR");
            }
            overrides.put(code, tag);
        }
        return new ApertiumLanguages(overrides);
    }

    /**
     * @param code an Apertium language code, e.g. {@code spa}, {@code es}, {@code por_BR}
     * @return its BCP 47 tag, or empty if the code cannot be expressed as one
     */
    Optional<String> tagOf(String code) {
        String mapped = overrides.get(code);
        if (mapped != null) {
            return Optional.of(mapped);
        }
        String[] parts = code.split("[_-]", 2);
        String language = parts[0].toLowerCase(Locale.ROOT);
        String tag = ISO3_TO_ISO1.getOrDefault(language, language);
        if (parts.length > 1) {
            tag = tag + "-" + parts[1].replace('_', '-');
        }
        try {
            return Optional.of(LanguagePair.normalizeTag(tag));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
