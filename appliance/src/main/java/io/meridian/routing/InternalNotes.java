package io.meridian.routing;

import io.meridian.routing.TimelineRecords.NoteRow;
import io.meridian.security.SignedInAgent;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Private notes between colleagues on a conversation, never sent to the customer: written on their own or with a
 * transfer. The text is sealed with the contact's key like a message (staff write about the customer). Colleagues
 * named as {@code @username} get a live notice in their console.
 */
final class InternalNotes {

    static final int MAX_NOTE_CHARS = 4000;
    private static final Pattern MENTION = Pattern.compile("(?<![\\w@])@([A-Za-z0-9._-]{1,64})");

    private final RoutingBasics basics;
    private final AssignmentRecords assignments = new AssignmentRecords();
    private final TimelineRecords timeline = new TimelineRecords();

    InternalNotes(RoutingBasics basics) {
        this.basics = basics;
    }

    /** Adds a note; returns the usernames notified. */
    Future<List<String>> add(String conversationId, SignedInAgent author, String text) {
        if (text == null || text.isBlank()) {
            return Future.failedFuture(new IllegalArgumentException("a note needs text"));
        }
        if (text.length() > MAX_NOTE_CHARS) {
            return Future.failedFuture(tooLong());
        }
        Set<String> named = new LinkedHashSet<>();
        Matcher m = MENTION.matcher(text);
        while (m.find()) {
            named.add(m.group(1).toLowerCase(Locale.ROOT).replaceAll("[.]+$", ""));
        }
        Instant now = basics.now();
        String body = text.strip();
        return basics.accounts().list().compose(all -> {
            List<SignedInAgent> mentioned = all.stream().filter(a -> named.contains(a.username()))
                    .filter(a -> !a.id().equals(author.id())).toList();
            List<String> usernames = mentioned.stream().map(SignedInAgent::username).toList();
            return basics.store().write(c -> {
                if (assignments.routing(c, conversationId).isEmpty() && !timeline.conversationExists(c, conversationId)) {
                    throw new NoSuchElementException("No conversation " + conversationId);
                }
                String noteId = insert(c, conversationId, "NOTE", author, body, usernames, now);
                for (SignedInAgent a : mentioned) {
                    timeline.insertMention(c, noteId, a.id(), conversationId, now);
                }
                return noteId;
            }).map(noteId -> {
                String preview = body.length() > 140 ? body.substring(0, 139) + "…" : body;
                for (SignedInAgent a : mentioned) {
                    basics.hub().notifyAgent(a.id(), new AgentMentioned(conversationId, noteId, author.displayName(),
                            preview, now));
                }
                basics.hub().publishInbox(new NoteAdded(conversationId, noteId));
                return usernames;
            });
        });
    }

    /**
     * Seals and stores a note inside the caller's store work ({@code kind} NOTE or TRANSFER); nothing for a null text.
     * Returns the note's id.
     */
    String insert(Connection c, String conversationId, String kind, SignedInAgent author, String text,
            List<String> mentions, Instant now) throws SQLException {
        if (text == null) {
            return null;
        }
        String id = UUID.randomUUID().toString();
        byte[] sealed = basics.hub().conversations().sealForConversation(c, conversationId, "conversation_notes", id,
                "body_sealed", text);
        timeline.insertNote(c, new NoteRow(id, conversationId, kind, author.id(), author.displayName(), sealed,
                mentions.isEmpty() ? null : String.join(",", mentions), now));
        return id;
    }

    static IllegalArgumentException tooLong() {
        return new IllegalArgumentException("the note is longer than " + MAX_NOTE_CHARS + " characters");
    }

    /**
     * Empties the texts of the conversation's notes and transfer reasons inside the caller's store work (the
     * retention job erasing its transcript); authors, times and mentions stay. How many there were.
     */
    int forget(java.sql.Connection c, String conversationId) throws java.sql.SQLException {
        List<NoteRow> notes = timeline.notes(c, conversationId);
        // An erased customer's key is gone: nothing can be sealed under it, and whatever is stored reads empty.
        java.util.Optional<String> contact = new io.meridian.conversation.ConversationRecords()
                .contactIdOf(c, conversationId);
        boolean customerErased = contact.isEmpty()
                || new io.meridian.conversation.ContactRecords().shredded(c, contact.get()).orElse(true);
        for (NoteRow n : notes) {
            timeline.replaceNoteBody(c, n.id(), customerErased ? new byte[0] : basics.hub().conversations()
                    .sealForConversation(c, conversationId, "conversation_notes", n.id(), "body_sealed", ""));
        }
        return notes.size();
    }
}
