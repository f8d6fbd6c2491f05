package io.meridian.language;

import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import io.meridian.config.MeridianConfig;
import io.meridian.console.Messages;
import io.meridian.conversation.LanguageTags;
import io.meridian.language.DetectedLanguage.Source;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Detection with Lingua (docs/language.md), tuned for chat: the message is stripped of links, numbers and emoji; a
 * clear text decides whatever the hints say; a message too short to judge takes the contact's known language, then the
 * browser's; a mixed or unsure message takes them only when they name a language the text leaves open (see
 * {@link HintFallback}); Chinese is told apart as Simplified ({@code zh-CN}) or Traditional ({@code zh-TW}) by its
 * characters. An unclear text is read again without the names inside its sentences, and its {@link SpellingMarks}
 * break a near-tie: Lingua sees neither punctuation nor names.
 * <p>
 * The cost is Lingua's: the trigram models alone judge first, and settle a message they are sure of, or clear and in
 * the language the contact is known to write; only the rest goes to the full models, for the languages the trigrams
 * left close.
 * <p>
 * The confidence of an answer from the text is Lingua's relative distance between the most likely and the second most
 * likely language the spelling marks leave: 1 when the script or the marks leave one candidate (Hangul, kana, Thai,
 * "¡Qué bonito!"...), 0 for a tie. Clear chat sentences score 0.05-0.5 in high-accuracy mode; the score grows with
 * length.
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
    /**
     * A text at least this sure of its language is clear: it is not checked half by half for mixed languages (mixing
     * lowers the score), and a message shorter than the minimum length decides alone when it is this sure.
     */
    static final double CLEAR = 0.2;
    /** Lingua fills JVM-wide model maps while building; two builds at once could corrupt them. */
    private static final Object BUILD_LOCK = new Object();

    /**
     * How sure the quick pass (trigrams only) must be to decide without the full models: above {@link #CLEAR},
     * because trigrams alone are surer than they should be on short texts. Of 0.5, 0.3 and 0.15, the lowest that left
     * both test corpora's results unchanged (docs/language.md, "Cost of a detection").
     */
    static final double QUICK_CLEAR = 0.3;
    /**
     * The full models judge only the languages the quick pass scored at least this close to its most likely one:
     * Lingua's cost grows with the number of languages, and a language the trigrams put far behind does not win on
     * the full models (docs/language.md, "Cost of a detection").
     */
    static final double FULL_PASS_FLOOR = 0.5;
    /** Distinct sets of languages whose narrowed detector is kept; beyond it, the full detector judges all. */
    private static final int NARROWED_KEPT = 256;

    private final com.github.pemistahl.lingua.api.LanguageDetector lingua;
    /** Trigram models only (Lingua's low-accuracy mode), tried first in high-accuracy mode; null in low mode. */
    private final com.github.pemistahl.lingua.api.LanguageDetector quick;
    private final DetectionSettings settings;
    /** Whether a message in the contact's known language may be settled by the quick pass alone. */
    private final boolean contactSettles;
    /** Full-model detectors for the sets of languages quick passes left open, built on first need. */
    private final Map<Set<Language>, com.github.pemistahl.lingua.api.LanguageDetector> narrowed =
            new ConcurrentHashMap<>();

    private LinguaLanguageDetector(com.github.pemistahl.lingua.api.LanguageDetector lingua,
            com.github.pemistahl.lingua.api.LanguageDetector quick, DetectionSettings settings,
            boolean contactSettles) {
        this.lingua = lingua;
        this.quick = quick;
        this.settings = settings;
        this.contactSettles = contactSettles;
    }

    /** Builds the detector the {@code language.detection.*} keys describe. Blocking: seconds. */
    public static LinguaLanguageDetector fromConfig(MeridianConfig config) {
        return withSettings(DetectionSettings.fromConfig(config));
    }

    /** Builds a detector with explicit settings, loading every model now. Blocking: seconds. */
    public static LinguaLanguageDetector withSettings(DetectionSettings settings) {
        return build(settings, true);
    }

    /**
     * As {@link #withSettings}, but a message in the contact's known language goes to the full models like any
     * other: what the shortcut is measured against.
     */
    static LinguaLanguageDetector fullModelsForEveryMessage(DetectionSettings settings) {
        return build(settings, false);
    }

    private static LinguaLanguageDetector build(DetectionSettings settings, boolean contactSettles) {
        Objects.requireNonNull(settings, "settings");
        IsoCode639_1[] codes = settings.languages().stream().map(DetectionSettings::isoCode).toArray(IsoCode639_1[]::new);
        LanguageDetectorBuilder builder = LanguageDetectorBuilder.fromIsoCodes639_1(codes).withPreloadedLanguageModels();
        boolean low = settings.accuracy() == DetectionSettings.Accuracy.LOW;
        if (low) {
            builder = builder.withLowAccuracyMode();
        }
        synchronized (BUILD_LOCK) {
            // The quick pass shares the trigram models the full detector loaded (Lingua keeps them JVM-wide).
            return new LinguaLanguageDetector(builder.build(), low ? null : LanguageDetectorBuilder
                    .fromIsoCodes639_1(codes).withLowAccuracyMode().withPreloadedLanguageModels().build(), settings,
                    contactSettles);
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
            return silent(known);
        }
        List<Candidate> quickly = quickly(chat.cleaned());
        if (contactSettles && continuesContactLanguage(quickly, chat, known)) {
            return new DetectedLanguage(code(quickly.get(0).language(), chat.cleaned(), known), confidence(quickly),
                    Source.TEXT);
        }
        List<Candidate> candidates = candidates(chat.cleaned(), quickly);
        if (candidates.isEmpty()) {
            return silent(known);
        }
        candidates = tieBroken(clearerWithoutNames(candidates, chat), chat.cleaned());
        Candidate top = candidates.get(0);
        DetectedLanguage fromText = new DetectedLanguage(code(top.language(), chat.cleaned(), known),
                confidence(candidates), Source.TEXT);
        if (chat.mixesScripts()) {
            return unsure(known, fromText, scriptLanguages(chat, top));
        }
        if (candidates.size() == 1) {
            return fromText; // the script leaves one language: no length is too short
        }
        if (chat.letters() < settings.minChars()) {
            // A short text decides alone only when it is as clear as a sentence that needs no mixing check.
            if (fromText.confidence() >= CLEAR) {
                return fromText;
            }
            // Unclear: the hints decide; with none, the text's own guess if it is more than a toss-up ("ok" is not).
            return HintFallback.of(known).orElseGet(() -> fromText.confidence() >= settings.minConfidence()
                    ? fromText : DetectedLanguage.unknown());
        }
        if (fromText.confidence() < CLEAR) {
            Set<String> halves = halvesLanguages(chat, top.language());
            if (!halves.isEmpty()) {
                return unsure(known, fromText, halves);
            }
        }
        if (fromText.confidence() < settings.minConfidence()) {
            return unsure(known, fromText, open(candidates));
        }
        return fromText;
    }

    /**
     * Whether the quick pass settles the message alone because it puts first the language the contact is known to
     * write (what earlier messages were detected as) and is as sure of it as a clear text is. A customer mostly goes on
     * in one language, so the full models would confirm it; on the test corpora with the writer's language as the
     * contact's they never disagreed, and with every other language as the contact's they did in 2 of 16,815 cases
     * (docs/language.md, "Cost of a detection").
     */
    private boolean continuesContactLanguage(List<Candidate> quickly, ChatText chat, LanguageHints known) {
        if (quick == null || quickly.size() < 2 || known.contactLanguage() == null || chat.mixesScripts()
                || chat.letters() < settings.minChars() || confidence(quickly) < CLEAR) {
            return false;
        }
        String contact = LanguageTags.normalize(known.contactLanguage()).orElse("");
        String first = iso(quickly.get(0).language());
        return contact.equals(first) || contact.startsWith(first + "-");
    }

    /**
     * For an unclear text with words that look like names inside its sentences: the candidates of the text without
     * them, if those are clearer ("Tom gosta de Mary?" is Polish to Lingua, "Tom gosta de" Portuguese). A clear text
     * is left alone, so the capitalised nouns of a German sentence count.
     */
    private List<Candidate> clearerWithoutNames(List<Candidate> candidates, ChatText chat) {
        if (confidence(candidates) >= CLEAR) {
            return candidates;
        }
        String nameless = chat.withoutNames();
        if (nameless.equals(chat.cleaned()) || ChatText.of(nameless).letters() == 0) {
            return candidates;
        }
        List<Candidate> withoutNames = candidates(nameless);
        return !withoutNames.isEmpty() && confidence(withoutNames) > confidence(candidates) ? withoutNames : candidates;
    }

    /**
     * For an unclear text: the candidates that its {@link SpellingMarks} allow, if the most likely of them is among the
     * languages the text leaves open ("C'est une tocade" is a near-tie of Spanish, French and Portuguese, and only
     * French writes c'). Their values are taken relative to the new most likely. Otherwise, and for a clear text,
     * the candidates as they are.
     */
    private static List<Candidate> tieBroken(List<Candidate> candidates, String text) {
        if (candidates.size() < 2 || confidence(candidates) >= CLEAR) {
            return candidates;
        }
        Set<String> allowed = SpellingMarks.allowedLanguages(text).orElse(null);
        if (allowed == null) {
            return candidates;
        }
        List<Candidate> kept = candidates.stream().filter(c -> allowed.contains(iso(c.language()))).toList();
        if (kept.isEmpty() || kept.size() == candidates.size()
                || !open(candidates).contains(iso(kept.get(0).language()))) {
            return candidates;
        }
        double top = kept.get(0).value();
        return kept.stream().map(c -> new Candidate(c.language(), c.value() / top)).toList();
    }

    /** For a text that says nothing about its language: the hints' answer, else unknown. */
    private static DetectedLanguage silent(LanguageHints hints) {
        return HintFallback.of(hints).orElseGet(DetectedLanguage::unknown);
    }

    /**
     * For a text that leaves a few languages open: the hint if it names one of them, else the text's own uncertain
     * guess. A hint for a language the text does not leave open is ignored.
     */
    private static DetectedLanguage unsure(LanguageHints hints, DetectedLanguage guess, Set<String> open) {
        return HintFallback.among(hints, open).orElse(guess);
    }

    /**
     * The languages of a mixed-script text: the whole text's, and that of each script's part that would decide its
     * language on its own. Product names in Latin letters inside a Japanese sentence ("iPhone Pro Maxのケース") are
     * no language Lingua is sure of, so they do not open the door to a hint.
     */
    private Set<String> scriptLanguages(ChatText chat, Candidate top) {
        Set<String> languages = new HashSet<>();
        languages.add(iso(top.language()));
        for (String part : chat.scriptParts()) {
            List<Candidate> partCandidates = candidates(part);
            if (!partCandidates.isEmpty() && decidesAlone(partCandidates, ChatText.of(part).letters())) {
                languages.add(iso(partCandidates.get(0).language()));
            }
        }
        return languages;
    }

    /** Whether a text with these candidates and letters would be decided by its text, before any hint. */
    private boolean decidesAlone(List<Candidate> candidates, int letters) {
        double confidence = confidence(candidates);
        return candidates.size() == 1 || confidence >= CLEAR
                || letters >= settings.minChars() && confidence >= settings.minConfidence();
    }

    /**
     * The languages of the first and the second half of the words when each half is, fairly surely, in a different
     * language ("Hello, ich brauche Hilfe with my order bitte"); empty when the halves agree or either is unsure.
     * When the trigrams put the whole text's language first in both halves, the halves are taken to agree without
     * the full models: an unclear Spanish sentence close to Portuguese would otherwise cost three full detections.
     */
    private Set<String> halvesLanguages(ChatText chat, Language whole) {
        String[] words = chat.words();
        if (words.length < 4) {
            return Set.of();
        }
        int half = words.length / 2;
        String firstHalf = ChatText.join(words, 0, half);
        String secondHalf = ChatText.join(words, half, words.length);
        List<Candidate> firstQuickly = quickly(firstHalf);
        List<Candidate> secondQuickly = quickly(secondHalf);
        if (top(firstQuickly) == whole && top(secondQuickly) == whole) {
            return Set.of();
        }
        List<Candidate> first = candidates(firstHalf, firstQuickly);
        List<Candidate> second = candidates(secondHalf, secondQuickly);
        if (first.isEmpty() || second.isEmpty() || first.get(0).language() == second.get(0).language()
                || confidence(first) < MIXED_HALF_CONFIDENCE || confidence(second) < MIXED_HALF_CONFIDENCE) {
            return Set.of();
        }
        return Set.of(iso(first.get(0).language()), iso(second.get(0).language()));
    }

    /** The languages an unsure text leaves open: those scoring within {@link #CLEAR} of the most likely one. */
    private static Set<String> open(List<Candidate> candidates) {
        double floor = candidates.get(0).value() * (1 - CLEAR);
        Set<String> open = new HashSet<>();
        for (Candidate candidate : candidates) {
            if (candidate.value() >= floor) {
                open.add(iso(candidate.language()));
            }
        }
        return open;
    }

    private static String iso(Language language) {
        return language.getIsoCode639_1().name().toLowerCase(Locale.ROOT);
    }

    /**
     * Lingua's candidates, most likely first, with their values relative to the most likely (which has 1): from the
     * trigrams alone when they leave no doubt, else from every model. Most chat messages are settled by the quick
     * pass, at a fraction of the cost; the full models judge the short and close ones, where accuracy is made.
     */
    private List<Candidate> candidates(String text) {
        return candidates(text, quickly(text));
    }

    /** As {@link #candidates(String)}, with the quick pass's candidates for the text already at hand. */
    private List<Candidate> candidates(String text, List<Candidate> quickly) {
        if (quick == null) {
            return candidates(lingua, text);
        }
        return confidence(quickly) >= QUICK_CLEAR ? quickly : candidates(narrowedTo(quickly), text);
    }

    /** The full detector for the languages the quick pass left close to its most likely one. */
    private com.github.pemistahl.lingua.api.LanguageDetector narrowedTo(List<Candidate> quickly) {
        Set<Language> close = EnumSet.noneOf(Language.class);
        for (Candidate candidate : quickly) {
            if (candidate.value() >= FULL_PASS_FLOOR) {
                close.add(candidate.language());
            }
        }
        if (close.size() < 2 || close.size() == quickly.size()) {
            return lingua;
        }
        com.github.pemistahl.lingua.api.LanguageDetector kept = narrowed.get(close);
        if (kept != null) {
            return kept;
        }
        if (narrowed.size() >= NARROWED_KEPT) {
            return lingua;
        }
        // The models are loaded JVM-wide already: building a detector for a few of them is quick.
        synchronized (BUILD_LOCK) {
            return narrowed.computeIfAbsent(close, languages -> LanguageDetectorBuilder
                    .fromLanguages(languages.toArray(Language[]::new)).build());
        }
    }

    /** The trigram models' candidates, or none in low-accuracy mode (where the full detector is the quick one). */
    private List<Candidate> quickly(String text) {
        return quick == null ? List.of() : candidates(quick, text);
    }

    private static Language top(List<Candidate> candidates) {
        return candidates.isEmpty() ? null : candidates.get(0).language();
    }

    private static List<Candidate> candidates(com.github.pemistahl.lingua.api.LanguageDetector detector, String text) {
        List<Candidate> out = new ArrayList<>();
        for (Map.Entry<Language, Double> e : detector.computeLanguageConfidenceValues(text).entrySet()) {
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
        return iso(language);
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
