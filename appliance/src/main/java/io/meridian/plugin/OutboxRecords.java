package io.meridian.plugin;

import io.meridian.conversation.ConversationRecords;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.function.Function;

/**
 * The SQL of {@code channel_outbox} (migrations V3, V6). Runs inside the store's work; never commits. The messages an
 * entry sends are the conversation capability's: their order is asked of {@link ConversationRecords}.
 */
final class OutboxRecords {

    private final ConversationRecords conversations = new ConversationRecords();

    static final String PENDING = "PENDING";
    static final String SENT = "SENT";
    static final String FAILED = "FAILED";
    static final Set<String> STATUSES = Set.of(PENDING, SENT, FAILED);

    private static final ThreadLocal<Calendar> UTC =
            ThreadLocal.withInitial(() -> Calendar.getInstance(TimeZone.getTimeZone("UTC")));

    /**
     * One outbox entry; {@code seq} is its message's place in the conversation, {@code lastError} why its last attempt
     * failed (null if none did).
     */
    record OutboxRow(String id, String instanceId, String conversationId, String messageId, long seq, String status,
            int attempts, Instant nextAttemptAt, Instant createdAt, Instant sentAt, String delivery,
            SendFailure lastError, Instant lastErrorAt) {

        OutboxRow withSeq(long messageSeq) {
            return new OutboxRow(id, instanceId, conversationId, messageId, messageSeq, status, attempts,
                    nextAttemptAt, createdAt, sentAt, delivery, lastError, lastErrorAt);
        }

        OutboxEntry entry() {
            return new OutboxEntry(id, conversationId, messageId, status, attempts, nextAttemptAt, createdAt, sentAt,
                    delivery, lastError, lastErrorAt);
        }
    }

    void insert(Connection c, String id, String instanceId, String conversationId, String messageId, Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO channel_outbox (id, instance_id, conversation_id, "
                + "message_id, status, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, 'PENDING', 0, ?, ?)")) {
            s.setString(1, id);
            s.setString(2, instanceId);
            s.setString(3, conversationId);
            s.setString(4, messageId);
            s.setTimestamp(5, Timestamp.from(now), UTC.get());
            s.setTimestamp(6, Timestamp.from(now), UTC.get());
            s.executeUpdate();
        }
    }

    private static final String COLUMNS = "SELECT o.id, o.instance_id, o.conversation_id, o.message_id, o.status, "
            + "o.attempts, o.next_attempt_at, o.created_at, o.sent_at, o.delivery, o.last_error_class, "
            + "o.last_error_reason, o.last_error_at FROM channel_outbox o ";

    /** Entries waiting to be sent, per conversation in message order. */
    List<OutboxRow> pending(Connection c, int limit) throws SQLException {
        return inMessageOrder(c, "o.status = 'PENDING'", List.of(), "o.conversation_id", OutboxRow::conversationId,
                false, limit);
    }

    /** The newest entries of one instance with one of {@code statuses} (any status if empty). */
    List<OutboxRow> recent(Connection c, String instanceId, Set<String> statuses, int limit) throws SQLException {
        List<String> wanted = statuses.stream().filter(STATUSES::contains).sorted().toList();
        String filter = wanted.isEmpty() ? "" : " AND o.status IN (" + "?, ".repeat(wanted.size() - 1) + "?)";
        List<Object> params = new ArrayList<>();
        params.add(instanceId);
        params.addAll(wanted);
        return inMessageOrder(c, "o.instance_id = ?" + filter, params, "o.created_at", OutboxRow::createdAt, true,
                limit);
    }

    /**
     * At most {@code limit} entries matching {@code where}, ordered by {@code group} (ascending, or descending when
     * {@code newest}) and, within a group, by their messages' place in the conversation ({@code seq}, the same way).
     * The messages are the conversation capability's, so their places are asked of it in the same work: the
     * statement orders by the group only, and the last group, which the limit may have cut anywhere, is read whole,
     * put in message order and then cut to the same size.
     */
    private List<OutboxRow> inMessageOrder(Connection c, String where, List<Object> params, String group,
            Function<OutboxRow, Object> groupOf, boolean newest, int limit) throws SQLException {
        String direction = newest ? " DESC" : "";
        List<Object> limited = new ArrayList<>(params);
        limited.add(limit);
        List<OutboxRow> rows = new ArrayList<>(query(c, COLUMNS + "WHERE " + where + " ORDER BY " + group + direction
                + " FETCH FIRST ? ROWS ONLY", limited));
        if (!rows.isEmpty() && rows.size() == limit) {
            Object last = groupOf.apply(rows.get(rows.size() - 1));
            rows.removeIf(r -> last.equals(groupOf.apply(r)));
            List<Object> whole = new ArrayList<>(params);
            whole.add(last);
            rows.addAll(query(c, COLUMNS + "WHERE " + where + " AND " + group + " = ?", whole));
        }
        Map<String, Long> seqs = conversations.seqsOfMessages(c, rows.stream().map(OutboxRow::messageId).toList());
        Map<Object, List<OutboxRow>> groups = new LinkedHashMap<>();
        for (OutboxRow r : rows) {
            Long seq = seqs.get(r.messageId());
            if (seq != null) {
                groups.computeIfAbsent(groupOf.apply(r), k -> new ArrayList<>()).add(r.withSeq(seq));
            }
        }
        Comparator<OutboxRow> bySeq = Comparator.comparingLong(OutboxRow::seq);
        List<OutboxRow> out = new ArrayList<>();
        for (List<OutboxRow> members : groups.values()) {
            members.sort(newest ? bySeq.reversed() : bySeq);
            out.addAll(members);
        }
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    /** Rows of {@link #COLUMNS} with {@code seq} 0: it is the messages' owner's to tell. */
    private List<OutboxRow> query(Connection c, String sql, List<Object> params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            for (Object param : params) {
                if (param instanceof Instant at) {
                    s.setTimestamp(i++, Timestamp.from(at), UTC.get());
                } else if (param instanceof Integer number) {
                    s.setInt(i++, number);
                } else {
                    s.setString(i++, (String) param);
                }
            }
            try (ResultSet rs = s.executeQuery()) {
                List<OutboxRow> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(new OutboxRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            0, rs.getString(5), rs.getInt(6), instant(rs.getTimestamp(7, UTC.get())),
                            instant(rs.getTimestamp(8, UTC.get())), instant(rs.getTimestamp(9, UTC.get())),
                            rs.getString(10), rs.getString(12) == null ? null
                                    : new SendFailure(rs.getString(11), rs.getString(12)),
                            instant(rs.getTimestamp(13, UTC.get()))));
                }
                return rows;
            }
        }
    }

    /** Marks a pending entry sent; false if it was not pending (e.g. sent meanwhile). */
    boolean markSent(Connection c, String id, int attempts, String externalIdIndex, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE channel_outbox SET status = 'SENT', attempts = ?, "
                + "sent_at = ?, external_id_index = ? WHERE id = ? AND status = 'PENDING'")) {
            s.setInt(1, attempts);
            s.setTimestamp(2, Timestamp.from(now), UTC.get());
            if (externalIdIndex == null) {
                s.setNull(3, Types.VARCHAR);
            } else {
                s.setString(3, externalIdIndex);
            }
            s.setString(4, id);
            return s.executeUpdate() == 1;
        }
    }

    /** Records a failed attempt of a pending entry, to be tried again at {@code next}. */
    void markRetry(Connection c, String id, int attempts, Instant next, SendFailure error, Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE channel_outbox SET attempts = ?, next_attempt_at = ?, "
                + "last_error_class = ?, last_error_reason = ?, last_error_at = ? WHERE id = ? AND status = 'PENDING'")) {
            s.setInt(1, attempts);
            s.setTimestamp(2, Timestamp.from(next), UTC.get());
            error(s, 3, error, now);
            s.setString(6, id);
            s.executeUpdate();
        }
    }

    /** Gives up on a pending entry: FAILED, kept, with why. */
    void markFailed(Connection c, String id, int attempts, SendFailure error, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE channel_outbox SET status = 'FAILED', attempts = ?, "
                + "last_error_class = ?, last_error_reason = ?, last_error_at = ? WHERE id = ? AND status = 'PENDING'")) {
            s.setInt(1, attempts);
            error(s, 2, error, now);
            s.setString(5, id);
            s.executeUpdate();
        }
    }

    /** Sets every pending entry of an instance FAILED with {@code error}; how many. */
    int failPending(Connection c, String instanceId, SendFailure error, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE channel_outbox SET status = 'FAILED', "
                + "last_error_class = ?, last_error_reason = ?, last_error_at = ? WHERE instance_id = ? "
                + "AND status = 'PENDING'")) {
            error(s, 1, error, now);
            s.setString(4, instanceId);
            return s.executeUpdate();
        }
    }

    /** How many entries of an instance are waiting to be sent. */
    int countPending(Connection c, String instanceId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(*) FROM channel_outbox WHERE instance_id = ? AND status = 'PENDING'")) {
            s.setString(1, instanceId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void error(PreparedStatement s, int index, SendFailure error, Instant now) throws SQLException {
        if (error.errorClass() == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setString(index, error.errorClass());
        }
        s.setString(index + 1, error.reason());
        s.setTimestamp(index + 2, Timestamp.from(now), UTC.get());
    }

    /** Puts an instance's failed entries back in the queue; the number put back. */
    int retryFailed(Connection c, String instanceId, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE channel_outbox SET status = 'PENDING', "
                + "next_attempt_at = ? WHERE instance_id = ? AND status = 'FAILED'")) {
            s.setTimestamp(1, Timestamp.from(now), UTC.get());
            s.setString(2, instanceId);
            return s.executeUpdate();
        }
    }

    /** Entries per instance and status. */
    Map<String, Map<String, Long>> counts(Connection c) throws SQLException {
        Map<String, Map<String, Long>> counts = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT instance_id, status, COUNT(*) FROM channel_outbox GROUP BY instance_id, status");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                counts.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getLong(3));
            }
        }
        return counts;
    }

    /** Records a delivery receipt on the entry the connector sent under that id; false if none matches. */
    boolean delivery(Connection c, String instanceId, String externalIdIndex, String status, Instant at)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE channel_outbox SET delivery = ?, delivery_at = ? "
                + "WHERE instance_id = ? AND external_id_index = ?")) {
            s.setString(1, status);
            s.setTimestamp(2, Timestamp.from(at), UTC.get());
            s.setString(3, instanceId);
            s.setString(4, externalIdIndex);
            return s.executeUpdate() > 0;
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
