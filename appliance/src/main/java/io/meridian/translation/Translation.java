package io.meridian.translation;

import java.util.List;

/**
 * What became of one translation: the translated text with the engine, its confidence and the pivot languages it went
 * through, or why there is none. The original is always kept by the caller; a translation never replaces it.
 *
 * @param text       the translation; null unless {@link #translated()}
 * @param outcome    what happened
 * @param engine     the engine instance id that translated, or the memory/cache that answered; null when none did
 * @param confidence 0..1, as the engine reported it (1 for an agent's correction from translation memory)
 * @param via        pivot languages between source and target, empty for a direct pair
 * @param detail     a short reason for the agent when not translated (never the customer's text)
 */
public record Translation(String text, Outcome outcome, String engine, double confidence, List<String> via,
                          String detail) {

    /** What became of a translation. */
    public enum Outcome {
        /** An engine translated it. */
        TRANSLATED,
        /** Source and target language are the same: nothing to do. */
        SAME_LANGUAGE,
        /** Translation is switched off ({@code translation.enabled: false}). */
        DISABLED,
        /** Only remote engines serve the pair and the customer's region forbids egress: nothing was sent out. */
        EGRESS_REFUSED,
        /** No running engine serves the pair. */
        NO_ENGINE,
        /** Engines serve the pair but each failed, timed out or returned garbage; worth retrying later. */
        FAILED
    }

    public Translation {
        via = via == null ? List.of() : List.copyOf(via);
    }

    public boolean translated() {
        return outcome == Outcome.TRANSLATED;
    }

    /** Whether trying again later may succeed (an engine was down, slow or wrong). */
    public boolean retryable() {
        return outcome == Outcome.FAILED;
    }

    static Translation done(String text, String engine, double confidence, List<String> via) {
        return new Translation(text, Outcome.TRANSLATED, engine, confidence, via, null);
    }

    static Translation none(Outcome outcome, String detail) {
        return new Translation(null, outcome, null, 0.0, List.of(), detail);
    }
}
