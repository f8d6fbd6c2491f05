package io.meridian.canned;

import java.time.Instant;
import java.util.Map;

/**
 * A ready answer: {@code shortcut} is what the agent types after "/" in the reply box; {@code texts} holds one text
 * per language tag. Shared when {@code teamId} and {@code ownerId} are both null, for one team with {@code teamId},
 * personal with {@code ownerId}.
 */
public record CannedReply(String id, String shortcut, String title, String teamId, String ownerId,
        Map<String, String> texts, Instant updatedAt) {

    public CannedReply {
        texts = Map.copyOf(texts);
    }

    public String scope() {
        return ownerId != null ? "personal" : teamId != null ? "team" : "shared";
    }
}
