package io.meridian.email;

import io.meridian.crypto.BlindIndex;
import java.util.List;
import java.util.Objects;

/**
 * Keyed fingerprints of Message-IDs, so a reply can be matched to its thread without storing any id in clear
 * (an id often carries the sender's address or host). Uses the node's blind-index key under the kind
 * {@code message-id}; equal ids give equal fingerprints, and nobody without the key can test a guess.
 */
public final class MessageIdFingerprints {

    /** The blind-index kind of a Message-ID. */
    public static final String KIND = "message-id";

    private final BlindIndex index;

    public MessageIdFingerprints(BlindIndex index) {
        this.index = Objects.requireNonNull(index, "index");
    }

    /** The fingerprint of one id, given with or without angle brackets; null when it holds no id. */
    public String of(String messageId) {
        String id = MessageIds.normalise(messageId);
        return id == null ? null : index.of(KIND, id);
    }

    /** The fingerprints of the ids a mail points back to, nearest ancestor first (see {@link MessageIds#ancestors}). */
    public List<String> ofAncestors(String inReplyTo, List<String> references) {
        return MessageIds.ancestors(inReplyTo, references).stream().map(id -> index.of(KIND, id)).toList();
    }
}
