package io.meridian.language;

import io.meridian.conversation.LanguageTags;
import io.meridian.console.Messages;
import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import io.meridian.config.MeridianConfig;
import io.meridian.language.DetectedLanguage.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Detection with Lingua (docs/language.md), tuned for chat: the message is stripped of links, numbers and emoji; a
 * message too short or mixing languages falls back to the contact's known language, then the browser's; Chinese is
 * told apart as Simplified ({@code zh-CN}) or Traditional ({@code zh-TW}) by its characters.
 * <p>
 * The confidence of an answer from the text is Lingua's relative distance between the most likely and the second most
 * likely language: 1 when the script leaves one candidate (Hangul, kana, Thai...), 0 for a tie. Clear chat sentences
 * score 0.05-0.5 in high-accuracy mode; the score grows with length.
 * <p>
 * Building loads the language models (seconds, hundreds of MB in high-accuracy mode): do it once per node, off the
 * event loop. Lingua keeps the models JVM-wide, so further detectors for the same languages are built at once.
 * {@link #detect} is thread-safe and takes about a millisecond: call it off the event loop.
 */
public final class LinguaLanguageDetector implements LanguageDetector {

    /** Longest part of a message that is looked at: the beginning of a long e-mail tells as much as all of it. */
    static final int MAX_CHARS = 1000;
    /** Each half of a same-script message must be at least this sure of its language for the two to count as mixed. */
    private static final double MIXED_HALF_CONFIDENCE = 0.1;
    /** Messages whose whole-text confidence is at least this are not checked half by half: mixing lowers the score. */
    private static final double MIXED_CHECK_BELOW = 0.2;
    /** Lingua fills JVM-wide model maps while building; two builds at once could corrupt them. */
    private static final Object BUILD_LOCK = new Object();

    private final com.github.pemistahl.lingua.api.LanguageDetector lingua;
    private final DetectionSettings settings;

    private LinguaLanguageDetector(com.github.pemistahl.lingua.api.LanguageDetector lingua, DetectionSettings settings) {
        this.lingua = lingua;
        this.settings = settings;
    }

    /** Builds the detector the {@code language.detection.*} keys describe. Blocking: seconds. */
    public static LinguaLanguageDetector fromConfig(MeridianConfig config) {
        return withSettings(DetectionSettings.fromConfig(config));
    }

    /** Builds a detector with explicit settings, loading every model now. Blocking: seconds. */
    public static LinguaLanguageDetector withSettings(DetectionSettings settings) {
        Objects.requireNonNull(settings, "settings");
        IsoCode639_1[] codes = settings.languages().stream().map(DetectionSettings::isoCode).toArray(IsoCode639_1[]::new);
        LanguageDetectorBuilder builder = LanguageDetectorBuilder.fromIsoCodes639_1(codes).withPreloadedLanguageModels();
        if (settings.accuracy() == DetectionSettings.Accuracy.LOW) {
            builder = builder.withLowAccuracyMode();
        }
        synchronized (BUILD_LOCK) {
            return new LinguaLanguageDetector(builder.build(), settings);
        }
    }

    public DetectionSettings settings() {
        return settings;
    }

    @Override
    public DetectedLanguage detect(String text, LanguageHints hints) {
        LanguageHints known = hints == null ? LanguageHints.none() : hints;
        String sample = text == null ? "" : text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        ChatText chat = ChatText.of(sample);
        if (chat.letters() == 0) {
            return fallback(known, null);
        }
        List<Candidate> candidates = candidates(chat.cleaned());
        if (candidates.isEmpty()) {
            return fallback(known, null);
        }
        Candidate top = candidates.get(0);
        DetectedLanguage fromText = new DetectedLanguage(code(top.language(), chat.cleaned(), known),
                confidence(candidates), Source.TEXT);
        if (chat.mixesScripts()) {
            return fallback(known, fromText);
        }
        if (candidates.size() == 1) {
            return fromText; // the script leaves one language: no length is too short
        }
        if (chat.letters() < settings.minChars()) {
            return fallback(known, null);
        }
        if (fromText.confidence() < MIXED_CHECK_BELOW && halvesDisagree(chat)) {
            return fallback(known, fromText);
        }
        if (fromText.confidence() < settings.minConfidence()) {
            return fallback(known, fromText);
        }
        return fromText;
    }

    /**
     * The hints' answer; else the text's own uncertain guess if there is one; else unknown. A message too short to
     * judge gives no guess, so "ok" with no hints is unknown rather than a coin toss.
     */
    private static DetectedLanguage fallback(LanguageHints hints, DetectedLanguage guess) {
        return HintFallback.of(hints).orElseGet(() -> guess == null ? DetectedLanguage.unknown() : guess);
    }

    /** Whether the first and the second half of the words are each, fairly surely, in a different language. */
    private boolean halvesDisagree(ChatText chat) {
        String[] words = chat.words();
        if (words.length < 4) {
            return false;
        }
        int half = words.length / 2;
        List<Candidate> first = candidates(ChatText.join(words, 0, half));
        List<Candidate> second = candidates(ChatText.join(words, half, words.length));
        if (first.isEmpty() || second.isEmpty() || first.get(0).language() == second.get(0).language()) {
            return false;
        }
        return confidence(first) >= MIXED_HALF_CONFIDENCE && confidence(second) >= MIXED_HALF_CONFIDENCE;
    }

    /** Lingua's candidates, most likely first, with their values relative to the most likely (which has 1). */
    private List<Candidate> candidates(String text) {
        List<Candidate> out = new ArrayList<>();
        for (Map.Entry<Language, Double> e : lingua.computeLanguageConfidenceValues(text).entrySet()) {
            if (e.getKey() != Language.UNKNOWN) {
                out.add(new Candidate(e.getKey(), e.getValue()));
            }
        }
        return out;
    }

    private static double confidence(List<Candidate> candidates) {
        if (candidates.size() < 2) {
            return 1;
        }
        double distance = 1 - candidates.get(1).value() / candidates.get(0).value();
        return Math.max(0, Math.min(1, distance));
    }

    private static String code(Language language, String text, LanguageHints hints) {
        if (language == Language.CHINESE) {
            return switch (ChineseScript.of(text)) {
                case SIMPLIFIED -> LanguageTags.SIMPLIFIED_CHINESE;
                case TRADITIONAL -> LanguageTags.TRADITIONAL_CHINESE;
                case UNDECIDED -> HintFallback.chineseForm(hints).orElse(LanguageTags.SIMPLIFIED_CHINESE);
            };
        }
        return language.getIsoCode639_1().name().toLowerCase(Locale.ROOT);
    }

    /**
     * Removes this detector's models from Lingua's JVM-wide cache, so they can be garbage-collected. Only for
     * measurements: any detector for the same languages would then load them again on first use.
     */
    void unloadModels() {
        synchronized (BUILD_LOCK) {
            lingua.unloadLanguageModels();
        }
    }

    private record Candidate(Language language, double value) {
    }
}
