package io.meridian.conversation;

import io.meridian.crypto.BlindIndex;
import io.meridian.crypto.FieldCipher;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.NoSuchElementException;
import javax.crypto.SecretKey;

/**
 * Corrects a contact's name, e-mail address or phone number at the customer's request (GDPR article 16): the new
 * value is sealed in place of the old, and the identity the old address or number gave is replaced by the new one,
 * so mail from a wrong address no longer lands with this customer. An address another contact holds is not taken
 * over (an agent merges the two when they are one customer).
 */
final class ContactCorrection {

    static final int MAX_NAME_CHARS = 200;
    static final int MAX_EMAIL_CHARS = 254;
    static final int MAX_PHONE_CHARS = 40;

    private final ConversationStorage storage;
    private final BlindIndex blindIndex;

    ContactCorrection(ConversationStorage storage, BlindIndex blindIndex) {
        this.storage = storage;
        this.blindIndex = blindIndex;
    }

    /** Each non-null value replaces the stored one. */
    void correct(Connection c, String contactId, String name, String email, String phone) throws SQLException {
        check(name, MAX_NAME_CHARS, "name");
        check(email, MAX_EMAIL_CHARS, "email");
        check(phone, MAX_PHONE_CHARS, "phone");
        Object[] row = storage.contacts.whole(c, contactId)
                .orElseThrow(() -> new NoSuchElementException("No contact " + contactId));
        SecretKey key = storage.keys.of(contactId, (byte[]) row[3]);
        if (key == FieldCipher.SHREDDED) {
            throw new IllegalStateException("The customer was erased: there is nothing to correct");
        }
        if (storage.contacts.restricted(c, contactId)) {
            throw new IllegalStateException("Processing of this customer's data is restricted: lift the restriction "
                    + "before correcting it");
        }
        Instant now = storage.now();
        String emailIndex = null;
        if (email != null) {
            String old = FieldCipher.openText(key, (byte[]) row[1], "contacts", contactId, "email_sealed");
            emailIndex = blindIndex.of(BlindIndex.EMAIL, email);
            replaceIdentity(c, contactId, BlindIndex.EMAIL, old == null ? null : blindIndex.of(BlindIndex.EMAIL, old),
                    emailIndex, now);
        }
        if (phone != null) {
            String old = FieldCipher.openText(key, (byte[]) row[2], "contacts", contactId, "phone_sealed");
            // Both kinds hold the number's fingerprint as a phone number (BlindIndex.GIVEN_PHONE).
            String oldIndex = old == null ? null : blindIndex.of(BlindIndex.PHONE, old);
            replaceIdentity(c, contactId, BlindIndex.PHONE, oldIndex, null, now);
            replaceIdentity(c, contactId, BlindIndex.GIVEN_PHONE, oldIndex, blindIndex.of(BlindIndex.PHONE, phone),
                    now);
        }
        storage.contacts.update(c, contactId, new ContactRecords.SealedProfile(
                FieldCipher.sealText(key, name, "contacts", contactId, "name_sealed"),
                FieldCipher.sealText(key, email, "contacts", contactId, "email_sealed"), emailIndex, null, null,
                FieldCipher.sealText(key, phone, "contacts", contactId, "phone_sealed")), now);
    }

    /** Drops this contact's identity {@code oldIndex} (if it is theirs) and claims {@code newIndex} (if given). */
    private void replaceIdentity(Connection c, String contactId, String kind, String oldIndex, String newIndex,
            Instant now) throws SQLException {
        if (oldIndex != null && !oldIndex.equals(newIndex)) {
            try (PreparedStatement s = c.prepareStatement(
                    "DELETE FROM contact_identities WHERE kind = ? AND blind_index = ? AND contact_id = ?")) {
                s.setString(1, kind);
                s.setString(2, oldIndex);
                s.setString(3, contactId);
                s.executeUpdate();
            }
        }
        if (newIndex != null) {
            storage.contacts.claimIdentity(c, kind, newIndex, contactId, now);
        }
    }

    private static void check(String value, int max, String field) {
        if (value != null && (value.isBlank() || value.length() > max || value.chars().anyMatch(Character::isISOControl))) {
            throw new IllegalArgumentException(field + " must be 1 to " + max + " characters on one line");
        }
    }
}
