package io.meridian.conversation;

import io.meridian.conversation.ConversationRecords.MessageRow;
import io.meridian.crypto.FieldCipher;
import io.meridian.store.Store;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.crypto.SecretKey;

/**
 * What the conversation classes share: the store, the SQL, the contacts' data keys and the clock, and the sealing of
 * a message's body and its conversation's preview with the contact's own key (AAD: table, row id, column).
 */
final class ConversationStorage {

    final Store store;
    final ContactKeys keys;
    final ContactRecords contacts = new ContactRecords();
    final ConversationRecords records = new ConversationRecords();
    private final Clock clock;

    ConversationStorage(Store store, ContactKeys keys, Clock clock) {
        this.store = store;
        this.keys = keys;
        this.clock = clock;
    }

    Instant now() {
        // Milliseconds: what every client shows, and equal before and after a database round trip.
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Stores the message, sealed, and moves its conversation's counters and preview along. */
    void append(Connection c, ChatMessage m, String contactId, SecretKey key) throws SQLException {
        byte[] body = FieldCipher.sealText(key, m.text(), "messages", m.id(), "body_sealed");
        byte[] preview = FieldCipher.sealText(key, preview(m.text()), "conversations", m.conversationId(),
                "last_preview_sealed");
        records.append(c, new MessageRow(m.id(), m.conversationId(), contactId, m.seq(), m.author(), m.authorId(),
                m.authorName(), m.clientMessageId(), body, m.createdAt()), preview);
    }

    static ChatMessage message(MessageRow row, SecretKey key) {
        return new ChatMessage(row.id(), row.conversationId(), row.seq(), row.author(), row.authorId(),
                row.authorName(), row.clientMessageId(),
                FieldCipher.openText(key, row.bodySealed(), "messages", row.id(), "body_sealed"), row.createdAt());
    }

    /**
     * The newest message as one line of at most {@value ConversationService#PREVIEW_CHARS} characters, never
     * splitting a character.
     */
    static String preview(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        if (line.length() <= ConversationService.PREVIEW_CHARS) {
            return line;
        }
        int end = ConversationService.PREVIEW_CHARS - 1;
        if (Character.isHighSurrogate(line.charAt(end - 1))) {
            end--;
        }
        return line.substring(0, end) + "…";
    }
}
