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
import java.util.List;
import java.util.TimeZone;

/** All SQL of service levels ({@code ticket_sla}, migration V22); none commits. */
final class SlaRecords {

    private static final ThreadLocal<Calendar> UTC = ThreadLocal.withInitial(
            () -> Calendar.getInstance(TimeZone.getTimeZone("UTC")));
    private static final String SELECT = "SELECT ticket_id, target, policy, target_millis, state, calendar_team, "
            + "run_started_at, remaining_millis, due_at, warn_at, warned_at, breached_at, met_at FROM ticket_sla ";

    /** One target of one ticket ({@code ticket_sla}'s row). */
    record Target(String ticketId, String target, String policy, long targetMillis, String state,
            String calendarTeam, Instant runStartedAt, long remainingMillis, Instant dueAt, Instant warnAt,
            Instant warnedAt, Instant breachedAt, Instant metAt) {
    }

    void put(Connection c, Target t) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM ticket_sla WHERE ticket_id = ? AND target = ?")) {
            s.setString(1, t.ticketId());
            s.setString(2, t.target());
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO ticket_sla (ticket_id, target, policy, "
                + "target_millis, state, calendar_team, run_started_at, remaining_millis, due_at, warn_at, warned_at, "
                + "breached_at, met_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, t.ticketId());
            s.setString(2, t.target());
            s.setString(3, t.policy());
            s.setLong(4, t.targetMillis());
            s.setString(5, t.state());
            if (t.calendarTeam() == null) {
                s.setNull(6, Types.VARCHAR);
            } else {
                s.setString(6, t.calendarTeam());
            }
            time(s, 7, t.runStartedAt());
            s.setLong(8, t.remainingMillis());
            time(s, 9, t.dueAt());
            time(s, 10, t.warnAt());
            time(s, 11, t.warnedAt());
            time(s, 12, t.breachedAt());
            time(s, 13, t.metAt());
            s.executeUpdate();
        }
    }

    /** A ticket's targets, in the order first reply, next reply, resolution. */
    List<Target> of(Connection c, String ticketId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT + "WHERE ticket_id = ?")) {
            s.setString(1, ticketId);
            List<Target> out = read(s);
            out.sort(java.util.Comparator.comparing(t -> List.of(SlaPolicy.FIRST_REPLY, SlaPolicy.NEXT_REPLY,
                    SlaPolicy.RESOLUTION).indexOf(t.target())));
            return out;
        }
    }

    /** Running targets whose warning or breach is due at {@code now} and not yet recorded, at most {@code limit}. */
    List<Target> dueForNotice(Connection c, Instant now, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT + "WHERE state = 'running' AND ((breached_at IS NULL "
                + "AND due_at <= ?) OR (warned_at IS NULL AND warn_at <= ?)) ORDER BY due_at FETCH FIRST " + limit
                + " ROWS ONLY")) {
            Timestamp at = Timestamp.from(now);
            s.setTimestamp(1, at, UTC.get());
            s.setTimestamp(2, at, UTC.get());
            return read(s);
        }
    }

    /** The tickets with a running target due before {@code before} (breached ones included). */
    List<String> ticketsDueBefore(Connection c, Instant before, int limit) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT ticket_id, MIN(due_at) FROM ticket_sla "
                + "WHERE state = 'running' AND due_at < ? GROUP BY ticket_id ORDER BY 2 FETCH FIRST " + limit
                + " ROWS ONLY")) {
            s.setTimestamp(1, Timestamp.from(before), UTC.get());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    /**
     * The running targets counted in {@code team}'s hours, after the target ({@code afterTicket},
     * {@code afterTarget}) in key order (null: from the first), at most {@code limit}.
     */
    List<Target> runningIn(Connection c, String team, String afterTicket, String afterTarget,
            int limit) throws SQLException {
        String after = afterTicket == null ? "" : "AND (ticket_id > ? OR (ticket_id = ? AND target > ?)) ";
        try (PreparedStatement s = c.prepareStatement(SELECT + "WHERE calendar_team = ? AND state = 'running' "
                + after + "ORDER BY ticket_id, target FETCH FIRST " + limit + " ROWS ONLY")) {
            s.setString(1, team);
            if (afterTicket != null) {
                s.setString(2, afterTicket);
                s.setString(3, afterTicket);
                s.setString(4, afterTarget);
            }
            return read(s);
        }
    }

    /**
     * Per team (the ticket's now), policy and target: the warnings, breaches and meetings that happened in
     * [{@code from}, {@code to}), and of the meetings those before their due time.
     */
    List<SlaReportRow> report(Connection c, Instant from, Instant to) throws SQLException {
        String in = " >= ? AND %s < ?";
        String warned = "s.warned_at" + in.formatted("s.warned_at");
        String breached = "s.breached_at" + in.formatted("s.breached_at");
        String met = "s.met_at" + in.formatted("s.met_at");
        List<SlaReportRow> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT t.team_id, s.policy, s.target, "
                + "SUM(CASE WHEN " + warned + " THEN 1 ELSE 0 END), SUM(CASE WHEN " + breached + " THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN " + met + " THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN " + met + " AND s.breached_at IS NULL THEN 1 ELSE 0 END) "
                + "FROM ticket_sla s JOIN tickets t ON t.id = s.ticket_id "
                + "WHERE (" + warned + ") OR (" + breached + ") OR (" + met + ") "
                + "GROUP BY t.team_id, s.policy, s.target ORDER BY 1, 2, 3")) {
            Timestamp a = Timestamp.from(from);
            Timestamp b = Timestamp.from(to);
            for (int i = 1; i < 14; i += 2) { // seven periods: four in the sums, three in the filter
                s.setTimestamp(i, a, UTC.get());
                s.setTimestamp(i + 1, b, UTC.get());
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new SlaReportRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getLong(5), rs.getLong(6), rs.getLong(7)));
                }
            }
        }
        return out;
    }

    /** Targets running now (and of them, those overdue at {@code now}) and paused. */
    SlaCounts counts(Connection c, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(CASE WHEN state = 'running' THEN 1 END), "
                + "COUNT(CASE WHEN state = 'running' AND due_at <= ? THEN 1 END), "
                + "COUNT(CASE WHEN state = 'paused' THEN 1 END) FROM ticket_sla WHERE state IN ('running', 'paused')")) {
            s.setTimestamp(1, Timestamp.from(now), UTC.get());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new SlaCounts(rs.getLong(1), rs.getLong(2), rs.getLong(3), now);
            }
        }
    }

    private static List<Target> read(PreparedStatement s) throws SQLException {
        List<Target> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(new Target(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getString(5), rs.getString(6), instant(rs, 7), rs.getLong(8), instant(rs, 9),
                        instant(rs, 10), instant(rs, 11), instant(rs, 12), instant(rs, 13)));
            }
        }
        return out;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column, UTC.get());
        return t == null ? null : t.toInstant();
    }

    private static void time(PreparedStatement s, int index, Instant value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.TIMESTAMP);
        } else {
            s.setTimestamp(index, Timestamp.from(value), UTC.get());
        }
    }
}
