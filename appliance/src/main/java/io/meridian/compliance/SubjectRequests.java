package io.meridian.compliance;

import io.meridian.compliance.SubjectRequest.Confirmation;
import io.meridian.compliance.SubjectRequest.Kind;
import io.meridian.compliance.SubjectRequest.Law;
import io.meridian.compliance.SubjectRequest.Status;
import io.meridian.compliance.SubjectRequest.Verification;
import io.meridian.console.ConsoleLanguage;
import io.meridian.console.Messages;
import io.meridian.conversation.ConversationRecords.ConversationOfContact;
import io.meridian.conversation.ConversationService;
import io.meridian.conversation.ConversationService.StoredContact;
import io.meridian.lifecycle.Lifecycle;
import io.meridian.conversation.ProcessingRestriction.Ground;
import io.meridian.privacy.ContactErasure;
import io.meridian.privacy.ProcessingRestrictions;
import io.meridian.staffmail.StaffMail;
import io.meridian.store.Store;
import io.meridian.store.TimeOrderedIds;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data-subject request workflow (docs/privacy.md#data-subject-requests): an admin records a request with the
 * law it falls under (its deadline follows: 30 days under the GDPR, 45 under the CCPA, configurable), how the
 * requester's identity was checked; the customer is told by mail in their language that it arrived; the admin then
 * answers it — a copy of the data ({@link ContactExport}), an erasure ({@link ContactErasure}), a correction, or a
 * recorded opt-out — or refuses it with a reason, and the customer is told it is done. Every step is in the audit
 * trail, without personal data. Exports are deleted from disk after {@code privacy.exports.keep-days}.
 */
public final class SubjectRequests implements Lifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(SubjectRequests.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("audit");
    static final int MAX_NOTE = 500;
    /** A request may be recorded up to this long after it arrived (its deadline still runs from its arrival). */
    static final Duration MAX_BACKDATE = Duration.ofDays(90);
    private static final long SWEEP_MILLIS = Duration.ofHours(1).toMillis();
    private static final String PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** The settings an admin chooses (conf/meridian.yaml {@code privacy.*}). */
    public record Settings(int gdprDays, int ccpaDays, Set<String> ccpaRegions, int exportKeepDays) {
    }

    /** An export made for a request, with its password, which is shown this once and kept nowhere. */
    public record MadeExport(SubjectRequest request, ExportFile export, String password) {
    }

    private final Vertx vertx;
    private final Store store;
    private final ConversationService conversations;
    private final ContactErasure erasure;
    private final ProcessingRestrictions restrictions;
    private final ContactExport exports;
    private final StaffMail mail;
    private final Consumer<String> reindex;
    private final Settings settings;
    private final Clock clock;
    private final SubjectRequestRecords records = new SubjectRequestRecords();
    private long sweeper = -1;

    /** {@code reindex} tells the search index a conversation changed (its customer's name, after a correction). */
    public SubjectRequests(Vertx vertx, Store store, ConversationService conversations, ContactErasure erasure,
            ProcessingRestrictions restrictions, ContactExport exports, StaffMail mail, Consumer<String> reindex,
            Settings settings, Clock clock) {
        this.restrictions = restrictions;
        this.vertx = vertx;
        this.store = store;
        this.conversations = conversations;
        this.erasure = erasure;
        this.exports = exports;
        this.mail = mail;
        this.reindex = reindex;
        this.settings = settings;
        this.clock = clock;
    }

    public Settings settings() {
        return settings;
    }

    /** The law a customer's request falls under by default: CCPA for the configured regions, else GDPR. */
    public Law lawFor(String region) {
        return region != null && settings.ccpaRegions().contains(region) ? Law.CCPA : Law.GDPR;
    }

    /**
     * Records a request for the customer the contact belongs to; {@code law} null chooses by the customer's home
     * region, {@code receivedAt} null means now. Fails with {@link NoSuchElementException} for an unknown contact,
     * {@link IllegalArgumentException} for a receipt in the future or more than 90 days ago, and
     * {@link IllegalStateException} for an erased customer.
     */
    public Future<SubjectRequest> open(String contactId, Kind kind, Law law, Verification verifiedBy,
            Instant receivedAt, String agentId) {
        Instant now = clock.instant();
        Instant received = receivedAt == null ? now : receivedAt;
        if (received.isAfter(now.plusSeconds(60)) || received.isBefore(now.minus(MAX_BACKDATE))) {
            return Future.failedFuture(new IllegalArgumentException("receivedAt must be between 90 days ago and now"));
        }
        return conversations.customerContacts(contactId).compose(contacts -> conversations
                .storedContact(contacts.get(0)).compose(found -> conversations.contactShredded(contacts.get(0))
                        .compose(erased -> {
                            if (erased) {
                                return Future.failedFuture(new IllegalStateException(
                                        "The customer was erased: there is no data left to ask about"));
                            }
                            StoredContact contact = found.orElseThrow();
                            Law chosen = law != null ? law : lawFor(contact.region());
                            int days = chosen == Law.CCPA ? settings.ccpaDays() : settings.gdprDays();
                            SubjectRequest request = new SubjectRequest(TimeOrderedIds.next(), contact.id(), kind,
                                    chosen, verifiedBy, received, received.plus(Duration.ofDays(days)), agentId,
                                    Status.OPEN, null, null, null, null, Confirmation.NONE);
                            return store.write(c -> {
                                records.insert(c, request);
                                return request;
                            }).onSuccess(r -> AUDIT.info("Data-subject request {} ({}, {}) for customer {} opened "
                                    + "by {}, due {}", r.id(), SubjectRequest.name(r.kind()),
                                    SubjectRequest.name(r.law()), r.contactId(), agentId, r.dueAt()))
                                    .compose(r -> confirm(r, contact, false));
                        })));
    }

    public Future<Optional<SubjectRequest>> request(String id) {
        return store.read(c -> records.find(c, id));
    }

    public Future<List<SubjectRequest>> list(Status status) {
        return store.read(c -> records.withStatus(c, status));
    }

    public Future<List<SubjectRequest>> ofContact(String contactId) {
        return store.read(c -> records.ofContact(c, contactId));
    }

    /** Makes the customer's copy of their data for an open access request; the password comes back this once. */
    public Future<MadeExport> export(String id, String agentId) {
        return openOf(id, Kind.ACCESS).compose(r -> {
            String password = password();
            return exports.export(r.contactId(), password.toCharArray()).compose(made -> store.write(c -> {
                records.setExport(c, r.id(), made.id());
                return records.find(c, r.id()).orElseThrow();
            }).map(updated -> new MadeExport(updated, made, password))).onSuccess(m -> AUDIT.info(
                    "Export {} of customer {} made by {} for request {}: {} bytes, {} conversations, {} messages, "
                            + "{} tickets, {} files", m.export().id(), r.contactId(), agentId, r.id(),
                    m.export().bytes(), m.export().conversations(), m.export().messages(), m.export().tickets(),
                    m.export().attachments()));
        });
    }

    /** The archive of an export still on disk, for a download (which the caller records in the audit trail). */
    public Future<Optional<Path>> exportFile(String exportId) {
        if (exportId == null || !exportId.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
            return Future.succeededFuture(Optional.empty());
        }
        Path file = exports.fileOf(exportId);
        return vertx.executeBlocking(() -> Files.isRegularFile(file) ? Optional.of(file) : Optional.<Path>empty(),
                false);
    }

    /** Answers an open erasure request: erases the customer, then tells them at the address they had. */
    public Future<SubjectRequest> erase(String id, String agentId) {
        return openOf(id, Kind.ERASURE).compose(r -> conversations.storedContact(r.contactId()).compose(contact ->
                erasure.erase(r.contactId(), agentId).compose(done -> close(r, Status.DONE, agentId, "erased"))
                        .compose(closed -> confirm(closed, contact.orElse(null), true))));
    }

    /** Answers an open restriction request: restricts the processing of the customer's data on the ground given. */
    public Future<SubjectRequest> restrict(String id, Ground ground, String agentId) {
        if (ground == null) {
            return Future.failedFuture(new IllegalArgumentException(
                    "give the ground: accuracy, unlawful, legal_claims or objection"));
        }
        return openOf(id, Kind.RESTRICTION).compose(r -> restrictions.restrict(r.contactId(), ground, agentId)
                .compose(done -> close(r, Status.DONE, agentId, "restricted: " + ground.key()))
                .compose(closed -> conversations.storedContact(closed.contactId())
                        .compose(contact -> confirm(closed, contact.orElse(null), true))));
    }

    /** Answers an open rectification request with the corrected values (null: unchanged). */
    public Future<SubjectRequest> correct(String id, String name, String email, String phone, String agentId) {
        if (name == null && email == null && phone == null) {
            return Future.failedFuture(new IllegalArgumentException("give at least one of name, email and phone"));
        }
        return openOf(id, Kind.RECTIFICATION).compose(r -> conversations.correctContact(r.contactId(), name, email,
                phone).compose(v -> conversations.conversationsOfContact(r.contactId())).compose(list -> {
                    list.stream().map(ConversationOfContact::id).forEach(reindex);
                    List<String> fields = new java.util.ArrayList<>();
                    if (name != null) {
                        fields.add("name");
                    }
                    if (email != null) {
                        fields.add("e-mail");
                    }
                    if (phone != null) {
                        fields.add("phone");
                    }
                    return close(r, Status.DONE, agentId, "corrected: " + String.join(", ", fields));
                }).compose(closed -> conversations.storedContact(closed.contactId())
                        .compose(contact -> confirm(closed, contact.orElse(null), true))));
    }

    /** Closes an open request as done (an access request once the copy was handed over, an opt-out recorded). */
    public Future<SubjectRequest> complete(String id, String note, String agentId) {
        return checkNote(note, false).compose(v -> request(id)).compose(found -> {
            SubjectRequest r = found.orElseThrow(() -> new NoSuchElementException("No request " + id));
            if (!r.open()) {
                return Future.failedFuture(new IllegalStateException("The request is closed already"));
            }
            if (r.kind() == Kind.ACCESS && r.exportId() == null) {
                return Future.failedFuture(new IllegalStateException("Make the customer's copy of their data first"));
            }
            if (r.kind() == Kind.ERASURE || r.kind() == Kind.RECTIFICATION || r.kind() == Kind.RESTRICTION) {
                return Future.failedFuture(new IllegalStateException("An " + SubjectRequest.name(r.kind())
                        + " request is done by erasing, correcting or restricting, not by closing it"));
            }
            return close(r, Status.DONE, agentId, note).compose(closed -> conversations
                    .storedContact(closed.contactId()).compose(contact -> confirm(closed, contact.orElse(null), true)));
        });
    }

    /** Refuses an open request with the reason (kept with it; the customer is told by the admin, with the reason). */
    public Future<SubjectRequest> refuse(String id, String reason, String agentId) {
        return checkNote(reason, true).compose(v -> request(id)).compose(found -> {
            SubjectRequest r = found.orElseThrow(() -> new NoSuchElementException("No request " + id));
            return r.open() ? close(r, Status.REFUSED, agentId, reason)
                    : Future.failedFuture(new IllegalStateException("The request is closed already"));
        });
    }

    /** Sends the confirmation mail again (after a relay failure): received for an open request, done for a done one. */
    public Future<SubjectRequest> confirmAgain(String id) {
        return request(id).compose(found -> {
            SubjectRequest r = found.orElseThrow(() -> new NoSuchElementException("No request " + id));
            if (r.status() == Status.REFUSED || (r.kind() == Kind.ERASURE && !r.open())) {
                return Future.failedFuture(new IllegalStateException("There is no mail to send again for this request"));
            }
            return conversations.storedContact(r.contactId()).compose(contact -> confirm(r, contact.orElse(null),
                    !r.open()));
        });
    }

    private Future<SubjectRequest> openOf(String id, Kind kind) {
        return request(id).compose(found -> {
            SubjectRequest r = found.orElseThrow(() -> new NoSuchElementException("No request " + id));
            if (!r.open()) {
                return Future.failedFuture(new IllegalStateException("The request is closed already"));
            }
            if (r.kind() != kind) {
                return Future.failedFuture(new IllegalStateException("This is an " + SubjectRequest.name(r.kind())
                        + " request, not an " + SubjectRequest.name(kind) + " request"));
            }
            return Future.succeededFuture(r);
        });
    }

    private Future<SubjectRequest> close(SubjectRequest r, Status status, String agentId, String outcome) {
        Instant now = clock.instant();
        return store.write(c -> {
            if (!records.close(c, r.id(), status, agentId, outcome, now)) {
                throw new IllegalStateException("The request is closed already");
            }
            return records.find(c, r.id()).orElseThrow();
        }).onSuccess(closed -> AUDIT.info("Data-subject request {} {} by {}{}", closed.id(),
                status == Status.DONE ? "done" : "refused", agentId, closed.daysLeft(now) < 0
                        ? " (" + -closed.daysLeft(now) + " days after its deadline)" : ""));
    }

    /**
     * Mails the customer that the request arrived ({@code done} false) or is done, in their language, at the address
     * they gave; records whether it went. A customer without an address, or a node without a relay, is not mailed.
     */
    private Future<SubjectRequest> confirm(SubjectRequest r, StoredContact contact, boolean done) {
        if (contact == null || contact.email() == null || contact.email().isBlank() || !mail.enabled()) {
            return Future.succeededFuture(r);
        }
        ConsoleLanguage language = contact.locale() == null ? ConsoleLanguage.EN
                : ConsoleLanguage.of(contact.locale()).orElse(ConsoleLanguage.EN);
        ZoneId zone = zoneOf(contact.timeZone());
        Messages t = Messages.of(language, zone);
        String kind = t.get("privacy.kind." + SubjectRequest.name(r.kind()));
        String subject = t.get(done ? "privacy.mail.done.subject" : "privacy.mail.received.subject", kind);
        String body = done
                ? String.join("\n", t.get("privacy.mail.done.body", kind), "",
                        r.kind() == Kind.ACCESS ? t.get("privacy.mail.done.access") : r.kind() == Kind.ERASURE
                                ? t.get("privacy.mail.done.erasure") : t.get("privacy.mail.done.other"))
                : String.join("\n", t.get("privacy.mail.received.body", kind, t.dateTime(r.dueAt())), "",
                        t.get("privacy.mail.received.reference", r.id().substring(28)));
        return mail.sendNow(contact.email(), subject, body).map(v -> Confirmation.SENT).recover(e -> {
            LOG.warn("The confirmation of data-subject request {} could not be mailed: {}", r.id(), e.getMessage());
            return Future.succeededFuture(Confirmation.FAILED);
        }).compose(sent -> store.write(c -> {
            records.setConfirmation(c, r.id(), sent);
            return records.find(c, r.id()).orElseThrow();
        }));
    }

    private static ZoneId zoneOf(String timeZone) {
        try {
            return timeZone == null ? ZoneOffset.UTC : ZoneId.of(timeZone);
        } catch (RuntimeException e) {
            return ZoneOffset.UTC;
        }
    }

    private static Future<Void> checkNote(String note, boolean required) {
        if ((note == null || note.isBlank()) && !required) {
            return Future.succeededFuture();
        }
        if (note == null || note.isBlank() || note.length() > MAX_NOTE) {
            return Future.failedFuture(new IllegalArgumentException("the note must be 1 to " + MAX_NOTE
                    + " characters"));
        }
        return Future.succeededFuture();
    }

    /** 20 letters and digits from an alphabet without look-alikes, in groups of five: about 99 bits. */
    static String password() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            if (i > 0 && i % 5 == 0) {
                out.append('-');
            }
            out.append(PASSWORD_ALPHABET.charAt(RANDOM.nextInt(PASSWORD_ALPHABET.length())));
        }
        return out.toString();
    }

    /** Deletes exports older than {@code privacy.exports.keep-days}, every hour. */
    @Override
    public Future<Void> start() {
        sweeper = vertx.setPeriodic(1000, SWEEP_MILLIS, t -> sweepExports());
        return Future.succeededFuture();
    }

    Future<Integer> sweepExports() {
        Instant before = clock.instant().minus(Duration.ofDays(settings.exportKeepDays()));
        return vertx.executeBlocking(() -> exports.deleteOlderThan(before), false)
                .onSuccess(n -> {
                    if (n > 0) {
                        LOG.info("Deleted {} exports older than {} days", n, settings.exportKeepDays());
                    }
                }).onFailure(e -> LOG.warn("Old exports could not be deleted: {}", e.toString()));
    }

    @Override
    public Future<Void> stop() {
        if (sweeper >= 0) {
            vertx.cancelTimer(sweeper);
        }
        return Future.succeededFuture();
    }
}
