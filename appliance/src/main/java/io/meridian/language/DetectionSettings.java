package io.meridian.language;

import com.github.pemistahl.lingua.api.IsoCode639_1;
import io.meridian.config.ConfigException;
import io.meridian.config.ConfigKey;
import io.meridian.config.ConfigKeys;
import io.meridian.config.MeridianConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How the detector is built: which languages it tells apart, in which accuracy mode, and when a message is too short or
 * too uncertain to decide alone (docs/language.md).
 *
 * @param languages     ISO 639-1 codes, at least two; {@code zh} covers Simplified and Traditional Chinese
 * @param accuracy      {@link Accuracy#HIGH} uses all of Lingua's n-gram models (1- to 5-grams), far better on chat-length
 *                      text, at about 22 MB of heap per language; {@link Accuracy#LOW} uses trigrams only, about 1 MB
 *                      per language
 * @param minConfidence from 0 to 1: below this, the text alone does not decide and the hints are asked (a hint is
 *                      taken only if it names a language the text leaves open)
 * @param minChars      fewer letters than this (after links, numbers and emoji are removed) make a message too short to
 *                      decide alone, unless its script belongs to one language only or it is clear (confidence at
 *                      least 0.2)
 */
public record DetectionSettings(List<String> languages, Accuracy accuracy, double minConfidence, int minChars) {

    /** Lingua's two modes. */
    public enum Accuracy { HIGH, LOW }

    /**
     * The console's languages and the most common languages of customers writing to companies that serve abroad.
     * 20 languages: about 440 MB of heap in high-accuracy mode (docs/benchmarks.md).
     */
    public static final List<String> DEFAULT_LANGUAGES = List.of("en", "zh", "ja", "ko", "fr", "de", "es", "pt", "it",
            "nl", "ru", "ar", "tr", "pl", "sv", "vi", "th", "id", "hi", "uk");

    public DetectionSettings {
        languages = List.copyOf(languages);
        if (languages.size() < 2) {
            throw new IllegalArgumentException("at least two languages are needed to choose between");
        }
        languages.forEach(DetectionSettings::isoCode);
        if (!(minConfidence >= 0 && minConfidence <= 1)) {
            throw new IllegalArgumentException("minConfidence must be within 0..1: " + minConfidence);
        }
        if (minChars < 1) {
            throw new IllegalArgumentException("minChars must be positive: " + minChars);
        }
        java.util.Objects.requireNonNull(accuracy, "accuracy");
    }

    /** The built-in defaults: {@link #DEFAULT_LANGUAGES}, high accuracy, confidence 0.05, 10 letters. */
    public static DetectionSettings defaults() {
        return new DetectionSettings(DEFAULT_LANGUAGES, Accuracy.HIGH, 0.05, 10);
    }

    /** Reads the {@code language.detection.*} keys; a bad value fails with the key, where it may come from, and what was expected. */
    public static DetectionSettings fromConfig(MeridianConfig config) {
        List<String> languages = languages(config.list(ConfigKeys.LANGUAGE_DETECTION_LANGUAGES));
        String mode = config.string(ConfigKeys.LANGUAGE_DETECTION_MODE).strip().toLowerCase(Locale.ROOT);
        Accuracy accuracy = switch (mode) {
            case "high" -> Accuracy.HIGH;
            case "low" -> Accuracy.LOW;
            default -> throw invalid(ConfigKeys.LANGUAGE_DETECTION_MODE, "high or low", mode);
        };
        String rawConfidence = config.string(ConfigKeys.LANGUAGE_DETECTION_MIN_CONFIDENCE).strip();
        double minConfidence;
        try {
            minConfidence = Double.parseDouble(rawConfidence);
        } catch (NumberFormatException e) {
            throw invalid(ConfigKeys.LANGUAGE_DETECTION_MIN_CONFIDENCE, "a number from 0 to 1", rawConfidence);
        }
        if (!(minConfidence >= 0 && minConfidence <= 1)) {
            throw invalid(ConfigKeys.LANGUAGE_DETECTION_MIN_CONFIDENCE, "a number from 0 to 1", rawConfidence);
        }
        return new DetectionSettings(languages, accuracy, minConfidence,
                config.integer(ConfigKeys.LANGUAGE_DETECTION_MIN_CHARS));
    }

    private static List<String> languages(List<String> configured) {
        Set<String> codes = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String raw : configured) {
            String code = raw.strip().toLowerCase(Locale.ROOT);
            if (code.equals("zh-cn") || code.equals("zh-tw")) {
                code = "zh"; // one Chinese model; the script tells Simplified from Traditional
            }
            try {
                isoCode(code);
                codes.add(code);
            } catch (IllegalArgumentException e) {
                unknown.add(raw);
            }
        }
        if (!unknown.isEmpty()) {
            throw invalid(ConfigKeys.LANGUAGE_DETECTION_LANGUAGES,
                    "ISO 639-1 codes of languages the detector knows (such as en, de, zh; see docs/language.md)",
                    String.join(", ", unknown));
        }
        if (codes.size() < 2) {
            throw invalid(ConfigKeys.LANGUAGE_DETECTION_LANGUAGES, "at least two languages",
                    String.join(", ", configured));
        }
        return List.copyOf(codes);
    }

    /** Lingua's code for an ISO 639-1 code; fails for codes Lingua has no model for. */
    static IsoCode639_1 isoCode(String code) {
        if (code == null || !code.matches("[a-z]{2}")) {
            throw new IllegalArgumentException("not an ISO 639-1 code: " + code);
        }
        return IsoCode639_1.valueOf(code.toUpperCase(Locale.ROOT)); // throws for a code Lingua has no model for
    }

    private static ConfigException invalid(ConfigKey key, String expected, String got) {
        return new ConfigException("configuration key '" + key.name() + "' (conf/meridian.yaml, "
                + key.environmentVariable() + " or -D" + key.systemProperty() + "): expected " + expected
                + ", got '" + got + "'");
    }
}
