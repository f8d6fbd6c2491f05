package io.meridian.conversation;

import static io.meridian.conversation.Arguments.blankToNull;
import static io.meridian.conversation.Arguments.checkLength;
import static io.meridian.conversation.Arguments.checkText;
import static io.meridian.conversation.ConversationService.MAX_EMAIL_CHARS;
import static io.meridian.conversation.ConversationService.MAX_PHONE_CHARS;
import static io.meridian.conversation.ConversationService.MAX_ID_CHARS;
import static io.meridian.conversation.ConversationService.MAX_LOCALE_CHARS;
import static io.meridian.conversation.ConversationService.MAX_NAME_CHARS;
import static io.meridian.conversation.ConversationService.MAX_TIME_ZONE_CHARS;
import static io.meridian.conversation.ConversationService.WEB_CHANNEL;

import io.meridian.conversation.ContactRecords.SealedProfile;
import io.meridian.conversation.ConversationRecords.ConversationRow;
import io.meridian.conversation.ConversationRecords.MessageRow;
import io.meridian.crypto.BlindIndex;
import io.meridian.crypto.Crypto;
import io.meridian.crypto.FieldCipher;
import io.meridian.store.TimeOrderedIds;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Base64;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * The web widget's side of conversations: recognising a visitor by their browser's token and appending what they
 * write. Reached through {@link ConversationService}, which counts the conversations opened here.
 */
final class WidgetVisitors {

    private static final int TOKEN_BYTES = 32;

    private final ConversationStorage storage;
    private final BlindIndex blindIndex;
    private final String region;

    WidgetVisitors(ConversationStorage storage, BlindIndex blindIndex, String region) {
        this.storage = storage;
        this.blindIndex = blindIndex;
        this.region = region;
    }

    /**
     * Recognises a widget visitor by the token their browser kept. A null or unknown token makes a new contact (home
     * region: this node's) and a new random token; a known token returns the same contact, whose locale and time
     * zone are updated, and name and e-mail when given. The token itself is never stored, only its blind index.
     */
    Future<VisitorIdentity> identify(String visitorToken, VisitorProfile profile) {
        VisitorProfile p = profile == null ? VisitorProfile.empty() : profile;
        try {
            checkLength(p.name(), MAX_NAME_CHARS, "name");
            checkLength(p.email(), MAX_EMAIL_CHARS, "email");
            checkLength(p.phone(), MAX_PHONE_CHARS, "phone");
            checkLength(p.locale(), MAX_LOCALE_CHARS, "locale");
            checkLength(p.timeZone(), MAX_TIME_ZONE_CHARS, "timeZone");
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        String name = blankToNull(p.name());
        String email = blankToNull(p.email());
        String emailIndex = email == null ? null : blindIndex.of(BlindIndex.EMAIL, email);
        String phone = blankToNull(p.phone());
        String phoneIndex = phone == null ? null : blindIndex.of(BlindIndex.PHONE, phone);
        String knownIndex = visitorToken == null || visitorToken.isBlank()
                ? null : blindIndex.of(BlindIndex.VISITOR, visitorToken);
        // The home region leads the token, so whichever node the visitor reaches next knows where they are served.
        String newToken = region + HomeRegions.TOKEN_SEPARATOR
                + Base64.getUrlEncoder().withoutPadding().encodeToString(Crypto.randomBytes(TOKEN_BYTES));
        String newIndex = blindIndex.of(BlindIndex.VISITOR, newToken);
        ContactRecords contacts = storage.contacts;
        return storage.store.write(c -> {
            Instant now = storage.now();
            Optional<String> known = knownIndex == null ? Optional.empty()
                    : contacts.byIdentity(c, BlindIndex.VISITOR, knownIndex);
            if (known.isPresent()) {
                String contactId = known.get();
                SecretKey key = storage.keys.load(c, contactId);
                // A customer whose processing is restricted keeps what is stored: nothing new joins it.
                if (contacts.update(c, contactId, seal(key, contactId, name, email, emailIndex, phone, p), now)) {
                    claimIdentities(c, contactId, emailIndex, phoneIndex, now);
                }
                return new VisitorIdentity(visitorToken, contactId, false);
            }
            String contactId = UUID.randomUUID().toString();
            ContactKeys.Created created = storage.keys.create(contactId);
            contacts.insert(c, contactId, region, created.wrapped(),
                    seal(created.key(), contactId, name, email, emailIndex, phone, p), now);
            contacts.insertIdentity(c, BlindIndex.VISITOR, newIndex, contactId, now);
            claimIdentities(c, contactId, emailIndex, phoneIndex, now);
            return new VisitorIdentity(newToken, contactId, true);
        });
    }

    /**
     * Appends a visitor's message to their open conversation, opening one on the web channel if none is open.
     * Idempotent: a resend with the same {@code clientMessageId} (for this contact) writes nothing and returns the
     * first stored message with {@code duplicate=true}. Fails with {@link NoSuchElementException} for an unknown contact.
     */
    Future<Appended> append(String contactId, String clientMessageId, String text) {
        Objects.requireNonNull(contactId, "contactId");
        try {
            checkText(text);
            checkLength(clientMessageId, MAX_ID_CHARS, "clientMessageId");
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        String messageId = TimeOrderedIds.next();
        ConversationRecords records = storage.records;
        return storage.store.write(c -> {
            SecretKey key = storage.keys.load(c, contactId);
            if (clientMessageId != null) {
                Optional<MessageRow> earlier = records.visitorMessageByClientId(c, contactId, clientMessageId);
                if (earlier.isPresent()) {
                    return new Appended(ConversationStorage.message(earlier.get(), key), true, false);
                }
            }
            // Web chat only: the visitor's widget never writes into the contact's mail or other channels' threads.
            Optional<ConversationRow> open = records.openOnChannel(c, contactId, WEB_CHANNEL);
            Instant now = storage.now();
            String conversationId = open.map(ConversationRow::id).orElseGet(() -> UUID.randomUUID().toString());
            if (open.isEmpty()) {
                records.insertConversation(c, conversationId, contactId, WEB_CHANNEL, now);
            }
            long seq = open.map(ConversationRow::lastSeq).orElse(0L) + 1;
            ChatMessage message = new ChatMessage(messageId, conversationId, seq, Author.VISITOR, contactId, null,
                    clientMessageId, text, now);
            storage.append(c, message, contactId, key);
            return new Appended(message, false, open.isEmpty());
        });
    }

    /**
     * A later mail from this address finds the same contact, and search finds the number. A typed number proves
     * nothing, so it is recorded as {@link BlindIndex#GIVEN_PHONE}, which no channel recognises customers by (the
     * widget shows web chats only, so a typed address never opens another customer's mail either).
     */
    private void claimIdentities(java.sql.Connection c, String contactId, String emailIndex, String phoneIndex,
            Instant now) throws java.sql.SQLException {
        if (emailIndex != null) {
            storage.contacts.claimIdentity(c, BlindIndex.EMAIL, emailIndex, contactId, now);
        }
        if (phoneIndex != null) {
            storage.contacts.claimIdentity(c, BlindIndex.GIVEN_PHONE, phoneIndex, contactId, now);
        }
    }

    private static SealedProfile seal(SecretKey key, String contactId, String name, String email, String emailIndex,
            String phone, VisitorProfile p) {
        return new SealedProfile(
                FieldCipher.sealText(key, name, "contacts", contactId, "name_sealed"),
                FieldCipher.sealText(key, email, "contacts", contactId, "email_sealed"),
                emailIndex, blankToNull(p.locale()), blankToNull(p.timeZone()),
                FieldCipher.sealText(key, phone, "contacts", contactId, "phone_sealed"));
    }
}
