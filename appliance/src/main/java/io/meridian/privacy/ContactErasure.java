package io.meridian.privacy;

import io.meridian.conversation.ContactRecords;
import java.sql.Connection;
import java.sql.SQLException;

import io.meridian.conversation.ChatHub;
import io.meridian.conversation.ConversationService;
import io.meridian.conversation.ConversationStatus;
import io.meridian.conversation.ShreddedContact;
import io.meridian.lifecycle.Lifecycle;
import io.meridian.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erases customers at their request by crypto-shredding (docs/privacy.md): the customer's open conversations are
 * closed, their data keys destroyed (so every sealed field, in the store and in every backup, is unreadable at once),
 * their identities and search-index entries removed; conversations, messages and tickets stay as metadata for
 * reports. A legal hold refuses the erasure. The erasure is recorded without personal data, in the audit trail and
 * in the {@link ErasureLedger}, which this part re-applies at start to a database restored from an older backup.
 */
public final class ContactErasure implements Lifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ContactErasure.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("audit");
    /** Who erased a customer again when the node found them in the ledger but not erased in its database. */
    static final String BY_LEDGER = "ledger";

    private final Vertx vertx;
    private final Store store;
    private final ConversationService conversations;
    private final ChatHub hub;
    private final Function<List<String>, Future<Void>> forgetInSearch;
    private final ErasureLedger ledger;
    private final Clock clock;
    private final ErasureRecords records = new ErasureRecords();

    /** {@code forgetInSearch} removes conversations from the search index; {@code ledgerFile} is data/keys/erasures. */
    public ContactErasure(Vertx vertx, Store store, ConversationService conversations, ChatHub hub,
            Function<List<String>, Future<Void>> forgetInSearch, Path ledgerFile, Clock clock) {
        this.vertx = vertx;
        this.store = store;
        this.conversations = conversations;
        this.hub = hub;
        this.forgetInSearch = forgetInSearch;
        this.ledger = new ErasureLedger(ledgerFile);
        this.clock = clock;
    }

    /**
     * Erases the customer the contact belongs to. Fails with {@link NoSuchElementException} for an unknown contact
     * and {@link ErasureRefusedException} under a legal hold; erasing a customer erased already answers the record.
     */
    public Future<Erasure> erase(String contactId, String agentId) {
        Objects.requireNonNull(contactId, "contactId");
        Objects.requireNonNull(agentId, "agentId");
        return conversations.customerContacts(contactId).compose(contacts -> store.read(c -> records.holdAmong(c,
                contacts)).compose(hold -> {
                    if (hold.isPresent()) {
                        return Future.failedFuture(new ErasureRefusedException("legal-hold", "The customer's data "
                                + "is under a legal hold (" + hold.get().reference() + ", placed by "
                                + hold.get().placedBy() + "): lift the hold before erasing"));
                    }
                    String customer = contacts.get(0);
                    return conversations.contactShredded(customer).compose(shredded -> shredded
                            ? erasureOf(customer) : shred(customer, agentId));
                }));
    }

    /** The record of the erasure of a customer (their surviving contact) erased already. */
    private Future<Erasure> erasureOf(String customer) {
        return store.read(c -> records.erasure(c, customer).orElseGet(() -> new Erasure(customer, BY_LEDGER,
                clock.instant(), 0, 0)));
    }

    private Future<Erasure> shred(String contactId, String by) {
        List<Future<Boolean>> closing = new ArrayList<>();
        return vertx.executeBlocking(() -> {
            if (!BY_LEDGER.equals(by)) {
                ledger.append(contactId);
            }
            return null;
        }, false).compose(v -> conversations.conversationsOfContact(contactId)).compose(held -> {
            held.stream().filter(cv -> cv.status() == ConversationStatus.OPEN)
                    .forEach(cv -> closing.add(hub.close(cv.id())));
            // A conversation that would not close is still shredded: closing only tells the widget and consoles.
            return Future.join(closing).transform(closed -> conversations.shredContact(contactId));
        }).compose(done -> {
            Erasure erasure = new Erasure(done.contactId(), by, clock.instant(), done.contactIds().size(),
                    done.conversationIds().size());
            return forgetInSearch.apply(done.conversationIds()).recover(e -> {
                // The index's words are keyed fingerprints; a rebuild drops them (docs/privacy.md).
                LOG.warn("The search index could not forget the erased customer's conversations: {}", e.toString());
                return Future.succeededFuture();
            }).compose(x -> store.write(c -> {
                if (records.erasure(c, erasure.contactId()).isEmpty()) {
                    records.insert(c, erasure);
                }
                return erasure;
            })).onSuccess(e -> AUDIT.info("Customer {} erased by {}: {} data keys shredded, {} conversations kept "
                    + "as metadata{}", e.contactId(), by, e.contactsShredded(), e.conversationsKept(),
                    changedNote(done)));
        });
    }

    private static String changedNote(ShreddedContact done) {
        return done.changed() ? "" : " (shredded already)";
    }

    /** The erasure of the contact's customer, if they were erased. */
    public Future<Optional<Erasure>> erasure(String contactId) {
        return conversations.customerContacts(contactId).compose(contacts -> conversations
                .contactShredded(contacts.get(0)).compose(shredded -> !shredded
                        ? Future.succeededFuture(Optional.empty())
                        : erasureOf(contacts.get(0)).map(Optional::of)));
    }

    /** The legal hold on this contact, if any. */
    public Future<Optional<LegalHold>> hold(String contactId) {
        return store.read(c -> records.holdAmong(c, List.of(contactId)));
    }


    /**
     * Whether nothing of this contact's customer may be erased or anonymised by retention, read in the caller's
     * store work (so a hold placed a moment before is seen): a legal hold on any of the customer's contacts, or a
     * restriction of processing (GDPR article 18 allows storage only).
     */
    public boolean keeps(Connection c, String contactId) throws SQLException {
        ContactRecords contacts = new ContactRecords();
        return contacts.restricted(c, contactId) || records.holdAmong(c, contacts.customerOf(c, contactId)).isPresent();
    }

    /** Places (or re-words) a legal hold; {@link NoSuchElementException} for an unknown contact. */
    public Future<LegalHold> placeHold(String contactId, String reference, String agentId) {
        LegalHold hold = new LegalHold(contactId, reference, agentId, clock.instant());
        return conversations.contactShredded(contactId).compose(x -> store.write(c -> {
            records.placeHold(c, hold);
            return hold;
        })).onSuccess(h -> AUDIT.info("Legal hold {} placed on customer {} by {}", reference, contactId, agentId));
    }

    /** Lifts the hold; whether there was one. */
    public Future<Boolean> liftHold(String contactId, String agentId) {
        return store.write(c -> records.liftHold(c, contactId)).onSuccess(lifted -> {
            if (lifted) {
                AUDIT.info("Legal hold lifted from customer {} by {}", contactId, agentId);
            }
        });
    }

    /**
     * Shreds again every customer of the ledger whose key this database still holds (it was restored from a backup
     * taken before their erasure), before the node serves.
     */
    @Override
    public Future<Void> start() {
        return vertx.executeBlocking(ledger::contactIds, false).compose(ids -> {
            Future<Void> chain = Future.succeededFuture();
            for (String id : ids) {
                chain = chain.compose(v -> conversations.contactShredded(id).transform(ar -> {
                    if (ar.failed() || ar.result()) {
                        return Future.succeededFuture(); // created after this database's backup, or shredded
                    }
                    LOG.warn("Customer {} was erased after this database's backup was taken: erasing again", id);
                    return shred(id, BY_LEDGER).mapEmpty();
                }));
            }
            return chain;
        });
    }

    @Override
    public Future<Void> stop() {
        return Future.succeededFuture();
    }
}
