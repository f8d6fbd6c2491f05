package io.meridian.retention;

import io.meridian.conversation.ConversationRetention.ErasedTranscript;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * What another capability keeps of the messages whose texts a batch erased (translations, mail parts, a thread's
 * Message-IDs), removed by that capability in the same write. Handed over at the composition root, so this package
 * knows none of them.
 */
@FunctionalInterface
public interface TranscriptParts {

    /**
     * Inside the batch's store work: removes what belongs to {@code erased} (of the conversation of
     * {@code contactId}, due before {@code dueBefore}); {@code erased.finished()} when its whole transcript is gone.
     */
    void erase(Connection c, ErasedTranscript erased, String contactId, Instant dueBefore) throws SQLException;
}
