package io.meridian.conversation;

import io.meridian.crypto.DataKeys;
import io.meridian.crypto.FieldCipher;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import javax.crypto.SecretKey;

/**
 * Contacts' data keys, unwrapped on demand and kept in an LRU so an active conversation does not read and unwrap its
 * key for every message. Safe to use from the store's writer and reader threads at once.
 */
final class ContactKeys {

    /**
     * Keys kept: more than the contacts a busy node hears from in a few minutes (2,000 visitors writing every few
     * seconds overran the former 1,024, so every message read and unwrapped its key again), at about 250 bytes each.
     */
    static final int CAPACITY = 16_384;

    private final DataKeys dataKeys;
    private final Map<String, SecretKey> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SecretKey> eldest) {
            return size() > CAPACITY;
        }
    };

    /** Contacts erased since start (guarded by {@code cache}); a few ids per erasure. */
    private final Set<String> shredded = new HashSet<>();

    ContactKeys(DataKeys dataKeys) {
        this.dataKeys = dataKeys;
    }

    /** A new data key for a new contact, remembered, with its wrapped form for the contact row. */
    Created create(String contactId) {
        SecretKey key = dataKeys.newKey();
        byte[] wrapped = dataKeys.wrap(key);
        remember(contactId, key);
        return new Created(key, wrapped);
    }

    record Created(SecretKey key, byte[] wrapped) {
    }

    /** A wrapped key re-wrapped under the current master key; null when it is already ({@link DataKeys#rewrap}). */
    byte[] rewrap(byte[] wrapped) {
        return dataKeys.rewrap(wrapped);
    }

    /**
     * The contact's key, given the wrapped form a query already returned with the row; {@link FieldCipher#SHREDDED}
     * once the contact was erased.
     */
    SecretKey of(String contactId, byte[] wrapped) {
        SecretKey cached = cached(contactId);
        if (cached != null) {
            return cached;
        }
        if (wrapped == null) {
            return FieldCipher.SHREDDED;
        }
        SecretKey key = dataKeys.unwrap(wrapped);
        remember(contactId, key);
        return key;
    }

    /** The contact's key, read from the database if it is not cached; {@link NoSuchElementException} if unknown. */
    SecretKey load(Connection c, String contactId) throws SQLException {
        SecretKey cached = cached(contactId);
        if (cached != null) {
            return cached;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT data_key FROM contacts WHERE id = ?")) {
            s.setString(1, contactId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new NoSuchElementException("No contact " + contactId);
                }
                return of(contactId, rs.getBytes(1));
            }
        }
    }

    private SecretKey cached(String contactId) {
        synchronized (cache) {
            return cache.get(contactId);
        }
    }

    private void remember(String contactId, SecretKey key) {
        synchronized (cache) {
            if (!shredded.contains(contactId)) {
                cache.put(contactId, key);
            }
        }
    }

    /**
     * Forgets the keys of erased contacts, for good: a reader that unwrapped one just before the erasure committed
     * cannot put it back.
     */
    void shred(List<String> contactIds) {
        synchronized (cache) {
            shredded.addAll(contactIds);
            contactIds.forEach(cache::remove);
        }
    }
}
