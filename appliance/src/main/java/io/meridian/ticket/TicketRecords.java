package io.meridian.ticket;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;

/** All SQL of tickets (migration V21); none commits. Subjects stay sealed here: {@link Tickets} opens them. */
final class TicketRecords {

    private static final ThreadLocal<Calendar> UTC = ThreadLocal.withInitial(
            () -> Calendar.getInstance(TimeZone.getTimeZone("UTC")));
    /** The first number of a prefix: numbers have five digits from the start, as customers expect of a reference. */
    static final long FIRST_NUMBER = 10001;

    /** A stored ticket, its subject still sealed. */
    record Row(String id, String number, String contactId, byte[] subjectSealed, String status, String priority,
            String type, String assigneeId, String teamId, String createdBy, Instant createdAt, Instant updatedAt,
            Instant solvedAt) {
    }

    /**
     * The next number of {@code prefix}, advanced in the caller's transaction: the update comes first, so it holds
     * the counter's row until the ticket commits and no two tickets get one number.
     */
    long nextNumber(Connection c, String prefix) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE ticket_counters SET next_number = next_number + 1 WHERE prefix = ?")) {
            s.setString(1, prefix);
            if (s.executeUpdate() == 0) {
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO ticket_counters (prefix, next_number) VALUES (?, ?)")) {
                    insert.setString(1, prefix);
                    insert.setLong(2, FIRST_NUMBER + 1);
                    insert.executeUpdate();
                }
                return FIRST_NUMBER;
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT next_number FROM ticket_counters WHERE prefix = ?")) {
            s.setString(1, prefix);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1) - 1;
            }
        }
    }

    void insert(Connection c, Row r) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO tickets (id, ticket_number, contact_id, "
                + "subject_sealed, status, priority, ticket_type, assignee_id, team_id, created_by, created_at, "
                + "updated_at, solved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, r.id());
            s.setString(2, r.number());
            s.setString(3, r.contactId());
            s.setBytes(4, r.subjectSealed());
            s.setString(5, r.status());
            s.setString(6, r.priority());
            nullable(s, 7, r.type());
            nullable(s, 8, r.assigneeId());
            nullable(s, 9, r.teamId());
            s.setString(10, r.createdBy());
            s.setTimestamp(11, Timestamp.from(r.createdAt()), UTC.get());
            s.setTimestamp(12, Timestamp.from(r.updatedAt()), UTC.get());
            time(s, 13, r.solvedAt());
            s.executeUpdate();
        }
    }

    /** Writes every field of the ticket but its id, number, requester and creation. */
    void update(Connection c, Row r) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE tickets SET subject_sealed = ?, status = ?, "
                + "priority = ?, ticket_type = ?, assignee_id = ?, team_id = ?, updated_at = ?, solved_at = ? "
                + "WHERE id = ?")) {
            s.setBytes(1, r.subjectSealed());
            s.setString(2, r.status());
            s.setString(3, r.priority());
            nullable(s, 4, r.type());
            nullable(s, 5, r.assigneeId());
            nullable(s, 6, r.teamId());
            s.setTimestamp(7, Timestamp.from(r.updatedAt()), UTC.get());
            time(s, 8, r.solvedAt());
            s.setString(9, r.id());
            s.executeUpdate();
        }
    }

    /**
     * By id or by number (case as stored: upper case). Two look-ups, each by its own index: one condition with OR
     * would make Derby read every ticket, and this runs for every customer message of a ticket's conversation.
     */
    Optional<Row> find(Connection c, String idOrNumber) throws SQLException {
        Optional<Row> byId = findBy(c, "id", idOrNumber);
        return byId.isPresent() ? byId : findBy(c, "ticket_number", idOrNumber);
    }

    private Optional<Row> findBy(Connection c, String column, String value) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT + "WHERE " + column + " = ?")) {
            s.setString(1, value);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** A custom field's stored value: a code, or a text sealed. */
    record FieldValue(String plain, byte[] sealed) {
    }

    /** The ticket's custom field values, by key. */
    Map<String, FieldValue> fieldValues(Connection c, String ticketId) throws SQLException {
        Map<String, FieldValue> out = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT field_key, value_plain, value_sealed "
                + "FROM ticket_field_values WHERE ticket_id = ?")) {
            s.setString(1, ticketId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new FieldValue(rs.getString(2), rs.getBytes(3)));
                }
            }
        }
        return out;
    }

    /** Sets a custom field's value (both null: removes it). */
    void putFieldValue(Connection c, String ticketId, String key, String plain, byte[] sealed) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "DELETE FROM ticket_field_values WHERE ticket_id = ? AND field_key = ?")) {
            s.setString(1, ticketId);
            s.setString(2, key);
            s.executeUpdate();
        }
        if (plain == null && sealed == null) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO ticket_field_values (ticket_id, field_key, "
                + "value_plain, value_sealed) VALUES (?, ?, ?, ?)")) {
            s.setString(1, ticketId);
            s.setString(2, key);
            nullable(s, 3, plain);
            if (sealed == null) {
                s.setNull(4, Types.VARBINARY);
            } else {
                s.setBytes(4, sealed);
            }
            s.executeUpdate();
        }
    }

    /** A stored note, its text still sealed. */
    record NoteRow(String id, String authorId, String authorName, byte[] sealed, Instant at) {
    }

    void insertNote(Connection c, String ticketId, NoteRow note) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO ticket_notes (id, ticket_id, author_id, "
                + "author_name, body_sealed, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, note.id());
            s.setString(2, ticketId);
            s.setString(3, note.authorId());
            s.setString(4, note.authorName());
            s.setBytes(5, note.sealed());
            s.setTimestamp(6, Timestamp.from(note.at()), UTC.get());
            s.executeUpdate();
        }
    }

    /** A ticket's notes, oldest first. */
    List<NoteRow> notes(Connection c, String ticketId) throws SQLException {
        List<NoteRow> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, author_id, author_name, body_sealed, created_at "
                + "FROM ticket_notes WHERE ticket_id = ? ORDER BY created_at, id")) {
            s.setString(1, ticketId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new NoteRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4),
                            rs.getTimestamp(5, UTC.get()).toInstant()));
                }
            }
        }
        return out;
    }

    /** Links two tickets (once per pair); false if they were linked already. */
    boolean linkTickets(Connection c, String a, String b, Instant at) throws SQLException {
        String first = a.compareTo(b) < 0 ? a : b;
        String second = first.equals(a) ? b : a;
        try (PreparedStatement s = c.prepareStatement(
                "SELECT 1 FROM ticket_links WHERE first_id = ? AND second_id = ?")) {
            s.setString(1, first);
            s.setString(2, second);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    return false;
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO ticket_links (first_id, second_id, linked_at) VALUES (?, ?, ?)")) {
            s.setString(1, first);
            s.setString(2, second);
            s.setTimestamp(3, Timestamp.from(at), UTC.get());
            s.executeUpdate();
            return true;
        }
    }

    /** Removes the link between two tickets; false if there was none. */
    boolean unlinkTickets(Connection c, String a, String b) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "DELETE FROM ticket_links WHERE first_id = ? AND second_id = ?")) {
            s.setString(1, a.compareTo(b) < 0 ? a : b);
            s.setString(2, a.compareTo(b) < 0 ? b : a);
            return s.executeUpdate() == 1;
        }
    }

    /** The numbers of the tickets linked to {@code ticketId}, in number order. */
    List<String> linkedNumbers(Connection c, String ticketId) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT t.ticket_number FROM ticket_links l JOIN tickets t "
                + "ON t.id = CASE WHEN l.first_id = ? THEN l.second_id ELSE l.first_id END "
                + "WHERE l.first_id = ? OR l.second_id = ? ORDER BY t.ticket_number")) {
            s.setString(1, ticketId);
            s.setString(2, ticketId);
            s.setString(3, ticketId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** The sealed handover note of a ticket, if it has one. */
    Optional<byte[]> handoverNote(Connection c, String ticketId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT handover_note_sealed FROM tickets WHERE id = ?")) {
            s.setString(1, ticketId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getBytes(1)) : Optional.empty();
            }
        }
    }

    /** Sets (or with null clears) the sealed handover note. */
    void setHandoverNote(Connection c, String ticketId, byte[] sealed, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE tickets SET handover_note_sealed = ?, updated_at = ? WHERE id = ?")) {
            if (sealed == null) {
                s.setNull(1, Types.VARBINARY);
            } else {
                s.setBytes(1, sealed);
            }
            s.setTimestamp(2, Timestamp.from(now), UTC.get());
            s.setString(3, ticketId);
            s.executeUpdate();
        }
    }

    /** The ticket a conversation belongs to, if any. */
    /** The ids of the contact's tickets, oldest first. */
    List<String> idsOfContact(Connection c, String contactId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT id FROM tickets WHERE contact_id = ? ORDER BY created_at, id")) {
            s.setString(1, contactId);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    Optional<String> ticketOf(Connection c, String conversationId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT ticket_id FROM ticket_conversations WHERE conversation_id = ?")) {
            s.setString(1, conversationId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Links the conversation; false if it belongs to a ticket already. */
    boolean link(Connection c, String ticketId, String conversationId, Instant at) throws SQLException {
        if (ticketOf(c, conversationId).isPresent()) {
            return false;
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO ticket_conversations (conversation_id, ticket_id, linked_at) VALUES (?, ?, ?)")) {
            s.setString(1, conversationId);
            s.setString(2, ticketId);
            s.setTimestamp(3, Timestamp.from(at), UTC.get());
            s.executeUpdate();
            return true;
        }
    }

    /** The conversations that belong to a ticket not closed: those whose customer's reply may reopen it. */
    List<String> conversationsOfOpenTickets(Connection c) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT tc.conversation_id FROM ticket_conversations tc "
                + "JOIN tickets t ON t.id = tc.ticket_id WHERE t.status <> 'closed'");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    /** Up to {@code limit} solved tickets solved before {@code before}, the longest solved first. */
    List<Row> solvedBefore(Connection c, Instant before, int limit) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(SELECT + "WHERE status = 'solved' AND solved_at < ? "
                + "ORDER BY solved_at FETCH FIRST " + limit + " ROWS ONLY")) {
            s.setTimestamp(1, Timestamp.from(before), UTC.get());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
        }
        return rows;
    }

    /** Moves every conversation of ticket {@code from} to ticket {@code to}. */
    void moveConversations(Connection c, String from, String to) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE ticket_conversations SET ticket_id = ? WHERE ticket_id = ?")) {
            s.setString(1, to);
            s.setString(2, from);
            s.executeUpdate();
        }
    }

    List<String> conversations(Connection c, String ticketId) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT conversation_id FROM ticket_conversations "
                + "WHERE ticket_id = ? ORDER BY linked_at, conversation_id")) {
            s.setString(1, ticketId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    /**
     * Up to {@code limit} tickets, the most recently updated first: with one of {@code statuses}, and, where not
     * null, with that assignee ({@code ""}: nobody) and in one of {@code teams}.
     */
    List<Row> list(Connection c, List<String> statuses, String assigneeId, List<String> teams, int limit)
            throws SQLException {
        return list(c, statuses, assigneeId, teams, null, null, limit);
    }

    /** As above, only tickets whose custom field {@code fieldKey} holds {@code fieldValue} (a code, not a text). */
    List<Row> list(Connection c, List<String> statuses, String assigneeId, List<String> teams, String fieldKey,
            String fieldValue, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder(SELECT).append("WHERE status IN (")
                .append(String.join(", ", statuses.stream().map(x -> "?").toList())).append(')');
        if (assigneeId != null) {
            sql.append(assigneeId.isEmpty() ? " AND assignee_id IS NULL" : " AND assignee_id = ?");
        }
        if (teams != null) {
            if (teams.isEmpty()) {
                return List.of();
            }
            sql.append(" AND team_id IN (").append(String.join(", ", teams.stream().map(x -> "?").toList()))
                    .append(')');
        }
        if (fieldKey != null) {
            sql.append(" AND id IN (SELECT ticket_id FROM ticket_field_values WHERE field_key = ? "
                    + "AND value_plain = ?)");
        }
        sql.append(" ORDER BY updated_at DESC, id FETCH FIRST ").append(limit).append(" ROWS ONLY");
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            int i = 1;
            for (String status : statuses) {
                s.setString(i++, status);
            }
            if (assigneeId != null && !assigneeId.isEmpty()) {
                s.setString(i++, assigneeId);
            }
            if (teams != null) {
                for (String team : teams) {
                    s.setString(i++, team);
                }
            }
            if (fieldKey != null) {
                s.setString(i++, fieldKey);
                s.setString(i++, fieldValue);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
        }
        return rows;
    }

    /** How many tickets have each status, by status. */
    Map<String, Long> countByStatus(Connection c) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT status, COUNT(*) FROM tickets GROUP BY status");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }

    /** Appends the event to the ticket's trail: numbered after its last (one writer: no two get one number). */
    void insertEvent(Connection c, String ticketId, TicketEvent e) throws SQLException {
        int seq;
        try (PreparedStatement s = c.prepareStatement(
                "SELECT MAX(seq) FROM ticket_events WHERE ticket_id = ?")) {
            s.setString(1, ticketId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                seq = rs.getInt(1) + 1;
            }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO ticket_events (id, ticket_id, seq, happened_at, "
                + "actor_id, actor_name, field_name, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, e.id());
            s.setString(2, ticketId);
            s.setInt(3, seq);
            s.setTimestamp(4, Timestamp.from(e.at()), UTC.get());
            s.setString(5, e.actorId());
            s.setString(6, e.actorName());
            s.setString(7, e.field());
            nullable(s, 8, e.from());
            nullable(s, 9, e.to());
            s.executeUpdate();
        }
    }

    /** The ticket's audit trail, in the order it was written. */
    List<TicketEvent> events(Connection c, String ticketId) throws SQLException {
        List<TicketEvent> events = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, happened_at, actor_id, actor_name, field_name, "
                + "old_value, new_value FROM ticket_events WHERE ticket_id = ? ORDER BY seq")) {
            s.setString(1, ticketId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    events.add(new TicketEvent(rs.getString(1), rs.getTimestamp(2, UTC.get()).toInstant(),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)));
                }
            }
        }
        return events;
    }

    private static final String SELECT = "SELECT id, ticket_number, contact_id, subject_sealed, status, priority, "
            + "ticket_type, assignee_id, team_id, created_by, created_at, updated_at, solved_at FROM tickets ";

    private static Row row(ResultSet rs) throws SQLException {
        Timestamp solved = rs.getTimestamp(13, UTC.get());
        return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getTimestamp(11, UTC.get()).toInstant(), rs.getTimestamp(12, UTC.get()).toInstant(),
                solved == null ? null : solved.toInstant());
    }

    private static void nullable(PreparedStatement s, int index, String value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setString(index, value);
        }
    }

    private static void time(PreparedStatement s, int index, Instant value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.TIMESTAMP);
        } else {
            s.setTimestamp(index, Timestamp.from(value), UTC.get());
        }
    }
}
