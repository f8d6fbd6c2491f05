package io.meridian.conversation;

import io.meridian.conversation.ProcessingRestriction.Ground;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restriction of processing (GDPR article 18): the customer's contacts are marked in the store, so their data stays
 * read-only (corrections, merges, new languages and profile details are refused or skipped in the same SQL that
 * would write them), and remembered here in memory, so the message path asks "is this customer restricted?" without
 * a read for every message while nobody is.
 */
public final class ContactRestrictions {

    private static final Logger LOG = LoggerFactory.getLogger(ContactRestrictions.class);

    private final ConversationStorage storage;
    /** Every contact of every restricted customer. */
    private final Set<String> restricted = ConcurrentHashMap.newKeySet();
    private final Future<Void> loaded;

    ContactRestrictions(ConversationStorage storage) {
        this.storage = storage;
        this.loaded = storage.store.read(storage.contacts::restrictedIds).onSuccess(restricted::addAll)
                .onFailure(e -> LOG.error("Could not read which customers' processing is restricted", e))
                .mapEmpty();
    }

    /**
     * Restricts the processing of the customer this contact belongs to (all their contacts); an existing restriction
     * stays as it is. Fails with {@link NoSuchElementException} for an unknown contact, {@link RestrictionRefusedException}
     * for an erased customer.
     */
    public Future<ProcessingRestriction> restrict(String contactId, Ground ground, String staffId) {
        Objects.requireNonNull(ground, "ground");
        Objects.requireNonNull(staffId, "staffId");
        return loaded.compose(v -> storage.store.write(c -> {
            List<String> contacts = customer(c, contactId);
            if (storage.contacts.shredded(c, contacts.get(0)).orElse(false)) {
                throw new RestrictionRefusedException("The customer was erased: there is nothing left to restrict");
            }
            storage.contacts.restrict(c, contacts, ground.key(), staffId, storage.now());
            return contacts;
        })).compose(contacts -> {
            restricted.addAll(contacts);
            return restriction(contacts.get(0)).map(Optional::orElseThrow);
        });
    }

    /**
     * Lifts the restriction of the customer this contact belongs to: true if there was one. Fails with
     * {@link NoSuchElementException} for an unknown contact.
     */
    public Future<Boolean> lift(String contactId) {
        return loaded.compose(v -> storage.store.write(c -> {
            List<String> contacts = customer(c, contactId);
            return storage.contacts.restrict(c, contacts, null, null, null) > 0 ? contacts : List.<String>of();
        })).map(contacts -> {
            contacts.forEach(restricted::remove);
            return !contacts.isEmpty();
        });
    }

    /** The customer's restriction; empty when none. Fails with {@link NoSuchElementException} for an unknown contact. */
    public Future<Optional<ProcessingRestriction>> restriction(String contactId) {
        return storage.store.read(c -> {
            String survivor = customer(c, contactId).get(0);
            return storage.contacts.restriction(c, survivor).map(row -> new ProcessingRestriction(survivor,
                    Ground.parse((String) row[0]), (String) row[1], (Instant) row[2]));
        });
    }

    /** Whether the contact's processing is restricted, from memory. */
    public boolean restricted(String contactId) {
        return restricted.contains(contactId);
    }

    /** Whether the processing of the conversation's customer is restricted; no read while nobody is. */
    public Future<Boolean> conversationRestricted(String conversationId) {
        return loaded.compose(v -> restricted.isEmpty() ? Future.succeededFuture(false)
                : storage.store.read(c -> storage.records.contactIdOf(c, conversationId))
                        .map(contact -> contact.map(restricted::contains).orElse(false)));
    }

    /** The surviving contact first, then those merged into it. */
    private List<String> customer(Connection c, String contactId) throws SQLException {
        String into = storage.contacts.mergedInto(c, contactId)
                .orElseThrow(() -> new NoSuchElementException("No contact " + contactId));
        return ConversationRecords.contactAndMerged(c, into.isEmpty() ? contactId : into);
    }
}
