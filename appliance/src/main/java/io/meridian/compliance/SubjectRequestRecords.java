package io.meridian.compliance;

import io.meridian.compliance.SubjectRequest.Confirmation;
import io.meridian.compliance.SubjectRequest.Kind;
import io.meridian.compliance.SubjectRequest.Law;
import io.meridian.compliance.SubjectRequest.Status;
import io.meridian.compliance.SubjectRequest.Verification;
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
import java.util.Optional;
import java.util.TimeZone;

/** The SQL of {@code subject_requests} (migration V33); {@link SubjectRequests} is the way in. */
final class SubjectRequestRecords {

    static final int MAX_LISTED = 500;
    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");
    private static final String SELECT = "SELECT id, contact_id, kind, law, verified_by, received_at, due_at, "
            + "opened_by, status, closed_at, closed_by, outcome, export_id, confirmation FROM subject_requests ";

    void insert(Connection c, SubjectRequest r) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO subject_requests (id, contact_id, kind, law, "
                + "verified_by, received_at, due_at, opened_by, status, confirmation) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, r.id());
            s.setString(2, r.contactId());
            s.setString(3, r.kind().name());
            s.setString(4, r.law().name());
            s.setString(5, r.verifiedBy().name());
            s.setTimestamp(6, Timestamp.from(r.receivedAt()), utc());
            s.setTimestamp(7, Timestamp.from(r.dueAt()), utc());
            s.setString(8, r.openedBy());
            s.setString(9, r.status().name());
            s.setString(10, r.confirmation().name());
            s.executeUpdate();
        }
    }

    /** Closes an open request; false if it was not open. */
    boolean close(Connection c, String id, Status status, String by, String outcome, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE subject_requests SET status = ?, closed_at = ?, "
                + "closed_by = ?, outcome = ? WHERE id = ? AND status = 'OPEN'")) {
            s.setString(1, status.name());
            s.setTimestamp(2, Timestamp.from(at), utc());
            s.setString(3, by);
            if (outcome == null) {
                s.setNull(4, Types.VARCHAR);
            } else {
                s.setString(4, outcome);
            }
            s.setString(5, id);
            return s.executeUpdate() > 0;
        }
    }

    void setExport(Connection c, String id, String exportId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE subject_requests SET export_id = ? WHERE id = ?")) {
            s.setString(1, exportId);
            s.setString(2, id);
            s.executeUpdate();
        }
    }

    void setConfirmation(Connection c, String id, Confirmation confirmation) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE subject_requests SET confirmation = ? WHERE id = ?")) {
            s.setString(1, confirmation.name());
            s.setString(2, id);
            s.executeUpdate();
        }
    }

    Optional<SubjectRequest> find(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT + "WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** Requests with this status, the soonest due first (at most {@value #MAX_LISTED}). */
    List<SubjectRequest> withStatus(Connection c, Status status) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT + "WHERE status = ? ORDER BY due_at, id FETCH FIRST "
                + MAX_LISTED + " ROWS ONLY")) {
            s.setString(1, status.name());
            return all(s);
        }
    }

    List<SubjectRequest> ofContact(Connection c, String contactId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT + "WHERE contact_id = ? ORDER BY received_at DESC, id")) {
            s.setString(1, contactId);
            return all(s);
        }
    }

    private static List<SubjectRequest> all(PreparedStatement s) throws SQLException {
        List<SubjectRequest> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(row(rs));
            }
        }
        return out;
    }

    private static SubjectRequest row(ResultSet rs) throws SQLException {
        Timestamp closed = rs.getTimestamp(10, utc());
        return new SubjectRequest(rs.getString(1), rs.getString(2), Kind.valueOf(rs.getString(3)),
                Law.valueOf(rs.getString(4)), Verification.valueOf(rs.getString(5)),
                rs.getTimestamp(6, utc()).toInstant(), rs.getTimestamp(7, utc()).toInstant(), rs.getString(8),
                Status.valueOf(rs.getString(9)), closed == null ? null : closed.toInstant(), rs.getString(11),
                rs.getString(12), rs.getString(13), Confirmation.valueOf(rs.getString(14)));
    }

    private static Calendar utc() {
        return Calendar.getInstance(UTC);
    }
}
