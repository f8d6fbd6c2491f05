package io.meridian.language;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.config.ConfigException;
import io.meridian.config.MeridianConfig;
import io.meridian.conversation.LanguageTags;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The language.detection.* keys, language tags and the Chinese script tables. */
class DetectionSettingsTest {

    @Test
    void defaultsComeFromTheConfiguration() {
        DetectionSettings settings = DetectionSettings.fromConfig(config(Map.of()));
        assertEquals(DetectionSettings.defaults(), settings);
        assertEquals(20, settings.languages().size());
        assertTrue(settings.languages().containsAll(List.of("en", "zh", "ja", "ko", "fr", "de", "es")));
    }

    @Test
    void overridesAreRead() {
        DetectionSettings settings = DetectionSettings.fromConfig(config(Map.of(
                "MERIDIAN_LANGUAGE_DETECTION_LANGUAGES", "EN, zh-TW, de, de",
                "MERIDIAN_LANGUAGE_DETECTION_MODE", "Low",
                "MERIDIAN_LANGUAGE_DETECTION_MIN_CONFIDENCE", "0.2",
                "MERIDIAN_LANGUAGE_DETECTION_MIN_CHARS", "4")));
        assertEquals(new DetectionSettings(List.of("en", "zh", "de"), DetectionSettings.Accuracy.LOW, 0.2, 4), settings);
    }

    /** Verifies that each bad value stops start-up with the key, where it may be set, and what was expected. */
    @Test
    void badValuesNameTheKeyAndTheExpectation() {
        ConfigException mode = assertThrows(ConfigException.class, () -> DetectionSettings.fromConfig(
                config(Map.of("MERIDIAN_LANGUAGE_DETECTION_MODE", "medium"))));
        assertTrue(mode.getMessage().contains("'language.detection.mode'")
                && mode.getMessage().contains("expected high or low, got 'medium'"), mode.getMessage());
        ConfigException confidence = assertThrows(ConfigException.class, () -> DetectionSettings.fromConfig(
                config(Map.of("MERIDIAN_LANGUAGE_DETECTION_MIN_CONFIDENCE", "1.5"))));
        assertTrue(confidence.getMessage().contains("'language.detection.min-confidence'")
                && confidence.getMessage().contains("a number from 0 to 1, got '1.5'"), confidence.getMessage());
        ConfigException unknown = assertThrows(ConfigException.class, () -> DetectionSettings.fromConfig(
                config(Map.of("MERIDIAN_LANGUAGE_DETECTION_LANGUAGES", "en,xx,klingon"))));
        assertTrue(unknown.getMessage().contains("'language.detection.languages'")
                && unknown.getMessage().contains("got 'xx, klingon'")
                && unknown.getMessage().contains("MERIDIAN_LANGUAGE_DETECTION_LANGUAGES"), unknown.getMessage());
        ConfigException one = assertThrows(ConfigException.class, () -> DetectionSettings.fromConfig(
                config(Map.of("MERIDIAN_LANGUAGE_DETECTION_LANGUAGES", "en"))));
        assertTrue(one.getMessage().contains("at least two languages"), one.getMessage());
    }

    @Test
    void tagsAreReducedToTheRecordedForm() {
        assertEquals(Optional.of("en"), LanguageTags.normalize("en-US"));
        assertEquals(Optional.of("pt"), LanguageTags.normalize("pt_BR"));
        assertEquals(Optional.of("de"), LanguageTags.normalize(" de-CH;q=0.8 "));
        assertEquals(Optional.of("zh-TW"), LanguageTags.normalize("zh-Hant-HK"));
        assertEquals(Optional.of("zh-TW"), LanguageTags.normalize("zh-MO"));
        assertEquals(Optional.of("zh-CN"), LanguageTags.normalize("zh-Hans-TW"), "the script wins over the region");
        assertEquals(Optional.of("zh-CN"), LanguageTags.normalize("zh"));
        assertEquals(Optional.empty(), LanguageTags.normalize("*"));
        assertEquals(Optional.empty(), LanguageTags.normalize("not a tag at all"));
        assertEquals(Optional.empty(), LanguageTags.normalize(null));
    }

    /** Verifies the script tables: pairs differ, no character is in both lists, and verdicts follow the counts. */
    @Test
    void chineseScriptTables() {
        String simplified = ChineseScript.simplifiedTable();
        String traditional = ChineseScript.traditionalTable();
        assertEquals(simplified.length(), traditional.length());
        assertTrue(simplified.length() > 300, "a few hundred pairs");
        for (int i = 0; i < simplified.length(); i++) {
            assertTrue(traditional.indexOf(simplified.charAt(i)) < 0, simplified.charAt(i) + " is in both tables");
        }
        assertEquals(ChineseScript.Verdict.SIMPLIFIED, ChineseScript.of("这个订单号"));
        assertEquals(ChineseScript.Verdict.TRADITIONAL, ChineseScript.of("這個訂單號"));
        assertEquals(ChineseScript.Verdict.UNDECIDED, ChineseScript.of("我想问一下這"), "one of each");
        assertEquals(ChineseScript.Verdict.UNDECIDED, ChineseScript.of("你好"));
        assertEquals(ChineseScript.Verdict.TRADITIONAL, ChineseScript.of("在哪裡"), "裡 has no table partner");
    }

    private static MeridianConfig config(Map<String, String> env) {
        return MeridianConfig.load(Path.of("."), null, env, new Properties());
    }
}
