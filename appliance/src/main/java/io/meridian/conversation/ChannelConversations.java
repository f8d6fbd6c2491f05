package io.meridian.conversation;

import static io.meridian.conversation.Arguments.blankToNull;
import static io.meridian.conversation.Arguments.checkLength;
import static io.meridian.conversation.Arguments.checkText;
import static io.meridian.conversation.ConversationService.MAX_ID_CHARS;
import static io.meridian.conversation.ConversationService.MAX_NAME_CHARS;
import static io.meridian.conversation.ConversationService.WEB_CHANNEL;

import io.meridian.conversation.ContactRecords.SealedProfile;
import io.meridian.conversation.ConversationRecords.ConversationRow;
import io.meridian.conversation.ConversationRecords.MessageRow;
import io.meridian.crypto.BlindIndex;
import io.meridian.crypto.FieldCipher;
import io.meridian.store.TimeOrderedIds;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * Conversations that came in through a channel connector (e-mail and the like): the customer's messages joining their
 * thread, and what the outbox needs to send a reply back on the channel. The customer's address, name and thread are
 * kept sealed in {@code channel_conversations} with the contact's key. What other capabilities do inside its
 * transactions comes with its construction ({@link ChannelHooks}). Customer messages are appended through {@link ConversationService#appendChannelMessage}, which counts the conversations they open.
 */
public final class ChannelConversations {

    private final ConversationStorage storage;
    private final BlindIndex blindIndex;
    private final String region;
    private final ChannelRecords channels = new ChannelRecords();
    private final OutboundSink outbound;
    private final ConversationReopening reopening;
    private final MessageAttachments attachments;

    ChannelConversations(ConversationStorage storage, BlindIndex blindIndex, String region, ChannelHooks hooks,
            MessageAttachments attachments) {
        this.storage = storage;
        this.attachments = attachments;
        this.blindIndex = blindIndex;
        this.region = region;
        this.outbound = hooks.outbound();
        this.reopening = hooks.reopening();
    }

    /**
     * Hands an agent's reply (or a notice for the customer) on a channel conversation to the outbox
     * ({@link ChannelHooks#outbound()}), in the reply's transaction.
     */
    void agentReplied(Connection c, String channel, ChatMessage message) throws SQLException {
        outbound.agentReplied(c, channel, message); // same transaction: both or neither
    }

    /**
     * Appends a customer's message that arrived through a channel connector. The contact is found by the blind index
     * of ({@code identityKind}, {@code address}) in {@code contact_identities}, or created (home region: this
     * node's; an e-mail identity also becomes the contact's e-mail). The message goes to the conversation its thread
     * names ({@link ChannelInbound#threadConversationId()}) if that is one of the same contact (or of a contact
     * merged into it) on the same channel, reopening it if it is closed ({@link Appended#reopened()}, told to
     * {@link ChannelHooks#reopening()}); else to the contact's open conversation on that channel, or opens one, whose customer
     * address and thread are kept sealed for the reply. An {@code automatic} message is stored as such.
     * The files it carries ({@link ChannelInbound#attachments()}, screened by the caller) are stored with it.
     * Idempotent on the channel's {@code externalId}: a redelivery writes nothing and returns the stored message
     * with {@code duplicate=true}. The external id is kept only as a keyed fingerprint in {@code client_msg_id}.
     */
    Future<Appended> append(ChannelInbound in) {
        Objects.requireNonNull(in, "in");
        try {
            check(in);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        String identityIndex = blindIndex.of(in.identityKind(), in.address());
        String clientMessageId = "x:" + blindIndex.of("external", in.channel() + "\n" + in.externalId());
        boolean email = BlindIndex.EMAIL.equals(in.identityKind());
        String emailIndex = email ? blindIndex.of(BlindIndex.EMAIL, in.address()) : null;
        String messageId = TimeOrderedIds.next();
        ContactRecords contacts = storage.contacts;
        ConversationRecords records = storage.records;
        return storage.store.write(c -> {
            Instant now = storage.now();
            Optional<String> known = contacts.byIdentity(c, in.identityKind(), identityIndex);
            String contactId;
            SecretKey key;
            if (known.isPresent()) {
                contactId = known.get();
                key = storage.keys.load(c, contactId);
                Optional<MessageRow> earlier = records.visitorMessageByClientId(c, contactId, clientMessageId);
                if (earlier.isPresent()) {
                    return new Appended(ConversationStorage.message(earlier.get(), key), true, false);
                }
            } else {
                contactId = UUID.randomUUID().toString();
                ContactKeys.Created created = storage.keys.create(contactId);
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
                key = storage.keys.of(thread.get().contactId(), thread.get().contactDataKey());
                contactId = thread.get().contactId();
                Optional<MessageRow> earlier = records.visitorMessageByClientId(c, contactId, clientMessageId);
                if (earlier.isPresent()) {
                    return new Appended(ConversationStorage.message(earlier.get(), key), true, false);
                }
            }
            Optional<ConversationRow> open = thread.isPresent() ? thread
                    : records.openOnChannel(c, contactId, in.channel());
            String conversationId = open.map(ConversationRow::id).orElseGet(() -> UUID.randomUUID().toString());
            boolean reopened = thread.isPresent() && records.reopen(c, conversationId);
            if (reopened) {
                reopening.reopened(c, conversationId, now, in.channel());
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
            storage.append(c, message, contactId, key);
            attachments.insert(c, conversationId, messageId, key, in.attachments()); // with its message, or neither
            if (in.automatic()) {
                records.markAutomatic(c, messageId);
            }
            return new Appended(message, false, open.isEmpty() || reopened, reopened);
        });
    }

    /**
     * What a channel connector needs to send the stored message {@code messageId}: its text and files, the customer's
     * address and the thread, opened with the contact's key. Empty if the message is unknown or its conversation did not
     * come through a channel.
     */
    public Future<Optional<ChannelDelivery>> channelDelivery(String messageId) {
        Objects.requireNonNull(messageId, "messageId");
        ConversationRecords records = storage.records;
        return storage.store.read(c -> {
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
            SecretKey key = storage.keys.of(cv.contactId(), cv.contactDataKey());
            String id = cv.id();
            return Optional.of(new ChannelDelivery(id, cv.channel(), m.id(), ch.identityKind(),
                    FieldCipher.openText(key, ch.addressSealed(), "channel_conversations", id, "address_sealed"),
                    FieldCipher.openText(key, ch.displayNameSealed(), "channel_conversations", id,
                            "display_name_sealed"),
                    FieldCipher.openText(key, ch.subjectSealed(), "channel_conversations", id, "subject_sealed"),
                    FieldCipher.openText(key, ch.lastExternalIdSealed(), "channel_conversations", id,
                            "last_external_id_sealed"),
                    ConversationStorage.message(m, key).text(), m.authorName(), m.author() == Author.SYSTEM,
                    attachments.ofMessage(c, id, m.id(), key)));
        });
    }

    private static void check(ChannelInbound in) {
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
    }
}
