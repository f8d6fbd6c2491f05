package io.meridian.translation;

import java.util.List;

/**
 * The translation stored beside one message (the original is untouched in messages).
 *
 * @param messageId  the message
 * @param direction  INBOUND (customer's message into the agent's language) or OUTBOUND (agent's reply into the
 *                   customer's)
 * @param source     the language translated from
 * @param target     the language translated into
 * @param status     the {@link Translation.Outcome} name; FAILED ones are retried in the background
 * @param text       the translation (opened), null unless TRANSLATED
 * @param engine     engine instance id, {@code memory} for an agent's correction, or null
 * @param confidence 0..1
 * @param via        pivot languages
 * @param detail     why there is no translation, for the agent
 * @param attempts   how many times it was tried; 0 for a translation made on demand into the reading agent's
 *                   language, which is not the message's stored translation
 * @param flaggedBad whether an agent flagged the translation as bad
 */
public record MessageTranslation(String messageId, String direction, String source, String target, String status,
                                 String text, String engine, double confidence, List<String> via, String detail,
                                 int attempts, boolean flaggedBad) {

    public boolean translated() {
        return Translation.Outcome.TRANSLATED.name().equals(status);
    }

    /** Whether this is an agent's on-demand translation into their own language rather than the stored one. */
    public boolean onDemand() {
        return attempts == 0;
    }

    /** Whether it is still being translated into the reading agent's language (the console fills it in live). */
    public boolean pending() {
        return "PENDING".equals(status);
    }

    /** Whether the agent should see a flag: a translation was wanted but is not there. */
    public boolean flagged() {
        return !translated() && !Translation.Outcome.SAME_LANGUAGE.name().equals(status);
    }
}
