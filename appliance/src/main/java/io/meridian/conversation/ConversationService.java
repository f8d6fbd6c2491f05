package io.meridian.conversation;

import io.meridian.conversation.ContactRecords.SealedProfile;
import io.meridian.conversation.ConversationRecords.ConversationRow;
import io.meridian.conversation.ConversationRecords.MessageRow;
import io.meridian.crypto.BlindIndex;
import io.meridian.crypto.Crypto;
import io.meridian.crypto.DataKeys;
import io.meridian.crypto.FieldCipher;
import io.meridian.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
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
 */
public final class ConversationService {

    public static final String WEB_CHANNEL = "web";
    public static final int PREVIEW_CHARS = 140;
    /** Storage limit for one message; the widget and API accept far less. */
    public static final int MAX_TEXT_CHARS = 100_000;
    static final int MAX_NAME_CHARS = 200;
    static final int MAX_EMAIL_CHARS = 254;
    static final int MAX_LOCALE_CHARS = 35;
    static final int MAX_TIME_ZONE_CHARS = 64;
    static final int MAX_ID_CHARS = 64;
    static final int MAX_LIMIT = 10_000;
    private static final int TOKEN_BYTES = 32;
    private static final Logger LOG = LoggerFactory.getLogger(ConversationService.class);

    private final Store store;
    private final BlindIndex blindIndex;
    private final String region;
    private final Clock clock;
    private final ContactKeys keys;
    private final ContactRecords contacts = new ContactRecords();
    private final ConversationRecords records = new ConversationRecords();
    /** Open conversations: the initial count plus every committed open/close, in whichever order they arrive. */
    private final AtomicLong openConversations = new AtomicLong();
    private final Future<Void> counted;
    private final ChannelRecords channels = new ChannelRecords();
    private volatile OutboundSink outbound = OutboundSink.NONE;
    private volatile OutgoingText outgoingText = OutgoingText.ORIGINAL;
    private volatile ConversationReopening reopening = ConversationReopening.NONE;

    public ConversationService(Vertx vertx, Store store, DataKeys dataKeys, BlindIndex blindIndex, String region) {
        this(vertx, store, dataKeys, blindIndex, region, Clock.systemUTC());
    }

    ConversationService(Vertx vertx, Store store, DataKeys dataKeys, BlindIndex blindIndex, String region,
            Clock clock) {
        Objects.requireNonNull(vertx, "vertx");
        this.store = Objects.requireNonNull(store, "store");
        this.keys = new ContactKeys(Objects.requireNonNull(dataKeys, "dataKeys"));
        this.blindIndex = Objects.requireNonNull(blindIndex, "blindIndex");
        this.region = Objects.requireNonNull(region, "region");
        this.clock = clock;
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

    /**
     * Recognises a widget visitor by the token their browser kept. A null or unknown token makes a new contact (home
     * region: this node's) and a new random token; a known token returns the same contact, whose locale and time
     * zone are updated, and name and e-mail when given. The token itself is never stored, only its blind index.
     */
    public Future<VisitorIdentity> identifyVisitor(String visitorToken, VisitorProfile profile) {
        VisitorProfile p = profile == null ? VisitorProfile.empty() : profile;
        try {
            checkLength(p.name(), MAX_NAME_CHARS, "name");
            checkLength(p.email(), MAX_EMAIL_CHARS, "email");
            checkLength(p.locale(), MAX_LOCALE_CHARS, "locale");
            checkLength(p.timeZone(), MAX_TIME_ZONE_CHARS, "timeZone");
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        String name = blankToNull(p.name());
        String email = blankToNull(p.email());
        String emailIndex = email == null ? null : blindIndex.of(BlindIndex.EMAIL, email);
        String knownIndex = visitorToken == null || visitorToken.isBlank()
                ? null : blindIndex.of(BlindIndex.VISITOR, visitorToken);
        String newToken = Base64.getUrlEncoder().withoutPadding().encodeToString(Crypto.randomBytes(TOKEN_BYTES));
        String newIndex = blindIndex.of(BlindIndex.VISITOR, newToken);
        return store.write(c -> {
            Instant now = now();
            Optional<String> known = knownIndex == null ? Optional.empty()
                    : contacts.byIdentity(c, BlindIndex.VISITOR, knownIndex);
            if (known.isPresent()) {
                String contactId = known.get();
                SecretKey key = keys.load(c, contactId);
                contacts.update(c, contactId, seal(key, contactId, name, email, emailIndex, p), now);
                if (emailIndex != null) { // a later mail from this address finds the same contact
                    contacts.claimIdentity(c, BlindIndex.EMAIL, emailIndex, contactId, now);
                }
                return new VisitorIdentity(visitorToken, contactId, false);
            }
            String contactId = UUID.randomUUID().toString();
            ContactKeys.Created created = keys.create(contactId);
            contacts.insert(c, contactId, region, created.wrapped(),
                    seal(created.key(), contactId, name, email, emailIndex, p), now);
            contacts.insertIdentity(c, BlindIndex.VISITOR, newIndex, contactId, now);
            if (emailIndex != null) {
                contacts.claimIdentity(c, BlindIndex.EMAIL, emailIndex, contactId, now);
            }
            return new VisitorIdentity(newToken, contactId, true);
        });
    }

    /** The contact's open conversation, else their most recent one; empty if they never wrote. */
    public Future<Optional<ConversationSummary>> latestConversation(String contactId) {
        Objects.requireNonNull(contactId, "contactId");
        return store.read(c -> {
            Optional<ConversationRow> row = records.openOf(c, contactId);
            return (row.isPresent() ? row : records.latestOf(c, contactId)).map(this::summary);
        });
    }

    /**
     * Appends a visitor's message to their open conversation, opening one on the web channel if none is open.
     * Idempotent: a resend with the same {@code clientMessageId} (for this contact) writes nothing and returns the
     * first stored message with {@code duplicate=true}. Fails with {@link NoSuchElementException} for an unknown contact.
     */
    public Future<Appended> appendVisitorMessage(String contactId, String clientMessageId, String text) {
        Objects.requireNonNull(contactId, "contactId");
        try {
            checkText(text);
            checkLength(clientMessageId, MAX_ID_CHARS, "clientMessageId");
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        String messageId = UUID.randomUUID().toString();
        return store.write(c -> {
            SecretKey key = keys.load(c, contactId);
            if (clientMessageId != null) {
                Optional<MessageRow> earlier = records.visitorMessageByClientId(c, contactId, clientMessageId);
                if (earlier.isPresent()) {
                    return new Appended(message(earlier.get(), key), true, false);
                }
            }
            Optional<ConversationRow> open = records.openOf(c, contactId);
            Instant now = now();
            String conversationId = open.map(ConversationRow::id).orElseGet(() -> UUID.randomUUID().toString());
            if (open.isEmpty()) {
                records.insertConversation(c, conversationId, contactId, WEB_CHANNEL, now);
            }
            long seq = open.map(ConversationRow::lastSeq).orElse(0L) + 1;
            ChatMessage message = new ChatMessage(messageId, conversationId, seq, Author.VISITOR, contactId, null,
                    clientMessageId, text, now);
            store(c, message, contactId, key);
            return new Appended(message, false, open.isEmpty());
        }).onSuccess(appended -> {
            if (appended.conversationOpened()) {
                openConversations.incrementAndGet();
            }
        });
    }

    /**
     * Appends an agent's reply. Idempotent per (conversation, {@code clientMessageId}), also after closing. Fails with
     * {@link NoSuchElementException} for an unknown conversation and {@link ConversationClosedException} for a
     * closed one.
     */
    public Future<Appended> appendAgentMessage(String conversationId, String agentId, String agentName,
            String clientMessageId, String text) {
        Objects.requireNonNull(conversationId, "conversationId");
        try {
            checkText(text);
            checkLength(clientMessageId, MAX_ID_CHARS, "clientMessageId");
            checkLength(agentId, MAX_ID_CHARS, "agentId");
            checkLength(agentName, MAX_NAME_CHARS, "agentName");
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        String messageId = UUID.randomUUID().toString();
        return store.write(c -> {
            ConversationRow conversation = records.byId(c, conversationId)
                    .orElseThrow(() -> new NoSuchElementException("No conversation " + conversationId));
            SecretKey key = keys.of(conversation.contactId(), conversation.contactDataKey());
            if (clientMessageId != null) {
                Optional<MessageRow> earlier = records.agentMessageByClientId(c, conversationId, clientMessageId);
                if (earlier.isPresent()) {
                    return new Appended(message(earlier.get(), key), true, false);
                }
            }
            if (conversation.status() == ConversationStatus.CLOSED) {
                throw new ConversationClosedException(conversationId);
            }
            ChatMessage message = new ChatMessage(messageId, conversationId, conversation.lastSeq() + 1, Author.AGENT,
                    agentId, agentName, clientMessageId, text, now());
            store(c, message, conversation.contactId(), key);
            if (!WEB_CHANNEL.equals(conversation.channel())) {
                outbound.agentReplied(c, conversation.channel(), message); // same transaction: both or neither
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
            return rows.stream().map(row -> message(row, key)).toList();
        });
    }

    /** Up to {@code limit} conversations in {@code status} (any status if null), newest activity first. */
    public Future<List<ConversationSummary>> conversations(ConversationStatus status, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            return Future.failedFuture(new IllegalArgumentException("limit must be 1-" + MAX_LIMIT));
        }
        return store.read(c -> records.list(c, status, limit).stream().map(this::summary).toList());
    }

    public Future<Optional<ConversationSummary>> conversation(String conversationId) {
        Objects.requireNonNull(conversationId, "conversationId");
        return store.read(c -> records.byId(c, conversationId).map(this::summary));
    }

    /**
     * Closes the conversation: true if it was open, false if it was closed already; fails with
     * {@link NoSuchElementException} if unknown.
     */
    public Future<Boolean> close(String conversationId) {
        Objects.requireNonNull(conversationId, "conversationId");
        return store.write(c -> {
            if (records.close(c, conversationId, now())) {
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
     * Appends a notice from Meridian itself (e.g. an off-hours reply) to an open conversation. Idempotent per
     * (conversation, {@code clientMessageId}): a second call returns the first copy with {@code duplicate=true}.
     */
    public Future<Appended> appendSystemMessage(String conversationId, String clientMessageId, String text) {
        Objects.requireNonNull(conversationId, "conversationId");
        try {
            checkText(text);
            checkLength(clientMessageId, MAX_ID_CHARS, "clientMessageId");
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        String messageId = UUID.randomUUID().toString();
        return store.write(c -> {
            ConversationRow conversation = records.byId(c, conversationId)
                    .orElseThrow(() -> new NoSuchElementException("No conversation " + conversationId));
            SecretKey key = keys.of(conversation.contactId(), conversation.contactDataKey());
            if (clientMessageId != null) {
                Optional<MessageRow> earlier = records.systemMessageByClientId(c, conversationId, clientMessageId);
                if (earlier.isPresent()) {
                    return new Appended(message(earlier.get(), key), true, false);
                }
            }
            if (conversation.status() == ConversationStatus.CLOSED) {
                throw new ConversationClosedException(conversationId);
            }
            ChatMessage message = new ChatMessage(messageId, conversationId, conversation.lastSeq() + 1, Author.SYSTEM,
                    null, null, clientMessageId, text, now());
            store(c, message, conversation.contactId(), key);
            return new Appended(message, false, false);
        });
    }

    /** The unsealed facts routing decides on; empty for an unknown conversation. */
    public Future<Optional<ConversationFacts>> facts(String conversationId) {
        Objects.requireNonNull(conversationId, "conversationId");
        return store.read(c -> records.facts(c, conversationId));
    }

    /**
     * Keeps what the widget told about the visitor's languages: the browser's languages (most preferred first) and,
     * if the contact has no country yet, the region of {@code locale} (es-MX gives MX).
     */
    public Future<Void> recordVisitorContext(String contactId, List<String> browserLanguages, String locale) {
        Objects.requireNonNull(contactId, "contactId");
        String languages = browserLanguages == null || browserLanguages.isEmpty() ? null
                : String.join(",", browserLanguages.stream().limit(8).toList());
        if (languages != null && languages.length() > 200) {
            languages = languages.substring(0, languages.lastIndexOf(',', 200));
        }
        String country = countryOf(locale);
        String stored = languages;
        return store.write(c -> {
            contacts.updateContext(c, contactId, stored, country, now());
            return null;
        });
    }

    /** Records the language detected from what the contact wrote. */
    public Future<Void> recordContactLanguage(String contactId, String language) {
        Objects.requireNonNull(contactId, "contactId");
        try {
            checkLength(language, MAX_LOCALE_CHARS, "language");
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        return store.write(c -> {
            contacts.updateLanguage(c, contactId, blankToNull(language), now());
            return null;
        });
    }

    /**
     * Seals a staff-written text about the conversation's customer (e.g. an internal note) under the contact's key,
     * bound to {@code table}, {@code rowId} and {@code column}. For another capability's own table; call it inside a
     * {@link Store#write} or {@link Store#read} work with that work's connection.
     */
    public byte[] sealForConversation(Connection c, String conversationId, String table, String rowId, String column,
            String text) throws SQLException {
        String contactId = records.contactIdOf(c, conversationId)
                .orElseThrow(() -> new NoSuchElementException("No conversation " + conversationId));
        return FieldCipher.sealText(keys.load(c, contactId), text, table, rowId, column);
    }

    /** Opens what {@link #sealForConversation} sealed. */
    public String openForConversation(Connection c, String conversationId, String table, String rowId, String column,
            byte[] sealed) throws SQLException {
        String contactId = records.contactIdOf(c, conversationId)
                .orElseThrow(() -> new NoSuchElementException("No conversation " + conversationId));
        return FieldCipher.openText(keys.load(c, contactId), sealed, table, rowId, column);
    }

    /** As {@link #sealForConversation} for bytes (an attachment's content). */
    public byte[] sealBytesForConversation(Connection c, String conversationId, String table, String rowId,
            String column, byte[] plain) throws SQLException {
        String contactId = records.contactIdOf(c, conversationId)
                .orElseThrow(() -> new NoSuchElementException("No conversation " + conversationId));
        return FieldCipher.seal(keys.load(c, contactId), plain, table, rowId, column);
    }

    /** Opens what {@link #sealBytesForConversation} sealed. */
    public byte[] openBytesForConversation(Connection c, String conversationId, String table, String rowId,
            String column, byte[] sealed) throws SQLException {
        String contactId = records.contactIdOf(c, conversationId)
                .orElseThrow(() -> new NoSuchElementException("No conversation " + conversationId));
        return FieldCipher.open(keys.load(c, contactId), sealed, table, rowId, column);
    }

    /** The ISO 3166 region of a BCP 47 locale (es-MX gives MX), or null if it names none. */
    static String countryOf(String locale) {
        if (locale == null || locale.isBlank()) {
            return null;
        }
        String country = java.util.Locale.forLanguageTag(locale.strip().replace('_', '-')).getCountry();
        return country.length() == 2 ? country : null;
    }

    /**
     * Where agent replies on channel conversations go, in the reply's own transaction (the plugin host's outbox).
     * Set once at start, before replies can arrive.
     */
    public void outboundSink(OutboundSink sink) {
        this.outbound = Objects.requireNonNull(sink, "sink");
    }

    /**
     * Who is told, inside the reopening's transaction, when a customer's message reopens a closed conversation
     * (routing: the timeline entry and the reset of the conversation's routing). Set once at start.
     */
    public void reopening(ConversationReopening hook) {
        this.reopening = Objects.requireNonNull(hook, "hook");
    }

    /**
     * Appends a customer's message that arrived through a channel connector. The contact is found by the blind index
     * of ({@code identityKind}, {@code address}) in {@code contact_identities}, or created (home region: this
     * node's; an e-mail identity also becomes the contact's e-mail). The message goes to the conversation its thread
     * names ({@link ChannelInbound#threadConversationId()}) if that is one of the same contact (or of a contact
     * merged into it) on the same channel, reopening it if it is closed ({@link Appended#reopened()}, told to
     * {@link #reopening}); else to the contact's open conversation on that channel, or opens one, whose customer
     * address and thread are kept sealed for the reply. An {@code automatic} message is stored as such.
     * Idempotent on the channel's {@code externalId}: a redelivery writes nothing and returns the stored message
     * with {@code duplicate=true}. The external id is kept only as a keyed fingerprint in {@code client_msg_id}.
     */
    public Future<Appended> appendChannelMessage(ChannelInbound in) {
        Objects.requireNonNull(in, "in");
        try {
            checkText(in.text());
            if (in.channel() == null || in.channel().isBlank() || in.channel().length() > 32
                    || WEB_CHANNEL.equals(in.channel())) {
                throw new IllegalArgumentException("channel must be a connector instance id, not '" + in.channel() + "'");
            }
            if (in.identityKind() == null || !in.identityKind().matches("[a-z0-9-]{1,32}")
                    || BlindIndex.VISITOR.equals(in.identityKind())) {
                throw new IllegalArgumentException("identity kind must match [a-z0-9-]{1,32} and not be 'visitor', not '"
                        + in.identityKind() + "'");
            }
            if (in.address() == null || in.address().isBlank()) {
                throw new IllegalArgumentException("a channel message needs the sender's address");
            }
            if (in.externalId() == null || in.externalId().isBlank()) {
                throw new IllegalArgumentException("a channel message needs the channel's message id (externalId)");
            }
            checkLength(in.address(), 1000, "address");
            checkLength(in.displayName(), MAX_NAME_CHARS, "displayName");
            checkLength(in.subject(), 1000, "subject");
            checkLength(in.externalId(), 1000, "externalId");
            checkLength(in.threadConversationId(), MAX_ID_CHARS, "threadConversationId");
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        String identityIndex = blindIndex.of(in.identityKind(), in.address());
        String clientMessageId = "x:" + blindIndex.of("external", in.channel() + "\n" + in.externalId());
        boolean email = BlindIndex.EMAIL.equals(in.identityKind());
        String emailIndex = email ? blindIndex.of(BlindIndex.EMAIL, in.address()) : null;
        String messageId = UUID.randomUUID().toString();
        return store.write(c -> {
            Instant now = now();
            Optional<String> known = contacts.byIdentity(c, in.identityKind(), identityIndex);
            String contactId;
            SecretKey key;
            if (known.isPresent()) {
                contactId = known.get();
                key = keys.load(c, contactId);
                Optional<MessageRow> earlier = records.visitorMessageByClientId(c, contactId, clientMessageId);
                if (earlier.isPresent()) {
                    return new Appended(message(earlier.get(), key), true, false);
                }
            } else {
                contactId = UUID.randomUUID().toString();
                ContactKeys.Created created = keys.create(contactId);
                key = created.key();
                contacts.insert(c, contactId, region, created.wrapped(), new SealedProfile(
                        FieldCipher.sealText(key, blankToNull(in.displayName()), "contacts", contactId, "name_sealed"),
                        email ? FieldCipher.sealText(key, in.address().strip(), "contacts", contactId, "email_sealed")
                                : null,
                        emailIndex, null, null), now);
                contacts.insertIdentity(c, in.identityKind(), identityIndex, contactId, now);
            }
            Optional<ConversationRow> thread = known.isPresent() && in.threadConversationId() != null
                    ? records.joinableThread(c, in.threadConversationId(), contactId, in.channel()) : Optional.empty();
            if (thread.isPresent() && !thread.get().contactId().equals(contactId)) {
                // A conversation of a contact merged into the sender's: its messages carry that contact's id and key.
                key = keys.of(thread.get().contactId(), thread.get().contactDataKey());
                contactId = thread.get().contactId();
                Optional<MessageRow> earlier = records.visitorMessageByClientId(c, contactId, clientMessageId);
                if (earlier.isPresent()) {
                    return new Appended(message(earlier.get(), key), true, false);
                }
            }
            Optional<ConversationRow> open = thread.isPresent() ? thread
                    : records.openOnChannel(c, contactId, in.channel());
            String conversationId = open.map(ConversationRow::id).orElseGet(() -> UUID.randomUUID().toString());
            boolean reopened = thread.isPresent() && records.reopen(c, conversationId);
            if (reopened) {
                reopening.reopened(c, conversationId, now, email ? "Customer replied by e-mail"
                        : "Customer replied through channel " + in.channel());
            }
            byte[] subject = FieldCipher.sealText(key, blankToNull(in.subject()), "channel_conversations",
                    conversationId, "subject_sealed");
            byte[] externalId = FieldCipher.sealText(key, in.externalId(), "channel_conversations", conversationId,
                    "last_external_id_sealed");
            if (open.isEmpty()) {
                records.insertConversation(c, conversationId, contactId, in.channel(), now);
                channels.insert(c, new ChannelRecords.ChannelRow(conversationId, in.identityKind(),
                        FieldCipher.sealText(key, in.address().strip(), "channel_conversations", conversationId,
                                "address_sealed"),
                        FieldCipher.sealText(key, blankToNull(in.displayName()), "channel_conversations",
                                conversationId, "display_name_sealed"),
                        subject, externalId));
            } else {
                channels.updateThread(c, conversationId, subject, externalId);
            }
            long seq = open.map(ConversationRow::lastSeq).orElse(0L) + 1;
            ChatMessage message = new ChatMessage(messageId, conversationId, seq, Author.VISITOR, contactId, null,
                    clientMessageId, in.text(), now);
            store(c, message, contactId, key);
            if (in.automatic()) {
                records.markAutomatic(c, messageId);
            }
            return new Appended(message, false, open.isEmpty() || reopened, reopened);
        }).onSuccess(appended -> {
            if (appended.conversationOpened()) {
                openConversations.incrementAndGet();
            }
        });
    }

    /**
     * What a channel connector needs to send the stored message {@code messageId}: its text, the customer's address
     * and the thread, opened with the contact's key. Empty if the message is unknown or its conversation did not
     * come through a channel.
     */
    public Future<Optional<ChannelDelivery>> channelDelivery(String messageId) {
        Objects.requireNonNull(messageId, "messageId");
        return store.read(c -> {
            Optional<MessageRow> message = records.messageById(c, messageId);
            if (message.isEmpty()) {
                return Optional.<ChannelDelivery>empty();
            }
            MessageRow m = message.get();
            Optional<ConversationRow> conversation = records.byId(c, m.conversationId());
            Optional<ChannelRecords.ChannelRow> channel = channels.byConversation(c, m.conversationId());
            if (conversation.isEmpty() || channel.isEmpty()) {
                return Optional.<ChannelDelivery>empty();
            }
            ConversationRow cv = conversation.get();
            ChannelRecords.ChannelRow ch = channel.get();
            SecretKey key = keys.of(cv.contactId(), cv.contactDataKey());
            String id = cv.id();
            return Optional.of(new ChannelDelivery(id, cv.channel(), m.id(), ch.identityKind(),
                    FieldCipher.openText(key, ch.addressSealed(), "channel_conversations", id, "address_sealed"),
                    FieldCipher.openText(key, ch.displayNameSealed(), "channel_conversations", id,
                            "display_name_sealed"),
                    FieldCipher.openText(key, ch.subjectSealed(), "channel_conversations", id, "subject_sealed"),
                    FieldCipher.openText(key, ch.lastExternalIdSealed(), "channel_conversations", id,
                            "last_external_id_sealed"),
                    message(m, key).text(), m.authorName()));
        });
    }

    /** What channel replies say when they leave (the outgoing translation); the original text by default. */
    public void outgoingText(OutgoingText text) {
        this.outgoingText = Objects.requireNonNull(text, "text");
    }

    /**
     * {@link #channelDelivery} with the text the customer is to receive ({@link #outgoingText(OutgoingText)}): the
     * outbox sends this. When the text cannot be had, the reply goes as the agent wrote it.
     */
    public Future<Optional<ChannelDelivery>> deliverableReply(String messageId) {
        return channelDelivery(messageId).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture(found);
            }
            ChannelDelivery d = found.get();
            return outgoingText.textFor(d).otherwise(e -> d.text()).map(text -> Optional.of(
                    text == null || text.equals(d.text()) ? d : new ChannelDelivery(d.conversationId(), d.channel(),
                            d.messageId(), d.identityKind(), d.address(), d.displayName(), d.subject(), d.inReplyTo(),
                            text, d.agentName())));
        });
    }

    /**
     * The language detected on one customer message (docs/language.md): an ISO 639-1 code or zh-CN / zh-TW (null:
     * unknown), a confidence from 0 to 1, and what it rests on: TEXT, CONTACT, BROWSER or NONE.
     */
    public record MessageLanguage(String messageId, String language, double confidence, String source) {
        public MessageLanguage {
            Objects.requireNonNull(messageId, "messageId");
            if (!(confidence >= 0 && confidence <= 1) || source == null
                    || !source.matches("TEXT|CONTACT|BROWSER|NONE")) {
                throw new IllegalArgumentException("confidence must be 0..1 and source TEXT, CONTACT, BROWSER or NONE");
            }
            checkLength(language, MAX_LOCALE_CHARS, "language");
            language = blankToNull(language);
        }
    }

    /**
     * Records the detected languages of customer messages, all in one write (one JDBC batch), so that detection adds
     * one store work per batch rather than per message. Completes with how many of the messages exist.
     */
    public Future<Integer> recordMessageLanguages(List<MessageLanguage> detected) {
        if (detected.isEmpty()) {
            return Future.succeededFuture(0);
        }
        List<MessageLanguage> copy = List.copyOf(detected);
        return store.write(c -> records.updateMessageLanguages(c, copy));
    }

    /** The customer's latest message in the conversation (decrypted); empty if there is none. */
    public Future<Optional<ChatMessage>> lastCustomerMessage(String conversationId) {
        Objects.requireNonNull(conversationId, "conversationId");
        return store.read(c -> {
            Optional<MessageRow> row = records.lastCustomerMessage(c, conversationId);
            if (row.isEmpty()) {
                return Optional.<ChatMessage>empty();
            }
            return Optional.of(message(row.get(), keys.load(c, row.get().contactId())));
        });
    }

    /** Open conversations on this node, from memory (for JMX and health); never blocks. */
    public long openConversationCount() {
        return Math.max(0, openConversations.get());
    }

    private void store(Connection c, ChatMessage m, String contactId, SecretKey key) throws SQLException {
        byte[] body = FieldCipher.sealText(key, m.text(), "messages", m.id(), "body_sealed");
        byte[] preview = FieldCipher.sealText(key, preview(m.text()), "conversations", m.conversationId(),
                "last_preview_sealed");
        records.append(c, new MessageRow(m.id(), m.conversationId(), contactId, m.seq(), m.author(), m.authorId(),
                m.authorName(), m.clientMessageId(), body, m.createdAt()), preview);
    }

    private ChatMessage message(MessageRow row, SecretKey key) {
        return new ChatMessage(row.id(), row.conversationId(), row.seq(), row.author(), row.authorId(),
                row.authorName(), row.clientMessageId(),
                FieldCipher.openText(key, row.bodySealed(), "messages", row.id(), "body_sealed"), row.createdAt());
    }

    private ConversationSummary summary(ConversationRow row) {
        SecretKey key = keys.of(row.contactId(), row.contactDataKey());
        return new ConversationSummary(row.id(), row.contactId(),
                FieldCipher.openText(key, row.contactNameSealed(), "contacts", row.contactId(), "name_sealed"),
                row.channel(), row.status(), row.createdAt(), row.lastMessageAt(),
                FieldCipher.openText(key, row.previewSealed(), "conversations", row.id(), "last_preview_sealed"),
                row.messageCount());
    }

    private static SealedProfile seal(SecretKey key, String contactId, String name, String email, String emailIndex,
            VisitorProfile p) {
        return new SealedProfile(
                FieldCipher.sealText(key, name, "contacts", contactId, "name_sealed"),
                FieldCipher.sealText(key, email, "contacts", contactId, "email_sealed"),
                emailIndex, blankToNull(p.locale()), blankToNull(p.timeZone()));
    }

    /** The newest message as one line of at most {@value #PREVIEW_CHARS} characters, never splitting a character. */
    static String preview(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        if (line.length() <= PREVIEW_CHARS) {
            return line;
        }
        int end = PREVIEW_CHARS - 1;
        if (Character.isHighSurrogate(line.charAt(end - 1))) {
            end--;
        }
        return line.substring(0, end) + "…";
    }

    private Instant now() {
        // Milliseconds: what every client shows, and equal before and after a database round trip.
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static void checkText(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("A message needs text");
        }
        checkLength(text, MAX_TEXT_CHARS, "text");
    }

    private static void checkLength(String value, int max, String what) {
        if (value != null && value.length() > max) {
            throw new IllegalArgumentException(what + " is longer than " + max + " characters");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
