package io.meridian.spi.translation;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link TranslationProvider#translate(TranslationRequest)}. Immutable: {@code via} is copied.
 *
 * @param text the translated text, not {@code null}
 * @param confidence how much the engine trusts its output, 0 (a guess) to 1 (certain); engines that give no score
 *        report a fixed value typical for them (e.g. 0.6 for a rule-based engine)
 * @param engine what produced it, for display, e.g. {@code apertium 3.9 eng-spa}
 * @param via pivot languages the text went through, in order; empty for a direct translation
 */
public record TranslationResult(String text, double confidence, String engine, List<String> via) {

    /** Validates and copies. */
    public TranslationResult {
        Objects.requireNonNull(text, "TranslationResult text");
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("TranslationResult confidence " + confidence + " is not between 0 and 1");
        }
        if (engine == null || engine.isBlank()) {
            throw new IllegalArgumentException("TranslationResult engine must not be blank");
        }
        if (via == null) {
            via = List.of();
        } else {
            for (String language : via) {
                Objects.requireNonNull(language, "TranslationResult via must not contain null");
            }
            via = List.copyOf(via);
        }
    }

    /** @return a direct translation */
    public static TranslationResult direct(String text, double confidence, String engine) {
        return new TranslationResult(text, confidence, engine, List.of());
    }

    /** Names the engine and confidence, not the text. */
    @Override
    public String toString() {
        return "TranslationResult[" + engine + ", confidence=" + confidence + ", via=" + via + ", " + text.length()
                + " chars]";
    }
}
