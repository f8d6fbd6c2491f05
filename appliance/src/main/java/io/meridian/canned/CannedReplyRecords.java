package io.meridian.canned;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;

/** All SQL of canned replies ({@code canned_replies}, {@code canned_reply_texts}, migration V15); none commits. */
final class CannedReplyRecords {

    private static final ThreadLocal<Calendar> UTC = ThreadLocal.withInitial(
            () -> Calendar.getInstance(TimeZone.getTimeZone("UTC")));

    /** Every reply with its texts, by shortcut; the caller keeps those the agent may see (a few hundred at most). */
    List<CannedReply> all(Connection c) throws SQLException {
        Map<String, Map<String, String>> texts = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT reply_id, language, body FROM canned_reply_texts "
                + "ORDER BY reply_id, language"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                texts.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getString(3));
            }
        }
        List<CannedReply> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, shortcut, title, team_id, owner_id, updated_at "
                + "FROM canned_replies ORDER BY shortcut, id"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(new CannedReply(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), texts.getOrDefault(rs.getString(1), Map.of()),
                        rs.getTimestamp(6, UTC.get()).toInstant()));
            }
        }
        return out;
    }

    Optional<CannedReply> byId(Connection c, String id) throws SQLException {
        return all(c).stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** Inserts or replaces the reply and all its texts. */
    void put(Connection c, CannedReply r, String by, Instant now) throws SQLException {
        delete(c, r.id());
        try (PreparedStatement s = c.prepareStatement("INSERT INTO canned_replies (id, shortcut, title, team_id, "
                + "owner_id, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, r.id());
            s.setString(2, r.shortcut());
            s.setString(3, r.title());
            setNullable(s, 4, r.teamId());
            setNullable(s, 5, r.ownerId());
            s.setString(6, by);
            s.setTimestamp(7, Timestamp.from(now), UTC.get());
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO canned_reply_texts (reply_id, language, body) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> t : r.texts().entrySet()) {
                s.setString(1, r.id());
                s.setString(2, t.getKey());
                s.setString(3, t.getValue());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** Deletes the reply and its texts; false if there was none. */
    boolean delete(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM canned_replies WHERE id = ?")) {
            s.setString(1, id);
            return s.executeUpdate() == 1;
        }
    }

    private static void setNullable(PreparedStatement s, int index, String value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setString(index, value);
        }
    }
}
