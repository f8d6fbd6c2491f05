package io.meridian.contact;

import io.meridian.conversation.ChatMessage;
import io.meridian.conversation.ContactRecords;
import io.meridian.conversation.ConversationRecords;
import io.meridian.conversation.ContactMatch;
import io.meridian.conversation.ConversationService;
import io.meridian.email.MailBodies;
import io.meridian.store.Store;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One customer across channels. Contacts are found by identity (blind index in contact_identities), so a widget
 * visitor who left an e-mail address and later writes by e-mail is the same contact. An agent can merge two contacts
 * that are one customer: the merged contact's identities move to the surviving contact, which then shows the merged
 * contact's conversations in its history; every merge is recorded in contact_merges and in the audit log.
 * <p>
 * The merged contact keeps its own data key: its conversations, messages and translations stay sealed under it
 * (no ciphertext is rewritten, so a merge is quick and cannot half-fail), and erasing the customer must shred the
 * keys of the surviving contact and of every contact merged into it.
 */
public final class ContactDirectory {

    /** Messages shown per conversation on the contact page (newest conversations have all their recent messages). */
    public static final int MESSAGES_PER_CONVERSATION = 500;

    private static final Logger AUDIT = LoggerFactory.getLogger("audit");
    private static final Pattern CONTACT_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final Store store;
    private final ConversationService conversations;
    private final Clock clock;
    private final ContactRecordsSql sql = new ContactRecordsSql();
    private final ContactRecords contacts = new ContactRecords();
    private final ConversationRecords conversationRecords = new ConversationRecords();
    private final MailBodies mail;

    public ContactDirectory(Store store, ConversationService conversations, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.mail = new MailBodies(store, conversations);
        this.conversations = Objects.requireNonNull(conversations, "conversations");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether {@code id} has the form of a contact id (checked before any lookup, so bad input gets a clear 400). */
    public static boolean isContactId(String id) {
        return id != null && CONTACT_ID.matcher(id).matches();
    }

    /**
     * Merges {@code from} into {@code into} on behalf of an agent. Fails with {@link MergeRefusedException} when
     * either is unknown, both are the same, or either was already merged into another contact.
     */
    public Future<ContactMerge> merge(String from, String into, String agentId, String agentUsername) {
        if (!isContactId(from) || !isContactId(into)) {
            return Future.failedFuture(new IllegalArgumentException("contact ids must be UUIDs"));
        }
        if (from.equals(into)) {
            return Future.failedFuture(new MergeRefusedException("A contact cannot be merged into itself", false));
        }
        Instant now = clock.instant();
        return store.write(c -> {
            Optional<String> fromState = contacts.mergedInto(c, from);
            Optional<String> intoState = contacts.mergedInto(c, into);
            if (fromState.isEmpty() || intoState.isEmpty()) {
                throw new MergeRefusedException("No contact " + (fromState.isEmpty() ? from : into), true);
            }
            if (!fromState.get().isEmpty() || !intoState.get().isEmpty()) {
                String merged = fromState.get().isEmpty() ? into : from;
                throw new MergeRefusedException("Contact " + merged + " was already merged into another contact", false);
            }
            if (contacts.restricted(c, from) || contacts.restricted(c, into)) {
                throw new MergeRefusedException("Processing of contact " + (contacts.restricted(c, from) ? from : into)
                        + " is restricted: its data is read-only until the restriction is lifted", false);
            }
            int identities = contacts.moveIdentities(c, from, into);
            int joined = conversationRecords.ofContactAndMerged(c, from).size();
            contacts.markMerged(c, from, into);
            ContactMerge merge = new ContactMerge(UUID.randomUUID().toString(), from, into, agentId, agentUsername,
                    identities, joined, now);
            sql.insertMerge(c, merge);
            return merge;
        }).onSuccess(m -> AUDIT.info("Agent '{}' merged contact {} into contact {} ({} identities, {} conversations)",
                agentUsername, from, into, m.identitiesMoved(), m.conversationsJoined()));
    }

    /** The contact's history across channels; empty when no such contact. */
    public Future<Optional<ContactHistory>> history(String contactId) {
        if (!isContactId(contactId)) {
            return Future.succeededFuture(Optional.empty());
        }
        return store.read(c -> {
            Optional<String> state = contacts.mergedInto(c, contactId);
            if (state.isEmpty()) {
                return Optional.<Snapshot>empty();
            }
            return Optional.of(new Snapshot(state.get(), conversationsOf(c, contactId), sql.merges(c, contactId)));
        }).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture(Optional.empty());
            }
            Snapshot s = found.get();
            List<Future<ContactHistory.Thread>> threads = new ArrayList<>();
            for (ContactConversation conversation : s.conversations()) {
                threads.add(conversations.messages(conversation.id(), 0, MESSAGES_PER_CONVERSATION)
                        .compose(messages -> mail.parts(conversation.id()).map(parts ->
                                new ContactHistory.Thread(conversation, List.<ChatMessage>copyOf(messages), parts))));
            }
            return Future.all(threads).map(all -> Optional.of(new ContactHistory(contactId, s.mergedInto(),
                    threads.stream().map(Future::result).toList(), s.merges())));
        });
    }

    /** Whether there is such a contact (merged into another or not). */
    public Future<Boolean> exists(String contactId) {
        if (!isContactId(contactId)) {
            return Future.succeededFuture(false);
        }
        return store.read(c -> contacts.mergedInto(c, contactId).isPresent());
    }

    /** Contacts by e-mail address or visitor number, for choosing the other side of a merge. */
    public Future<List<ContactMatch>> find(String query) {
        return conversations.findContacts(query);
    }

    public Future<Optional<String>> contactOf(String conversationId) {
        return store.read(c -> {
            Optional<String> owner = conversationRecords.contactIdOf(c, conversationId);
            if (owner.isEmpty()) {
                return Optional.<String>empty();
            }
            String into = contacts.mergedInto(c, owner.get()).orElse("");
            return Optional.of(into.isEmpty() ? owner.get() : into);
        });
    }

    private List<ContactConversation> conversationsOf(Connection c, String contactId) throws SQLException {
        return conversationRecords.ofContactAndMerged(c, contactId).stream()
                .map(v -> new ContactConversation(v.id(), v.contactId(), v.channel(), v.status().name(), v.createdAt(),
                        v.lastActivityAt(), v.messageCount()))
                .toList();
    }

    private record Snapshot(String mergedInto, List<ContactConversation> conversations, List<ContactMerge> merges) {
    }
}
