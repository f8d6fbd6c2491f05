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

    /** Stores {@code t} as its ticket's target: an update of the row there is, else a new row. */
    void put(Connection c, Target t) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE ticket_sla SET policy = ?, target_millis = ?, "
                + "state = ?, calendar_team = ?, run_started_at = ?, remaining_millis = ?, due_at = ?, warn_at = ?, "
                + "warned_at = ?, breached_at = ?, met_at = ? WHERE ticket_id = ? AND target = ?")) {
            values(s, t, 1);
            s.setString(12, t.ticketId());
            s.setString(13, t.target());
            if (s.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO ticket_sla (policy, target_millis, state, "
                + "calendar_team, run_started_at, remaining_millis, due_at, warn_at, warned_at, breached_at, met_at, "
                + "ticket_id, target) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            values(s, t, 1);
            s.setString(12, t.ticketId());
            s.setString(13, t.target());
            s.executeUpdate();
        }
    }

    /**
     * Stores {@code next} in place of the running target {@code was}, if the row is still that run (nobody paused,
     * met or moved it meanwhile); returns whether it did.
     */
    boolean replaceRun(Connection c, Target was, Target next) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE ticket_sla SET policy = ?, target_millis = ?, "
                + "state = ?, calendar_team = ?, run_started_at = ?, remaining_millis = ?, due_at = ?, warn_at = ?, "
                + "warned_at = ?, breached_at = ?, met_at = ? WHERE ticket_id = ? AND target = ? "
                + "AND state = 'running' AND run_started_at = ? AND due_at = ?")) {
            values(s, next, 1);
            s.setString(12, was.ticketId());
            s.setString(13, was.target());
            time(s, 14, was.runStartedAt());
            time(s, 15, was.dueAt());
            return s.executeUpdate() == 1;
        }
    }

    /** Sets the eleven value columns from {@code first} on, in the order the statements above name them. */
    private static void values(PreparedStatement s, Target t, int first) throws SQLException {
        s.setString(first, t.policy());
        s.setLong(first + 1, t.targetMillis());
        s.setString(first + 2, t.state());
        if (t.calendarTeam() == null) {
            s.setNull(first + 3, Types.VARCHAR);
        } else {
            s.setString(first + 3, t.calendarTeam());
        }
        time(s, first + 4, t.runStartedAt());
        s.setLong(first + 5, t.remainingMillis());
        time(s, first + 6, t.dueAt());
        time(s, first + 7, t.warnAt());
        time(s, first + 8, t.warnedAt());
        time(s, first + 9, t.breachedAt());
        time(s, first + 10, t.metAt());
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

    /**
     * Running targets whose warning or breach is due at {@code now} and not yet recorded, at most {@code limit}, the
     * soonest due first. Two queries, each a range of its own index ({@code ticket_sla_due}, {@code ticket_sla_warn}):
     * one condition with OR would read every running target each round, inside the writer.
     */
    List<Target> dueForNotice(Connection c, Instant now, int limit) throws SQLException {
        java.util.Map<String, Target> due = new java.util.LinkedHashMap<>();
        for (String when : List.of("due_at <= ? AND breached_at IS NULL", "warn_at <= ? AND warned_at IS NULL")) {
            try (PreparedStatement s = c.prepareStatement(SELECT + "WHERE state = 'running' AND " + when
                    + " FETCH FIRST " + limit + " ROWS ONLY")) {
                s.setTimestamp(1, Timestamp.from(now), UTC.get());
                read(s).forEach(t -> due.putIfAbsent(t.ticketId() + "/" + t.target(), t));
            }
        }
        return due.values().stream().sorted(java.util.Comparator.comparing(Target::dueAt)).limit(limit).toList();
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
     * {@code afterTarget}) in key order (null: from the first), at most {@code limit}. The page starts at
     * {@code ticket_id >= afterTicket}, a range of the index {@code ticket_sla_team}, and drops the few rows of that
     * ticket already seen: a condition with OR would make Derby read from the team's first row on every page.
     */
    List<Target> runningIn(Connection c, String team, String afterTicket, String afterTarget,
            int limit) throws SQLException {
        String after = afterTicket == null ? "" : "AND ticket_id >= ? ";
        try (PreparedStatement s = c.prepareStatement(SELECT + "WHERE calendar_team = ? AND state = 'running' "
                + after + "ORDER BY ticket_id, target FETCH FIRST " + (limit + 3) + " ROWS ONLY")) {
            s.setString(1, team);
            if (afterTicket != null) {
                s.setString(2, afterTicket);
            }
            List<Target> rows = read(s);
            rows.removeIf(t -> t.ticketId().equals(afterTicket) && t.target().compareTo(afterTarget) <= 0);
            return rows.size() > limit ? new ArrayList<>(rows.subList(0, limit)) : rows;
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
