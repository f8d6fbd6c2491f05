package com.example.meridian.translation;

import io.meridian.spi.ConnectorException;
import io.meridian.spi.InvalidConfigException;
import io.meridian.spi.translation.GlossaryTerm;
import io.meridian.spi.translation.LanguagePair;
import io.meridian.spi.translation.TranslationProvider;
import io.meridian.spi.translation.TranslationRequest;
import io.meridian.spi.translation.TranslationResult;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Translates word by word, both directions of one pair. Immutable, so thread-safe. */
final class PhrasebookTranslator implements TranslationProvider {

    private static final Pattern WORD = Pattern.compile("\\p{L}+");

    private final LanguagePair pair;
    private final Map<String, String> forward;
    private final Map<String, String> backward;

    private PhrasebookTranslator(LanguagePair pair, Map<String, String> forward, Map<String, String> backward) {
        this.pair = pair;
        this.forward = forward;
        this.backward = backward;
    }

    static PhrasebookTranslator parse(String pair, String phrasebook) throws InvalidConfigException {
        String[] languages = pair.split(":");
        LanguagePair languagePair;
        try {
            languagePair = LanguagePair.of(languages[0], languages.length > 1 ? languages[1] : "");
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("pair", "expected two language tags such as en:es");
        }
        Map<String, String> forward = new HashMap<>();
        Map<String, String> backward = new HashMap<>();
        for (String line : phrasebook.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                String source = line.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String target = line.substring(eq + 1).trim().toLowerCase(Locale.ROOT);
                forward.put(source, target);
                backward.put(target, source);
            }
        }
        return new PhrasebookTranslator(languagePair, Map.copyOf(forward), Map.copyOf(backward));
    }

    @Override
    public Set<LanguagePair> supportedPairs() {
        return Set.of(pair, pair.reversed());
    }

    @Override
    public TranslationResult translate(TranslationRequest request) throws ConnectorException {
        Map<String, String> words;
        if (request.pair().equals(pair)) {
            words = forward;
        } else if (request.pair().equals(pair.reversed())) {
            words = backward;
        } else {
            throw new ConnectorException("the phrasebook has no " + request.pair() + " direction", false);
        }
        Map<String, String> fixed = new HashMap<>();
        for (GlossaryTerm term : request.glossary()) {
            fixed.put(term.source().toLowerCase(Locale.ROOT), term.target());
        }
        Matcher matcher = WORD.matcher(request.text());
        StringBuilder out = new StringBuilder();
        int known = 0;
        int total = 0;
        while (matcher.find()) {
            String word = matcher.group();
            String lower = word.toLowerCase(Locale.ROOT);
            String replacement = fixed.containsKey(lower) ? fixed.get(lower) : words.getOrDefault(lower, word);
            total++;
            if (fixed.containsKey(lower) || words.containsKey(lower)) {
                known++;
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        double confidence = total == 0 ? 1.0 : 0.5 * known / total; // word-for-word is never better than a guess
        return TranslationResult.direct(out.toString(), confidence, "phrasebook");
    }

    @Override
    public void close() {
        // holds nothing
    }
}
