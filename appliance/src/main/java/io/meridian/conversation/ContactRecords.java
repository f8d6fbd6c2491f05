package io.meridian.conversation;

import io.meridian.crypto.RewrapBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of contacts and their identities (migration V1). Runs inside the store's work; never commits. Values
 * arrive already sealed or blind-indexed: nothing personal reaches this class in plaintext.
 * <p>
 * The public methods are what other capabilities may do with these tables, inside their own store work (with its
 * connection, so their transaction stays one): the tables are this capability's, and nobody else runs SQL on them.
 */
public final class ContactRecords {

    /** The contact an identity (a blind index of the given kind) belongs to. */
    Optional<String> byIdentity(Connection c, String kind, String blindIndex) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT contact_id FROM contact_identities WHERE kind = ? AND blind_index = ?")) {
            s.setString(1, kind);
            s.setString(2, blindIndex);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** A new contact row; the sealed fields and the e-mail index may be null. */
    void insert(Connection c, String id, String region, byte[] wrappedKey, SealedProfile profile, Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO contacts (id, region, data_key, name_sealed, "
                + "email_sealed, email_index, locale, time_zone, created_at, updated_at, phone_sealed) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, id);
            s.setString(2, region);
            s.setBytes(3, wrappedKey);
            bytesOrNull(s, 4, profile.nameSealed());
            bytesOrNull(s, 5, profile.emailSealed());
            stringOrNull(s, 6, profile.emailIndex());
            stringOrNull(s, 7, profile.locale());
            stringOrNull(s, 8, profile.timeZone());
            s.setTimestamp(9, Times.timestamp(now), Times.utc());
            s.setTimestamp(10, Times.timestamp(now), Times.utc());
            bytesOrNull(s, 11, profile.phoneSealed());
            s.executeUpdate();
        }
    }

    /**
     * Records the identity for the contact unless it already belongs to someone: an address typed into the widget
     * never takes over another contact's identity (an agent merges the two when they are one customer).
     */
    void claimIdentity(Connection c, String kind, String blindIndex, String contactId, Instant now)
            throws SQLException {
        if (byIdentity(c, kind, blindIndex).isEmpty()) {
            insertIdentity(c, kind, blindIndex, contactId, now);
        }
    }

    /** Records that {@code blindIndex} of {@code kind} identifies the contact. */
    void insertIdentity(Connection c, String kind, String blindIndex, String contactId, Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO contact_identities (kind, blind_index, contact_id, created_at) VALUES (?, ?, ?, ?)")) {
            s.setString(1, kind);
            s.setString(2, blindIndex);
            s.setString(3, contactId);
            s.setTimestamp(4, Times.timestamp(now), Times.utc());
            s.executeUpdate();
        }
    }

    /**
     * Overwrites the fields the profile gives (non-null) and keeps the others; a contact whose processing is
     * restricted keeps everything (false).
     */
    boolean update(Connection c, String id, SealedProfile profile, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE contacts SET "
                + "name_sealed = COALESCE(?, name_sealed), email_sealed = COALESCE(?, email_sealed), "
                + "email_index = COALESCE(?, email_index), locale = COALESCE(?, locale), "
                + "time_zone = COALESCE(?, time_zone), phone_sealed = COALESCE(?, phone_sealed), updated_at = ? "
                + "WHERE id = ? AND restricted_at IS NULL")) {
            bytesOrNull(s, 1, profile.nameSealed());
            bytesOrNull(s, 2, profile.emailSealed());
            stringOrNull(s, 3, profile.emailIndex());
            stringOrNull(s, 4, profile.locale());
            stringOrNull(s, 5, profile.timeZone());
            bytesOrNull(s, 6, profile.phoneSealed());
            s.setTimestamp(7, Times.timestamp(now), Times.utc());
            s.setString(8, id);
            return s.executeUpdate() > 0;
        }
    }

    /**
     * Records the browser's languages (comma-separated, most preferred first) and, when the contact has no country
     * yet, the given one. Null values keep what is stored, and so does a contact whose processing is restricted.
     */
    void updateContext(Connection c, String id, String browserLanguages, String country, Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE contacts SET "
                + "browser_languages = COALESCE(?, browser_languages), country = COALESCE(country, ?), updated_at = ? "
                + "WHERE id = ? AND restricted_at IS NULL")) {
            stringOrNull(s, 1, browserLanguages);
            stringOrNull(s, 2, country);
            s.setTimestamp(3, Times.timestamp(now), Times.utc());
            s.setString(4, id);
            s.executeUpdate();
        }
    }

    /** Records the contact's language as detected from what they wrote, unless their processing is restricted. */
    void updateLanguage(Connection c, String id, String language, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE contacts SET language = ?, updated_at = ? WHERE id = ? AND restricted_at IS NULL")) {
            stringOrNull(s, 1, language);
            s.setTimestamp(2, Times.timestamp(now), Times.utc());
            s.setString(3, id);
            s.executeUpdate();
        }
    }

    /**
     * The contact's {@code merged_into}: an empty string for a surviving contact, the surviving contact's id for a
     * merged one; empty when there is no such contact.
     */
    public Optional<String> mergedInto(Connection c, String contactId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT merged_into FROM contacts WHERE id = ?")) {
            s.setString(1, contactId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String into = rs.getString(1);
                return Optional.of(into == null ? "" : into.strip());
            }
        }
    }

    /** Moves every identity of {@code from} to {@code into}; how many moved. */
    public int moveIdentities(Connection c, String from, String into) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE contact_identities SET contact_id = ? WHERE contact_id = ?")) {
            s.setString(1, into);
            s.setString(2, from);
            return s.executeUpdate();
        }
    }

    /** Points {@code from} and every contact merged into it earlier at {@code into} (no chains of merges). */
    public void markMerged(Connection c, String from, String into) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE contacts SET merged_into = ? WHERE id = ? OR merged_into = ?")) {
            s.setString(1, into);
            s.setString(2, from);
            s.setString(3, from);
            s.executeUpdate();
        }
    }

    /**
     * Crypto-shreds the contacts: their wrapped data keys go, so every field sealed under them (in this store, in
     * backups, in logs) can no longer be opened; their sealed fields and every identity that found them (e-mail,
     * phone, visitor token, channel ids) go with them. Times, region, locale and country stay for reports. How many
     * contacts still had a key.
     */
    int shred(Connection c, List<String> contactIds, Instant now) throws SQLException {
        int shredded = 0;
        try (PreparedStatement keys = c.prepareStatement("UPDATE contacts SET data_key = NULL, name_sealed = NULL, "
                + "email_sealed = NULL, email_index = NULL, phone_sealed = NULL, updated_at = ? "
                + "WHERE id = ? AND data_key IS NOT NULL");
                PreparedStatement identities = c.prepareStatement(
                        "DELETE FROM contact_identities WHERE contact_id = ?")) {
            for (String id : contactIds) {
                keys.setTimestamp(1, Times.timestamp(now), Times.utc());
                keys.setString(2, id);
                shredded += keys.executeUpdate();
                identities.setString(1, id);
                identities.executeUpdate();
            }
        }
        return shredded;
    }

    /**
     * Marks every given contact restricted (GDPR article 18) with the ground and who did it, or, with a null
     * {@code ground}, lifts the restriction; how many rows changed.
     */
    int restrict(Connection c, List<String> contactIds, String ground, String by, Instant at) throws SQLException {
        int changed = 0;
        try (PreparedStatement s = c.prepareStatement(ground == null
                ? "UPDATE contacts SET restricted_at = NULL, restricted_by = NULL, restricted_ground = NULL "
                        + "WHERE id = ? AND restricted_at IS NOT NULL"
                : "UPDATE contacts SET restricted_at = ?, restricted_by = ?, restricted_ground = ? "
                        + "WHERE id = ? AND restricted_at IS NULL")) {
            for (String id : contactIds) {
                int i = 1;
                if (ground != null) {
                    s.setTimestamp(i++, Times.timestamp(at), Times.utc());
                    s.setString(i++, by);
                    s.setString(i++, ground);
                }
                s.setString(i, id);
                changed += s.executeUpdate();
            }
        }
        return changed;
    }

    /** The contact's restriction as {ground, by, at}; empty when it is not restricted or unknown. */
    Optional<Object[]> restriction(Connection c, String contactId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT restricted_ground, restricted_by, restricted_at FROM contacts WHERE id = ?")) {
            s.setString(1, contactId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next() || rs.getTimestamp(3, Times.utc()) == null) {
                    return Optional.empty();
                }
                return Optional.of(new Object[] {rs.getString(1), rs.getString(2),
                        Times.instant(rs.getTimestamp(3, Times.utc()))});
            }
        }
    }

    /**
     * The contacts of the customer this contact belongs to: the surviving one first, then those merged into it; just
     * the contact when it is unknown.
     */
    public List<String> customerOf(Connection c, String contactId) throws SQLException {
        String into = mergedInto(c, contactId).orElse("");
        return ConversationRecords.contactAndMerged(c, into.isEmpty() ? contactId : into);
    }

    /** Whether the contact's processing is restricted (false for an unknown contact). */
    public boolean restricted(Connection c, String contactId) throws SQLException {
        return restriction(c, contactId).isPresent();
    }

    /** Every restricted contact. */
    List<String> restrictedIds(Connection c) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM contacts WHERE restricted_at IS NOT NULL");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    /** A contact's wrapped data key as stored (null once erased). */
    record WrappedKey(String contactId, byte[] wrapped) {
    }

    /** A contact's wrapped data key, and the same key wrapped under the new master key. */
    record KeyChange(String contactId, byte[] old, byte[] next) {
    }

    /**
     * Up to {@code limit} contacts after {@code afterId} in id order with their wrapped data keys (null for an erased
     * contact), for a master key rotation.
     */
    List<WrappedKey> wrappedKeysAfter(Connection c, String afterId, int limit) throws SQLException {
        List<WrappedKey> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, data_key FROM contacts WHERE id > ? ORDER BY id "
                + "FETCH FIRST " + limit + " ROWS ONLY")) {
            s.setString(1, afterId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new WrappedKey(rs.getString(1), rs.getBytes(2)));
                }
            }
        }
        return rows;
    }

    /**
     * Replaces each contact's wrapped key where it is still the old one (an erasure meanwhile wins); how many
     * changed. One JDBC batch.
     */
    int replaceWrappedKeys(Connection c, List<KeyChange> changes) throws SQLException {
        if (changes.isEmpty()) {
            return 0;
        }
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE contacts SET data_key = ? WHERE id = ? AND data_key = ?")) {
            for (KeyChange change : changes) {
                s.setBytes(1, change.next());
                s.setString(2, change.contactId());
                s.setBytes(3, change.old());
                s.addBatch();
            }
            int changed = 0;
            for (int n : s.executeBatch()) {
                changed += Math.max(0, n);
            }
            return changed;
        }
    }

    /** Whether the contact's data key was shredded; empty when there is no such contact. */
    public Optional<Boolean> shredded(Connection c, String contactId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT data_key FROM contacts WHERE id = ?")) {
            s.setString(1, contactId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1) == null) : Optional.empty();
            }
        }
    }

    /** The region the contact's data is kept in; empty when there is no such contact. */
    public Optional<String> regionOf(Connection c, String contactId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT region FROM contacts WHERE id = ?")) {
            s.setString(1, contactId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** A visitor profile ready for storage: name and e-mail sealed, e-mail also blind-indexed. */
    /**
     * Contacts not merged into another whose e-mail has this blind index, or (when {@code emailIndex} is null) whose
     * id starts with {@code idPrefix}; at most {@code limit}, with their sealed names and wrapped keys.
     */
    List<FoundContact> find(Connection c, String emailIndex, String idPrefix, int limit) throws SQLException {
        String where = emailIndex != null ? "email_index = ?" : "id LIKE ?";
        try (PreparedStatement s = c.prepareStatement("SELECT id, name_sealed, data_key FROM contacts WHERE "
                + where + " AND merged_into IS NULL ORDER BY id FETCH FIRST ? ROWS ONLY")) {
            s.setString(1, emailIndex != null ? emailIndex : idPrefix + "%");
            s.setInt(2, limit);
            List<FoundContact> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new FoundContact(rs.getString(1), rs.getBytes(2), rs.getBytes(3)));
                }
            }
            return out;
        }
    }

    /**
     * Contacts not merged into another that hold an identity of {@code kind} with this blind index (a phone number a
     * messaging channel recorded); at most {@code limit}, with their sealed names and wrapped keys.
     */
    List<FoundContact> findByIdentity(Connection c, String kind, String blindIndex, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT ct.id, ct.name_sealed, ct.data_key "
                + "FROM contact_identities ci JOIN contacts ct ON ct.id = ci.contact_id "
                + "WHERE ci.kind = ? AND ci.blind_index = ? AND ct.merged_into IS NULL ORDER BY ct.id "
                + "FETCH FIRST ? ROWS ONLY")) {
            s.setString(1, kind);
            s.setString(2, blindIndex);
            s.setInt(3, limit);
            List<FoundContact> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new FoundContact(rs.getString(1), rs.getBytes(2), rs.getBytes(3)));
                }
            }
            return out;
        }
    }

    /** A contact a search found, still sealed. */
    record FoundContact(String id, byte[] nameSealed, byte[] dataKey) {
    }

    /** The contact's sealed e-mail address, phone number and data key; empty for an unknown contact. */
    Optional<byte[][]> sealedDetails(Connection c, String contactId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT email_sealed, phone_sealed, data_key FROM contacts "
                + "WHERE id = ?")) {
            s.setString(1, contactId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new byte[][] {rs.getBytes(1), rs.getBytes(2), rs.getBytes(3)})
                        : Optional.empty();
            }
        }
    }

    /** Every column of the contact, sealed fields still sealed; empty when there is no such contact. */
    Optional<Object[]> whole(Connection c, String contactId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT name_sealed, email_sealed, phone_sealed, data_key, "
                + "locale, time_zone, country, region, created_at FROM contacts WHERE id = ?")) {
            s.setString(1, contactId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Object[] {rs.getBytes(1), rs.getBytes(2), rs.getBytes(3),
                        rs.getBytes(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        Times.instant(rs.getTimestamp(9, Times.utc()))}) : Optional.empty();
            }
        }
    }

    /** A contact's fields sealed for storage; {@code phoneSealed} null keeps what is stored. */
    record SealedProfile(byte[] nameSealed, byte[] emailSealed, String emailIndex, String locale, String timeZone,
            byte[] phoneSealed) {

        SealedProfile(byte[] nameSealed, byte[] emailSealed, String emailIndex, String locale, String timeZone) {
            this(nameSealed, emailSealed, emailIndex, locale, timeZone, null);
        }
    }

    private static void bytesOrNull(PreparedStatement s, int index, byte[] value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.VARBINARY);
        } else {
            s.setBytes(index, value);
        }
    }

    private static void stringOrNull(PreparedStatement s, int index, String value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setString(index, value);
        }
    }
}
