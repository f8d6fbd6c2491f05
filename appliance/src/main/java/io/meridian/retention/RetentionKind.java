package io.meridian.retention;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kinds of data a retention policy limits, by the word the configuration uses. */
public enum RetentionKind {
    /** The messages of closed conversations: texts, translations, mail parts, files. */
    TRANSCRIPTS,
    /** Files of messages, whatever their conversation's state. */
    ATTACHMENTS,
    /** Closed tickets' texts: subject, handover note, text fields, notes, files. */
    CLOSED_TICKETS;

    /** {@code transcripts}, {@code attachments}, {@code closed-tickets}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<RetentionKind> ofWord(String word) {
        return Arrays.stream(values()).filter(k -> k.word().equals(word)).findFirst();
    }
}
