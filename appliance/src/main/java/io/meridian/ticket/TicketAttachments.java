package io.meridian.ticket;

import io.meridian.conversation.AttachmentLimits;
import io.meridian.conversation.AttachmentsRefusedException;
import io.meridian.conversation.NewAttachment;
import io.meridian.security.SignedInAgent;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TimeZone;
import java.util.UUID;

/**
 * Files agents add to a ticket itself (a warehouse's photo, a supplier's report), beside the files of its
 * conversations' messages ({@code ticket_attachments}, migration V28): screened by the node's attachment limits
 * (size, count, types by content), sealed under the requester's key, each addition in the ticket's history (its size,
 * not its name: names are personal).
 */
public final class TicketAttachments {

    private static final String TABLE = "ticket_attachments";
    private static final ThreadLocal<Calendar> UTC = ThreadLocal.withInitial(
            () -> Calendar.getInstance(TimeZone.getTimeZone("UTC")));

    /** One file of a ticket, without its content. */
    public record Listed(String id, String name, String mediaType, long sizeBytes, String addedBy,
            String addedByName, Instant addedAt) {
    }

    /** One file with its content, for a download. */
    public record File(Listed file, byte[] content) {
    }

    private final Tickets tickets;

    public TicketAttachments(Tickets tickets) {
        this.tickets = tickets;
    }

    /**
     * Adds {@code files} to the ticket, all or none: {@link AttachmentsRefusedException} names what the limits refuse,
     * {@link NoSuchElementException} an unknown ticket, {@link TicketConflictException} a closed one.
     */
    public Future<List<Listed>> add(SignedInAgent by, String idOrNumber, List<NewAttachment> files) {
        if (files.isEmpty()) {
            return Future.failedFuture(new IllegalArgumentException("no file: send one or more in the field file"));
        }
        AttachmentLimits.Screened screened = tickets.conversations.attachmentLimits().screen(files);
        if (!screened.refused().isEmpty()) {
            return Future.failedFuture(new AttachmentsRefusedException("attachment not accepted: "
                    + screened.refused().get(0).describe(), screened.refused()));
        }
        return tickets.ticket(idOrNumber).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(new NoSuchElementException("no ticket " + idOrNumber));
            }
            Ticket ticket = found.get();
            if (ticket.status() == TicketStatus.CLOSED) {
                return Future.failedFuture(new TicketConflictException("ticket " + ticket.number()
                        + " is closed; open a new one"));
            }
            Instant now = tickets.clock.instant();
            return tickets.store.write(c -> {
                List<Listed> added = new ArrayList<>();
                for (NewAttachment f : screened.kept()) {
                    String id = UUID.randomUUID().toString();
                    insert(c, ticket, id, f, by, now);
                    tickets.records.insertEvent(c, ticket.id(), Tickets.event(Tickets.Actor.of(by), now,
                            "attachment", null, String.valueOf(f.content().length)));
                    added.add(new Listed(id, f.name(), f.mediaType(), f.content().length, by.id(),
                            by.displayName(), now));
                }
                return added;
            });
        });
    }

    /** The ticket's files, oldest first. */
    public Future<List<Listed>> list(Ticket ticket) {
        return tickets.store.read(c -> {
            List<Listed> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, name_sealed, media_sealed, size_bytes, added_by, "
                    + "added_by_name, added_at FROM " + TABLE + " WHERE ticket_id = ? ORDER BY added_at, id")) {
                s.setString(1, ticket.id());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(listed(c, ticket, rs));
                    }
                }
            }
            return out;
        });
    }

    /** One file of the ticket with its content; empty for an id that is not one of its files. */
    public Future<Optional<File>> file(Ticket ticket, String attachmentId) {
        return tickets.store.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT id, name_sealed, media_sealed, size_bytes, added_by, "
                    + "added_by_name, added_at, content_sealed FROM " + TABLE + " WHERE id = ? AND ticket_id = ?")) {
                s.setString(1, attachmentId);
                s.setString(2, ticket.id());
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<File>empty();
                    }
                    return Optional.of(new File(listed(c, ticket, rs), tickets.conversations.openBytesForContact(c,
                            ticket.contactId(), TABLE, attachmentId, "content_sealed", rs.getBytes(8))));
                }
            }
        });
    }

    private void insert(Connection c, Ticket ticket, String id, NewAttachment f, SignedInAgent by, Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + TABLE + " (id, ticket_id, name_sealed, "
                + "media_sealed, content_sealed, size_bytes, added_by, added_by_name, added_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, id);
            s.setString(2, ticket.id());
            s.setBytes(3, tickets.conversations.sealForContact(c, ticket.contactId(), TABLE, id, "name_sealed",
                    f.name()));
            s.setBytes(4, tickets.conversations.sealForContact(c, ticket.contactId(), TABLE, id, "media_sealed",
                    f.mediaType()));
            s.setBytes(5, tickets.conversations.sealBytesForContact(c, ticket.contactId(), TABLE, id,
                    "content_sealed", f.content()));
            s.setLong(6, f.content().length);
            s.setString(7, by.id());
            s.setString(8, by.displayName());
            s.setTimestamp(9, Timestamp.from(now), UTC.get());
            s.executeUpdate();
        }
    }

    private Listed listed(Connection c, Ticket ticket, ResultSet rs) throws SQLException {
        String id = rs.getString(1);
        return new Listed(id, tickets.conversations.openForContact(c, ticket.contactId(), TABLE, id, "name_sealed",
                rs.getBytes(2)), tickets.conversations.openForContact(c, ticket.contactId(), TABLE, id,
                "media_sealed", rs.getBytes(3)), rs.getLong(4), rs.getString(5), rs.getString(6),
                rs.getTimestamp(7, UTC.get()).toInstant());
    }
}
