package io.meridian.translation.libretranslate;

import io.meridian.spi.InvalidConfigException;
import io.meridian.spi.translation.LanguagePair;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns LibreTranslate's language codes into BCP 47 tags. Most are ISO 639-1 already ({@code en}, {@code es});
 * LibreTranslate's own {@code zt} (Chinese, traditional script) and {@code pb} (Brazilian Portuguese) become
 * {@code zh-Hant} and {@code pt-BR}. The admin's mappings ({@code zh=zh-CN, zt=zh-TW}) win.
 *
 * <p>Immutable; thread-safe.
 */
final class LanguageCodes {

    private static final Map<String, String> LIBRETRANSLATE_OWN = Map.of("zt", "zh-Hant", "pb", "pt-BR");

    private final Map<String, String> overrides;

    LanguageCodes(Map<String, String> overrides) {
        this.overrides = Map.copyOf(overrides);
    }

    /**
     * @param property the configuration property, for the error
     * @param text {@code code=tag} entries separated by commas or new lines; may be empty
     * @return the codes
     * @throws InvalidConfigException naming an entry that is not {@code code=tag}
     */
    static LanguageCodes parse(String property, String text) throws InvalidConfigException {
        Map<String, String> overrides = new HashMap<>();
        for (String entry : text.split("[,\\n\\r]+")) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            int eq = e.indexOf('=');
            if (eq <= 0 || eq == e.length() - 1) {
                throw new InvalidConfigException(property, "expected entries such as 'zh=zh-CN, zt=zh-TW' "
                        + "(LibreTranslate code=language tag), got '" + e + "'");
            }
            String code = e.substring(0, eq).strip();
            try {
                overrides.put(code, LanguagePair.normalizeTag(e.substring(eq + 1).strip()));
            } catch (IllegalArgumentException ex) {
                throw new InvalidConfigException(property, "in '" + e + "': " + ex.getMessage());
            }
        }
        return new LanguageCodes(overrides);
    }

    /**
     * @param code a LibreTranslate language code
     * @return its BCP 47 tag, or empty if it is not one
     */
    Optional<String> tagOf(String code) {
        String mapped = overrides.getOrDefault(code, LIBRETRANSLATE_OWN.get(code));
        try {
            return Optional.of(LanguagePair.normalizeTag(mapped != null ? mapped : code));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
