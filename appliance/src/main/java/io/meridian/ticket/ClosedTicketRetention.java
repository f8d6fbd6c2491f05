package io.meridian.ticket;

import io.meridian.conversation.ContactRecords;
import io.meridian.conversation.ConversationService;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.TimeZone;
import java.util.List;
import java.util.Objects;

/**
 * What the retention job (docs/privacy.md#retention) may find and anonymise in the ticket capability's tables:
 * closed tickets left unchanged for long. Anonymising removes every text about the customer — the subject (sealed
 * empty, as it is read everywhere), the handover note, text field values, internal notes and files — and keeps the
 * number, status, priority, type, team, assignee, times, links, service levels and history for reports. The methods
 * take the connection of the caller's own store work.
 */
public final class ClosedTicketRetention {

    /** A closed ticket not anonymised yet, unchanged since {@code updatedAt}. */
    public record ClosedTicket(String id, String contactId, Instant updatedAt) {
    }

    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    private final ConversationService conversations;
    private final ContactRecords contacts = new ContactRecords();

    public ClosedTicketRetention(ConversationService conversations) {
        this.conversations = Objects.requireNonNull(conversations, "conversations");
    }

    /**
     * Up to {@code limit} closed tickets not anonymised, unchanged since before {@code before}, oldest first after
     * the cursor ({@code afterUpdate}, {@code afterId}; null for the first page). A closed ticket is changed no more
     * once closed, save by reopening, so its last change is when it was closed or later: never earlier than due.
     */
    public List<ClosedTicket> closedBefore(Connection c, Instant before, Instant afterUpdate, String afterId,
            int limit) throws SQLException {
        String sql = "SELECT id, contact_id, updated_at FROM tickets WHERE status = 'closed' AND updated_at < ? "
                + "AND anonymised_at IS NULL"
                // The plain lower bound lets the index on (status, updated_at) start at the cursor.
                + (afterId == null ? "" : " AND updated_at >= ? AND (updated_at > ? OR (updated_at = ? AND id > ?))")
                + " ORDER BY updated_at, id FETCH FIRST " + limit + " ROWS ONLY";
        List<ClosedTicket> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setTimestamp(1, Timestamp.from(before), Calendar.getInstance(UTC));
            if (afterId != null) {
                s.setTimestamp(2, Timestamp.from(afterUpdate), Calendar.getInstance(UTC));
                s.setTimestamp(3, Timestamp.from(afterUpdate), Calendar.getInstance(UTC));
                s.setTimestamp(4, Timestamp.from(afterUpdate), Calendar.getInstance(UTC));
                s.setString(5, afterId);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new ClosedTicket(rs.getString(1), rs.getString(2), rs.getTimestamp(3, Calendar.getInstance(UTC)).toInstant()));
                }
            }
        }
        return out;
    }

    /**
     * Anonymises the ticket if it is still closed, unchanged since before {@code before} and not anonymised;
     * whether it was.
     */
    public boolean anonymise(Connection c, String ticketId, Instant before, Instant now) throws SQLException {
        String contactId;
        try (PreparedStatement s = c.prepareStatement("SELECT contact_id FROM tickets WHERE id = ? AND status = "
                + "'closed' AND updated_at < ? AND anonymised_at IS NULL")) {
            s.setString(1, ticketId);
            s.setTimestamp(2, Timestamp.from(before), Calendar.getInstance(UTC));
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                contactId = rs.getString(1);
            }
        }
        byte[] subject = contacts.shredded(c, contactId).orElse(true) ? new byte[0]
                : conversations.sealForContact(c, contactId, "tickets", ticketId, "subject_sealed", "");
        try (PreparedStatement u = c.prepareStatement("UPDATE tickets SET subject_sealed = ?, "
                + "handover_note_sealed = NULL, anonymised_at = ? WHERE id = ?")) {
            u.setBytes(1, subject);
            u.setTimestamp(2, Timestamp.from(now), Calendar.getInstance(UTC));
            u.setString(3, ticketId);
            u.executeUpdate();
        }
        for (String sql : List.of("DELETE FROM ticket_field_values WHERE ticket_id = ? AND value_sealed IS NOT NULL",
                "DELETE FROM ticket_notes WHERE ticket_id = ?", "DELETE FROM ticket_attachments WHERE ticket_id = ?")) {
            try (PreparedStatement d = c.prepareStatement(sql)) {
                d.setString(1, ticketId);
                d.executeUpdate();
            }
        }
        return true;
    }
}
