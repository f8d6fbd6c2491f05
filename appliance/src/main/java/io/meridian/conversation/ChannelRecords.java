package io.meridian.conversation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;

/**
 * The SQL of {@code channel_conversations} (migration V3): the sealed address and thread of a conversation that came
 * in through a channel connector. Runs inside the store's work; never commits.
 */
final class ChannelRecords {

    record ChannelRow(String conversationId, String identityKind, byte[] addressSealed, byte[] displayNameSealed,
            byte[] subjectSealed, byte[] lastExternalIdSealed) {
    }

    void insert(Connection c, ChannelRow row) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO channel_conversations (conversation_id, "
                + "identity_kind, address_sealed, display_name_sealed, subject_sealed, last_external_id_sealed) "
                + "VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, row.conversationId());
            s.setString(2, row.identityKind());
            s.setBytes(3, row.addressSealed());
            bytes(s, 4, row.displayNameSealed());
            bytes(s, 5, row.subjectSealed());
            bytes(s, 6, row.lastExternalIdSealed());
            s.executeUpdate();
        }
    }

    /** Moves the thread along to the customer's newest message; a null subject keeps the one stored. */
    void updateThread(Connection c, String conversationId, byte[] subjectSealed, byte[] lastExternalIdSealed)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE channel_conversations SET "
                + "subject_sealed = COALESCE(?, subject_sealed), last_external_id_sealed = ? WHERE conversation_id = ?")) {
            bytes(s, 1, subjectSealed);
            bytes(s, 2, lastExternalIdSealed);
            s.setString(3, conversationId);
            s.executeUpdate();
        }
    }

    Optional<ChannelRow> byConversation(Connection c, String conversationId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT conversation_id, identity_kind, address_sealed, "
                + "display_name_sealed, subject_sealed, last_external_id_sealed FROM channel_conversations "
                + "WHERE conversation_id = ?")) {
            s.setString(1, conversationId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next()
                        ? Optional.of(new ChannelRow(rs.getString(1), rs.getString(2), rs.getBytes(3), rs.getBytes(4),
                                rs.getBytes(5), rs.getBytes(6)))
                        : Optional.empty();
            }
        }
    }

    private static void bytes(PreparedStatement s, int index, byte[] value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.VARBINARY);
        } else {
            s.setBytes(index, value);
        }
    }
}
