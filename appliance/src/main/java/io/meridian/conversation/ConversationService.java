package io.meridian.conversation;

import static io.meridian.conversation.Arguments.checkLength;
import static io.meridian.conversation.Arguments.checkText;

import io.meridian.conversation.ConversationRecords.ConversationRow;
import io.meridian.conversation.ConversationRecords.MessageRow;
import io.meridian.crypto.BlindIndex;
import io.meridian.crypto.DataKeys;
import io.meridian.crypto.FieldCipher;
import io.meridian.crypto.RewrapBatch;
import io.meridian.store.Store;
import io.meridian.store.TimeOrderedIds;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Conversations and their messages, persisted encrypted: every message body, preview, contact name and e-mail is
 * sealed with the contact's own data key (AAD: table, row id, column); visitor tokens and e-mails are found through
 * blind indexes. Writes go through the store's group commit, so a returned future means the data is on disk.
 * <p>
 * Every method returns at once and never blocks the caller's event loop: SQL and crypto run on the store's threads.
 * Message numbering ({@code seq} 1, 2, 3... per conversation, no gaps) is assigned inside the write, where the
 * store's single writer thread makes it race-free. Invalid arguments fail the future with
 * {@link IllegalArgumentException}.
 * <p>
 * This class is the capability's entry point; the widget's visitors ({@link WidgetVisitors}), conversations through
 * a channel connector ({@link ChannelConversations}, also reached through {@link #channels()}) and language recording
 * ({@link ContactLanguages}) each live in their own class.
 */
public final class ConversationService {

    public static final String WEB_CHANNEL = "web";
    public static final int PREVIEW_CHARS = 140;
    /** Storage limit for one message; the widget and API accept far less. */
    public static final int MAX_TEXT_CHARS = 100_000;
    static final int MAX_NAME_CHARS = 200;
    static final int MAX_EMAIL_CHARS = 254;
    static final int MAX_PHONE_CHARS = 40;
    static final int MAX_LOCALE_CHARS = 35;
    static final int MAX_TIME_ZONE_CHARS = 64;
    static final int MAX_ID_CHARS = 64;
    static final int MAX_LIMIT = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(ConversationService.class);

    private final Store store;
    private final ContactKeys keys;
    private final ConversationRecords records;
    private final ConversationStorage storage;
    private final WidgetVisitors visitors;
    private final ChannelConversations channels;
    private final ContactLanguages languages;
    private final MessageAttachments attachments;
    private final ConversationRetention retention;
    private final AttachmentLimits attachmentLimits;
    private final ContactSearch search;
    private final ContactCorrection correction;
    private final StoredTextMasking masking;
    private final ContactRestrictions restrictions;
    /** Open conversations: the initial count plus every committed open/close, in whichever order they arrive. */
    private final AtomicLong openConversations = new AtomicLong();
    private final Future<Void> counted;

    /** A service whose channel conversations have no outbox and tell no one of reopenings (tests of storage). */
    public ConversationService(Vertx vertx, Store store, DataKeys dataKeys, BlindIndex blindIndex, String region) {
        this(vertx, store, dataKeys, blindIndex, region, ChannelHooks.NONE);
    }

    /** {@code hooks}: what the outbox and routing do inside the transactions of channel conversations. */
    public ConversationService(Vertx vertx, Store store, DataKeys dataKeys, BlindIndex blindIndex, String region,
            ChannelHooks hooks) {
        this(vertx, store, dataKeys, blindIndex, region, Clock.systemUTC(), hooks, AttachmentLimits.DEFAULTS,
                StoredTextMasking.NONE);
    }

    /** As above, with the {@code attachments.*} limits every message's files are held to. */
    public ConversationService(Vertx vertx, Store store, DataKeys dataKeys, BlindIndex blindIndex, String region,
            ChannelHooks hooks, AttachmentLimits attachmentLimits) {
        this(vertx, store, dataKeys, blindIndex, region, Clock.systemUTC(), hooks, attachmentLimits,
                StoredTextMasking.NONE);
    }

    /** As above, with what is masked in every message's text before it is stored ({@code privacy.masking.store}). */
    public ConversationService(Vertx vertx, Store store, DataKeys dataKeys, BlindIndex blindIndex, String region,
            ChannelHooks hooks, AttachmentLimits attachmentLimits, StoredTextMasking masking) {
        this(vertx, store, dataKeys, blindIndex, region, Clock.systemUTC(), hooks, attachmentLimits, masking);
    }

    ConversationService(Vertx vertx, Store store, DataKeys dataKeys, BlindIndex blindIndex, String region,
            Clock clock) {
        this(vertx, store, dataKeys, blindIndex, region, clock, ChannelHooks.NONE, AttachmentLimits.DEFAULTS,
                StoredTextMasking.NONE);
    }

    private ConversationService(Vertx vertx, Store store, DataKeys dataKeys, BlindIndex blindIndex, String region,
            Clock clock, ChannelHooks hooks, AttachmentLimits attachmentLimits, StoredTextMasking masking) {
        Objects.requireNonNull(vertx, "vertx");
        this.masking = Objects.requireNonNull(masking, "masking");
        this.store = Objects.requireNonNull(store, "store");
        this.keys = new ContactKeys(Objects.requireNonNull(dataKeys, "dataKeys"));
        Objects.requireNonNull(blindIndex, "blindIndex");
        Objects.requireNonNull(region, "region");
        this.storage = new ConversationStorage(store, keys, clock);
        this.records = storage.records;
        this.visitors = new WidgetVisitors(storage, blindIndex, region);
        this.attachmentLimits = Objects.requireNonNull(attachmentLimits, "attachmentLimits");
        this.attachments = new MessageAttachments(storage);
        this.retention = new ConversationRetention(keys);
        this.channels = new ChannelConversations(storage, blindIndex, region, hooks, attachments);
        this.languages = new ContactLanguages(storage);
        this.search = new ContactSearch(store, keys, blindIndex);
        this.correction = new ContactCorrection(storage, blindIndex);
        this.restrictions = new ContactRestrictions(storage);
        // Counted through the writer queue, ahead of any change this service makes: every later open or close is
        // then exactly one delta on top of it, even though the count arrives asynchronously.
        this.counted = store.write(records::countOpen)
                .onSuccess(openConversations::addAndGet)
                .onFailure(e -> LOG.warn("Could not count the open conversations; the gauge may be low", e))
                .mapEmpty();
    }

    /** Completes once {@link #openConversationCount()} includes the conversations that were open at construction. */
    Future<Void> counted() {
        return counted;
    }

    /** Restriction of processing: which customers' data is read-only and kept from translation and queue rules. */
    public ContactRestrictions restrictions() {
        return restrictions;
    }

    /**
     * Conversations through channel connectors: customers' messages joining their threads, and what a reply needs to
     * leave on its channel ({@link ChannelConversations#channelDelivery}).
     */
    public ChannelConversations channels() {
        return channels;
    }

    /** What the retention job may find and erase in this capability's tables (docs/privacy.md#retention). */
    public ConversationRetention retention() {
        return retention;
    }

    /** The files of messages: a conversation's list, a download ({@link MessageAttachments}). */
    public MessageAttachments attachments() {
        return attachments;
    }

    /** The limits every message's files are held to ({@code attachments.*}). */
    public AttachmentLimits attachmentLimits() {
        return attachmentLimits;
    }

    /** Recognises a widget visitor by their browser's token, or makes a new contact: {@link WidgetVisitors#identify}. */
    public Future<VisitorIdentity> identifyVisitor(String visitorToken, VisitorProfile profile) {
        return visitors.identify(visitorToken, profile);
    }

    /**
     * The contact's open web-chat conversation, else their most recent one; empty if they never chatted. Only web chat:
     * the widget shows and continues what this returns, and an address or number typed into a widget proves nothing,
     * so the contact's mail or other channels' conversations are never shown or written to through it.
     */
    public Future<Optional<ConversationSummary>> latestConversation(String contactId) {
        Objects.requireNonNull(contactId, "contactId");
        return store.read(c -> {
            Optional<ConversationRow> row = records.openOnChannel(c, contactId, WEB_CHANNEL);
            return (row.isPresent() ? row : records.latestOnChannel(c, contactId, WEB_CHANNEL)).map(this::summary);
        });
    }

    /**
     * Appends a visitor's message to their open conversation, or opens one on the web channel; idempotent on
     * {@code clientMessageId}: {@link WidgetVisitors#append}.
     */
    public Future<Appended> appendVisitorMessage(String contactId, String clientMessageId, String text) {
        return visitors.append(contactId, clientMessageId, masking.mask(text)).onSuccess(this::countOpened);
    }

    /**
     * Appends a customer's message that arrived through a channel connector, to its thread's conversation, the
     * contact's open one on that channel, or a new one; idempotent on its external id:
     * {@link ChannelConversations#append}. Its files are held to the {@link #attachmentLimits()}: those that pass are
     * stored with it, in its transaction; the text says which were not kept and why (the message is stored either
     * way, so nothing the customer sent goes unnoticed).
     */
    public Future<Appended> appendChannelMessage(ChannelInbound in) {
        Objects.requireNonNull(in, "in");
        AttachmentLimits.Screened screened = attachmentLimits.screen(in.attachments());
        ChannelInbound kept = in.withAttachments(screened.kept()).withText(masking.mask(in.text()));
        if (!screened.refused().isEmpty()) {
            String notes = screened.annotate("");
            String text = kept.text() == null ? "" : kept.text();
            int room = MAX_TEXT_CHARS - notes.length() - 2;
            if (text.length() > room) {
                text = room > 1 ? text.substring(0, room - 1) + "…" : "";
            }
            kept = kept.withText(screened.annotate(text).strip());
        }
        return channels.append(kept).onSuccess(this::countOpened);
    }

    /**
     * Appends an agent's reply. Idempotent per (conversation, {@code clientMessageId}), also after closing. Fails with
     * {@link NoSuchElementException} for an unknown conversation and {@link ConversationClosedException} for a
     * closed one.
     */
    public Future<Appended> appendAgentMessage(String conversationId, String agentId, String agentName,
            String clientMessageId, String text) {
        return appendAgentMessage(conversationId, agentId, agentName, clientMessageId, text, List.of());
    }

    /**
     * An agent's reply carrying {@code files}, stored with it in one transaction and sent with it on the channel.
     * Fails with {@link AttachmentsRefusedException}, storing nothing, when a file does not pass the
     * {@link #attachmentLimits()}. The web chat's visitor gets them as links that expire ({@code widget} package).
     * A resend (same {@code clientMessageId}) returns the stored original and stores no file again.
     */
    public Future<Appended> appendAgentMessage(String conversationId, String agentId, String agentName,
            String clientMessageId, String text, List<NewAttachment> files) {
        if (!files.isEmpty()) {
            AttachmentLimits.Screened screened = attachmentLimits.screen(files);
            if (!screened.refused().isEmpty()) {
                return Future.failedFuture(new AttachmentsRefusedException(
                        "attachment not accepted: " + screened.refused().get(0).describe(), screened.refused()));
            }
        }
        return appendStaffMessage(conversationId, Author.AGENT, agentId, agentName, clientMessageId,
                masking.mask(text), true, List.copyOf(files));
    }

    /**
     * Appends a notice from Meridian itself (e.g. an off-hours reply) to an open conversation. Idempotent per
     * (conversation, {@code clientMessageId}): a second call returns the first copy with {@code duplicate=true}.
     */
    public Future<Appended> appendSystemMessage(String conversationId, String clientMessageId, String text) {
        return appendSystemMessage(conversationId, clientMessageId, text, false);
    }

    /**
     * As {@link #appendSystemMessage(String, String, String)}; with {@code toCustomer}, a notice on a channel
     * conversation also goes to the outbox in the same transaction, to be sent to the customer like an agent's reply
     * (exactly once: a second call with the same {@code clientMessageId} stores and queues nothing).
     */
    public Future<Appended> appendSystemMessage(String conversationId, String clientMessageId, String text,
            boolean toCustomer) {
        return appendStaffMessage(conversationId, Author.SYSTEM, null, null, clientMessageId, text, toCustomer,
                List.of());
    }

    /**
     * An agent's reply or a system notice: written into an open conversation, idempotent per (conversation, author,
     * {@code clientMessageId}). On a channel conversation a message {@code toCustomer} (an agent's reply, a notice
     * meant for the customer) also goes to the outbox, in the same transaction.
     */
    private Future<Appended> appendStaffMessage(String conversationId, Author author, String authorId,
            String authorName, String clientMessageId, String text, boolean toCustomer, List<NewAttachment> files) {
        Objects.requireNonNull(conversationId, "conversationId");
        try {
            checkText(text);
            checkLength(clientMessageId, MAX_ID_CHARS, "clientMessageId");
            checkLength(authorId, MAX_ID_CHARS, "agentId");
            checkLength(authorName, MAX_NAME_CHARS, "agentName");
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        String messageId = TimeOrderedIds.next();
        return store.write(c -> {
            ConversationRow conversation = records.byId(c, conversationId)
                    .orElseThrow(() -> new NoSuchElementException("No conversation " + conversationId));
            SecretKey key = keys.of(conversation.contactId(), conversation.contactDataKey());
            if (clientMessageId != null) {
                Optional<MessageRow> earlier = records.staffMessageByClientId(c, conversationId, author,
                        clientMessageId);
                if (earlier.isPresent()) {
                    return new Appended(ConversationStorage.message(earlier.get(), key), true, false);
                }
            }
            if (conversation.status() == ConversationStatus.CLOSED) {
                throw new ConversationClosedException(conversationId);
            }
            ChatMessage message = new ChatMessage(messageId, conversationId, conversation.lastSeq() + 1, author,
                    authorId, authorName, clientMessageId, text, storage.now());
            storage.append(c, message, conversation.contactId(), key);
            attachments.insert(c, conversationId, messageId, key, files); // before the outbox reads them to send
            if (toCustomer && !WEB_CHANNEL.equals(conversation.channel())) {
                channels.agentReplied(c, conversation.channel(), message);
            }
            return new Appended(message, false, false);
        });
    }

    /**
     * Up to {@code limit} messages with {@code seq > afterSeq}, oldest first, decrypted. Empty for an unknown
     * conversation.
     */
    public Future<List<ChatMessage>> messages(String conversationId, long afterSeq, int limit) {
        Objects.requireNonNull(conversationId, "conversationId");
        if (limit < 1 || limit > MAX_LIMIT) {
            return Future.failedFuture(new IllegalArgumentException("limit must be 1-" + MAX_LIMIT));
        }
        return store.read(c -> {
            List<MessageRow> rows = records.messages(c, conversationId, afterSeq, limit);
            if (rows.isEmpty()) {
                return List.of();
            }
            SecretKey key = keys.load(c, rows.get(0).contactId());
            return rows.stream().map(row -> ConversationStorage.message(row, key)).toList();
        });
    }

    /** The customer's latest message in the conversation (decrypted); empty if there is none. */
    public Future<Optional<ChatMessage>> lastCustomerMessage(String conversationId) {
        Objects.requireNonNull(conversationId, "conversationId");
        return store.read(c -> {
            Optional<MessageRow> row = records.lastCustomerMessage(c, conversationId);
            if (row.isEmpty()) {
                return Optional.<ChatMessage>empty();
            }
            return Optional.of(ConversationStorage.message(row.get(), keys.load(c, row.get().contactId())));
        });
    }

    /** Up to {@code limit} conversations in {@code status} (any status if null), newest activity first. */
    public Future<List<ConversationSummary>> conversations(ConversationStatus status, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            return Future.failedFuture(new IllegalArgumentException("limit must be 1-" + MAX_LIMIT));
        }
        return store.read(c -> records.list(c, status, limit).stream().map(this::summary).toList());
    }

    /** The conversations with these ids (at most {@value #MAX_LIMIT}), in the order given; unknown ids are left out. */
    public Future<List<ConversationSummary>> conversations(List<String> ids) {
        if (ids.size() > MAX_LIMIT) {
            return Future.failedFuture(new IllegalArgumentException("at most " + MAX_LIMIT + " ids"));
        }
        if (ids.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        List<String> asked = List.copyOf(ids);
        return store.read(c -> records.byIds(c, asked).stream().map(this::summary).toList());
    }

    /**
     * Contacts by e-mail address or phone number (exact, by blind index) or by the visitor number the console shows
     * (at least 6 hex digits of the id); at most 10, none merged into another. Anything else finds nothing.
     */
    public Future<List<ContactMatch>> findContacts(String query) {
        return search.find(query);
    }

    /** The conversation a message belongs to; empty when there is no such message. */
    public Future<Optional<String>> conversationOfMessage(String messageId) {
        Objects.requireNonNull(messageId, "messageId");
        return store.read(c -> records.messageById(c, messageId).map(ConversationRecords.MessageRow::conversationId));
    }

    /** The conversations of a contact and of those merged into it, on every channel, newest activity first. */
    public Future<List<ConversationRecords.ConversationOfContact>> conversationsOfContact(String contactId) {
        return store.read(c -> records.ofContactAndMerged(c, contactId));
    }

    public Future<Optional<ConversationSummary>> conversation(String conversationId) {
        Objects.requireNonNull(conversationId, "conversationId");
        return store.read(c -> records.byId(c, conversationId).map(this::summary));
    }

    /**
     * Up to {@code limit} messages of every conversation written after the message {@code afterId} (any id; "" for
     * the first), oldest first, decrypted: what the search index catches up with after a restart.
     */
    public Future<List<ChatMessage>> messagesAfter(String afterId, int limit) {
        Objects.requireNonNull(afterId, "afterId");
        if (limit < 1 || limit > MAX_LIMIT) {
            return Future.failedFuture(new IllegalArgumentException("limit must be 1-" + MAX_LIMIT));
        }
        return store.read(c -> {
            List<ChatMessage> out = new ArrayList<>();
            for (MessageRow row : records.messagesAfter(c, afterId, limit)) {
                out.add(ConversationStorage.message(row, keys.load(c, row.contactId())));
            }
            return out;
        });
    }

    /** The ids of up to {@code limit} conversations with activity, or closed, at or after {@code since}. */
    public Future<List<String>> activeSince(Instant since, int limit) {
        Objects.requireNonNull(since, "since");
        return store.read(c -> records.activeSince(c, since, limit));
    }

    /**
     * What the conversations with these ids are found by (at most {@value #MAX_LIMIT}): the inbox's summary plus the
     * contact's region and language; unknown ids are left out.
     */
    public Future<List<ConversationProfile>> profiles(List<String> ids) {
        if (ids.size() > MAX_LIMIT) {
            return Future.failedFuture(new IllegalArgumentException("at most " + MAX_LIMIT + " ids"));
        }
        List<String> asked = List.copyOf(ids);
        return store.read(c -> {
            List<ConversationRow> rows = records.byIds(c, asked);
            Map<String, String[]> places = records.regionsAndLanguages(c,
                    rows.stream().map(ConversationRow::contactId).toList());
            return rows.stream().map(row -> {
                String[] place = places.getOrDefault(row.contactId(), new String[2]);
                return new ConversationProfile(summary(row), place[0], place[1]);
            }).toList();
        });
    }

    /** The contact's e-mail address, opened; empty when none is known. */
    public Future<Optional<String>> contactEmail(String contactId) {
        return contactDetails(contactId).map(d -> Optional.ofNullable(d.email()));
    }

    /** The contact's e-mail address and phone number, each null when not known (nor the contact). */
    public Future<ContactDetails> contactDetails(String contactId) {
        Objects.requireNonNull(contactId, "contactId");
        return store.read(c -> new ContactRecords().sealedDetails(c, contactId).map(sealed -> new ContactDetails(
                sealed[0] == null ? null : FieldCipher.openText(keys.of(contactId, sealed[2]), sealed[0], "contacts",
                        contactId, "email_sealed"),
                sealed[1] == null ? null : FieldCipher.openText(keys.of(contactId, sealed[2]), sealed[1], "contacts",
                        contactId, "phone_sealed")))
                .orElse(new ContactDetails(null, null)));
    }

    /**
     * Corrects the customer's name, e-mail address or phone number ({@link ContactCorrection}); each non-null value
     * replaces the stored one. Fails with {@link NoSuchElementException} for an unknown contact,
     * {@link IllegalArgumentException} for a value too long or on several lines, {@link IllegalStateException} for an
     * erased customer or one whose processing is restricted.
     */
    public Future<Void> correctContact(String contactId, String name, String email, String phone) {
        Objects.requireNonNull(contactId, "contactId");
        return store.write(c -> {
            correction.correct(c, contactId, name, email, phone);
            return null;
        });
    }

    /** Everything stored about the contact itself, opened (for the customer's own copy of their data). */
    public Future<Optional<StoredContact>> storedContact(String contactId) {
        Objects.requireNonNull(contactId, "contactId");
        return store.read(c -> new ContactRecords().whole(c, contactId).map(row -> {
            SecretKey key = keys.of(contactId, (byte[]) row[3]);
            return new StoredContact(contactId, FieldCipher.openText(key, (byte[]) row[0], "contacts", contactId,
                    "name_sealed"), FieldCipher.openText(key, (byte[]) row[1], "contacts", contactId, "email_sealed"),
                    FieldCipher.openText(key, (byte[]) row[2], "contacts", contactId, "phone_sealed"),
                    (String) row[4], (String) row[5], (String) row[6], (String) row[7], (Instant) row[8]);
        }));
    }

    /** A contact as stored, its sealed fields opened; any of name to country may be null. */
    public record StoredContact(String id, String name, String email, String phone, String locale, String timeZone,
            String country, String region, Instant createdAt) {
    }

    /** How to reach a contact, as they gave it: either may be null. */
    public record ContactDetails(String email, String phone) {
    }

    /** Whether {@code text} reads as a phone number (at least 7 digits with the usual separators). */
    public static boolean looksLikePhone(String text) {
        return text != null && ContactSearch.isPhone(text.strip());
    }

    /** The unsealed facts routing decides on; empty for an unknown conversation. */
    public Future<Optional<ConversationFacts>> facts(String conversationId) {
        Objects.requireNonNull(conversationId, "conversationId");
        return store.read(c -> records.facts(c, conversationId));
    }

    /**
     * Whether the customer's latest message in the conversation was written by a machine (an auto-reply or a bounce),
     * as stored with the message, so nothing answers it automatically however late routing runs; false if none. It
     * reads every customer message of the conversation: ask when opening one, not for every message.
     */
    public Future<Boolean> lastCustomerMessageAutomatic(String conversationId) {
        Objects.requireNonNull(conversationId, "conversationId");
        return store.read(c -> records.lastCustomerMessageAutomatic(c, conversationId));
    }

    /**
     * Closes the conversation: true if it was open, false if it was closed already; fails with
     * {@link NoSuchElementException} if unknown.
     */
    public Future<Boolean> close(String conversationId) {
        Objects.requireNonNull(conversationId, "conversationId");
        return store.write(c -> {
            if (records.close(c, conversationId, storage.now())) {
                return true;
            }
            if (!records.exists(c, conversationId)) {
                throw new NoSuchElementException("No conversation " + conversationId);
            }
            return false;
        }).onSuccess(closed -> {
            if (closed) {
                openConversations.decrementAndGet();
            }
        });
    }

    /**
     * Erases a customer by crypto-shredding ({@link ContactRecords#shred}): the contact asked for, or the one it was
     * merged into, with every contact merged into that one. Their conversations and messages stay as metadata whose
     * sealed text opens empty. Fails with {@link NoSuchElementException} for an unknown contact.
     */
    public Future<ShreddedContact> shredContact(String contactId) {
        Objects.requireNonNull(contactId, "contactId");
        return store.write(c -> {
            String into = storage.contacts.mergedInto(c, contactId)
                    .orElseThrow(() -> new NoSuchElementException("No contact " + contactId));
            String survivor = into.isEmpty() ? contactId : into;
            List<String> contacts = ConversationRecords.contactAndMerged(c, survivor);
            List<String> conversationIds = records.ofContactAndMerged(c, survivor).stream()
                    .map(ConversationRecords.ConversationOfContact::id).toList();
            keys.shred(contacts);
            int shredded = storage.contacts.shred(c, contacts, storage.now());
            return new ShreddedContact(survivor, contacts, conversationIds, shredded > 0);
        }).onSuccess(done -> keys.shred(done.contactIds()));
    }

    /**
     * One batch of a master key rotation: up to {@code limit} contacts after {@code afterId} (in id order; "" to
     * begin) get their data key re-wrapped under the current master key. The keys are read and re-wrapped on a
     * reader thread; the writer only swaps the bytes, in one JDBC batch, so chat's commits wait for no cryptography.
     */
    public Future<RewrapBatch> rewrapContactKeys(String afterId, int limit) {
        ContactRecords contacts = new ContactRecords();
        return store.read(c -> {
            List<ContactRecords.WrappedKey> rows = contacts.wrappedKeysAfter(c, afterId, limit);
            List<ContactRecords.KeyChange> changes = new ArrayList<>();
            for (ContactRecords.WrappedKey row : rows) {
                byte[] next = row.wrapped() == null ? null : keys.rewrap(row.wrapped());
                if (next != null) {
                    changes.add(new ContactRecords.KeyChange(row.contactId(), row.wrapped(), next));
                }
            }
            return new KeysToRewrap(rows.isEmpty() ? null : rows.get(rows.size() - 1).contactId(), rows.size(),
                    changes);
        }).compose(read -> store.write(c -> contacts.replaceWrappedKeys(c, read.changes()))
                .map(changed -> new RewrapBatch(read.lastId(), read.visited(), changed)));
    }

    private record KeysToRewrap(String lastId, int visited, List<ContactRecords.KeyChange> changes) {
    }

    /**
     * The contacts of the customer this contact belongs to: the surviving contact first, then those merged into it.
     * Fails with {@link NoSuchElementException} for an unknown contact.
     */
    public Future<List<String>> customerContacts(String contactId) {
        Objects.requireNonNull(contactId, "contactId");
        return store.read(c -> {
            String into = storage.contacts.mergedInto(c, contactId)
                    .orElseThrow(() -> new NoSuchElementException("No contact " + contactId));
            return ConversationRecords.contactAndMerged(c, into.isEmpty() ? contactId : into);
        });
    }

    /** Whether the contact was erased; fails with {@link NoSuchElementException} for an unknown contact. */
    public Future<Boolean> contactShredded(String contactId) {
        Objects.requireNonNull(contactId, "contactId");
        return store.read(c -> storage.contacts.shredded(c, contactId)
                .orElseThrow(() -> new NoSuchElementException("No contact " + contactId)));
    }

    /** Keeps the widget's browser languages and locale region: {@link ContactLanguages#recordVisitorContext}. */
    public Future<Void> recordVisitorContext(String contactId, List<String> browserLanguages, String locale) {
        return languages.recordVisitorContext(contactId, browserLanguages, locale);
    }

    /** Records the language detected from what the contact wrote. */
    public Future<Void> recordContactLanguage(String contactId, String language) {
        return languages.recordContactLanguage(contactId, language);
    }

    /** The language detected on the customer's latest message of the conversation that has one. */
    public Future<Optional<String>> lastCustomerLanguage(String conversationId) {
        return storage.store.read(c -> storage.records.lastCustomerLanguage(c, conversationId));
    }

    /** Records detected message languages in one write: {@link ContactLanguages#recordMessageLanguages}. */
    public Future<Integer> recordMessageLanguages(List<MessageLanguage> detected) {
        return languages.recordMessageLanguages(detected);
    }

    /**
     * Seals a staff-written text about the conversation's customer (e.g. an internal note) under the contact's key,
     * bound to {@code table}, {@code rowId} and {@code column}. For another capability's own table; call it inside a
     * {@link Store#write} or {@link Store#read} work with that work's connection.
     */
    public byte[] sealForConversation(Connection c, String conversationId, String table, String rowId, String column,
            String text) throws SQLException {
        return FieldCipher.sealText(contactKey(c, conversationId), text, table, rowId, column);
    }

    /** Opens what {@link #sealForConversation} sealed. */
    public String openForConversation(Connection c, String conversationId, String table, String rowId, String column,
            byte[] sealed) throws SQLException {
        return FieldCipher.openText(contactKey(c, conversationId), sealed, table, rowId, column);
    }

    /**
     * As {@link #sealForConversation} for a text about the contact itself (a ticket's subject); fails with
     * {@link NoSuchElementException} for an unknown contact.
     */
    public byte[] sealForContact(Connection c, String contactId, String table, String rowId, String column,
            String text) throws SQLException {
        return FieldCipher.sealText(keys.load(c, contactId), text, table, rowId, column);
    }

    /** Opens what {@link #sealForContact} sealed. */
    public String openForContact(Connection c, String contactId, String table, String rowId, String column,
            byte[] sealed) throws SQLException {
        return FieldCipher.openText(keys.load(c, contactId), sealed, table, rowId, column);
    }

    /** As {@link #sealForContact} for bytes (a file added to a ticket). */
    public byte[] sealBytesForContact(Connection c, String contactId, String table, String rowId, String column,
            byte[] plain) throws SQLException {
        return FieldCipher.seal(keys.load(c, contactId), plain, table, rowId, column);
    }

    /** Opens what {@link #sealBytesForContact} sealed. */
    public byte[] openBytesForContact(Connection c, String contactId, String table, String rowId, String column,
            byte[] sealed) throws SQLException {
        return FieldCipher.open(keys.load(c, contactId), sealed, table, rowId, column);
    }

    /** As {@link #sealForConversation} for bytes (an attachment's content). */
    public byte[] sealBytesForConversation(Connection c, String conversationId, String table, String rowId,
            String column, byte[] plain) throws SQLException {
        return FieldCipher.seal(contactKey(c, conversationId), plain, table, rowId, column);
    }

    /** Opens what {@link #sealBytesForConversation} sealed. */
    public byte[] openBytesForConversation(Connection c, String conversationId, String table, String rowId,
            String column, byte[] sealed) throws SQLException {
        return FieldCipher.open(contactKey(c, conversationId), sealed, table, rowId, column);
    }

    /** Open conversations on this node, from memory (for JMX and health); never blocks. */
    public long openConversationCount() {
        return Math.max(0, openConversations.get());
    }

    private void countOpened(Appended appended) {
        if (appended.conversationOpened()) {
            openConversations.incrementAndGet();
        }
    }

    private SecretKey contactKey(Connection c, String conversationId) throws SQLException {
        String contactId = records.contactIdOf(c, conversationId)
                .orElseThrow(() -> new NoSuchElementException("No conversation " + conversationId));
        return keys.load(c, contactId);
    }

    private ConversationSummary summary(ConversationRow row) {
        SecretKey key = keys.of(row.contactId(), row.contactDataKey());
        return new ConversationSummary(row.id(), row.contactId(),
                FieldCipher.openText(key, row.contactNameSealed(), "contacts", row.contactId(), "name_sealed"),
                row.channel(), row.status(), row.createdAt(), row.lastMessageAt(),
                FieldCipher.openText(key, row.previewSealed(), "conversations", row.id(), "last_preview_sealed"),
                row.messageCount(), row.lastAuthor() == null ? null : Author.valueOf(row.lastAuthor()),
                row.customerWaitingSince());
    }
}
