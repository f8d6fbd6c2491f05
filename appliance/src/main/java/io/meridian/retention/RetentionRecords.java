package io.meridian.retention;

import io.meridian.retention.RetentionRun.Outcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

/** The SQL of {@code retention_runs} and {@code retention_run_counts} (V35). Runs inside the store's work. */
final class RetentionRecords {

    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    void insert(Connection c, RetentionRun run) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO retention_runs (id, started_at, dry_run, "
                + "started_by, outcome) VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, run.id());
            s.setTimestamp(2, Timestamp.from(run.startedAt()), Calendar.getInstance(UTC));
            s.setBoolean(3, run.dryRun());
            s.setString(4, run.startedBy());
            s.setString(5, run.outcome().name());
            s.executeUpdate();
        }
    }

    /** Records how the run ended, with its counts per region. */
    void finish(Connection c, RetentionRun run) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE retention_runs SET finished_at = ?, outcome = ?, "
                + "held_skipped = ?, detail = ? WHERE id = ?")) {
            s.setTimestamp(1, Timestamp.from(run.finishedAt()), Calendar.getInstance(UTC));
            s.setString(2, run.outcome().name());
            s.setLong(3, run.heldSkipped());
            s.setString(4, run.detail() == null ? null : run.detail().substring(0, Math.min(300,
                    run.detail().length())));
            s.setString(5, run.id());
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO retention_run_counts (run_id, region, "
                + "conversations, messages, attachments, tickets) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (RetentionCounts r : run.regions()) {
                s.setString(1, run.id());
                s.setString(2, r.region());
                s.setLong(3, r.conversations());
                s.setLong(4, r.messages());
                s.setLong(5, r.attachments());
                s.setLong(6, r.tickets());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** Runs the node left unfinished when it stopped: marked failed, so none looks as if it still ran. */
    int failUnfinished(Connection c, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE retention_runs SET outcome = 'FAILED', "
                + "finished_at = ?, detail = 'the node stopped during the run' WHERE outcome = 'RUNNING'")) {
            s.setTimestamp(1, Timestamp.from(now), Calendar.getInstance(UTC));
            return s.executeUpdate();
        }
    }

    /** The latest runs, newest first. */
    List<RetentionRun> latest(Connection c, int limit) throws SQLException {
        Map<String, RetentionRun> runs = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, started_at, finished_at, dry_run, started_by, "
                + "outcome, held_skipped, detail FROM retention_runs ORDER BY started_at DESC, id FETCH FIRST "
                + limit + " ROWS ONLY"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                Timestamp finished = rs.getTimestamp(3, Calendar.getInstance(UTC));
                runs.put(rs.getString(1), new RetentionRun(rs.getString(1),
                        rs.getTimestamp(2, Calendar.getInstance(UTC)).toInstant(),
                        finished == null ? null : finished.toInstant(), rs.getBoolean(4), rs.getString(5),
                        Outcome.valueOf(rs.getString(6)), rs.getLong(7), rs.getString(8), List.of()));
            }
        }
        List<RetentionRun> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT region, conversations, messages, attachments, tickets "
                + "FROM retention_run_counts WHERE run_id = ? ORDER BY region")) {
            for (RetentionRun run : runs.values()) {
                List<RetentionCounts> regions = new ArrayList<>();
                s.setString(1, run.id());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        regions.add(new RetentionCounts(rs.getString(1), rs.getLong(2), rs.getLong(3),
                                rs.getLong(4), rs.getLong(5)));
                    }
                }
                out.add(new RetentionRun(run.id(), run.startedAt(), run.finishedAt(), run.dryRun(),
                        run.startedBy(), run.outcome(), run.heldSkipped(), run.detail(), regions));
            }
        }
        return out;
    }
}
