package io.meridian.crypto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Objects;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The node's key store: a Bouncy Castle BCFKS file (FIPS-style key store with an authenticated, password-based
 * encryption of every entry) holding the four node keys. They are created once, at first start, and only read
 * afterwards:
 * <ul>
 *   <li>the <b>storage key</b>: 256 random bits handed to Derby as its database encryption key;</li>
 *   <li>the <b>master key</b>: AES-256, wraps each contact's data key ({@link DataKeys}); while it is rotated, the one
 *   it replaces is kept beside it until every data key was re-wrapped ({@link #beginMasterRotation});</li>
 *   <li>the <b>blind-index key</b>: HMAC-SHA256, makes searchable fingerprints of e-mails and tokens ({@link BlindIndex});</li>
 *   <li>the <b>search key</b>: HMAC-SHA256, makes the keyed fingerprints of words the search index holds instead of
 *   the words.</li>
 * </ul>
 * Opening is blocking (file I/O and the key store's password derivation): call it from a worker thread.
 */
public final class KeyVault {

    static final String STORAGE_KEY = "derby-storage-key";
    static final String MASTER_KEY = "master-key";
    static final String PREVIOUS_MASTER_KEY = "master-key-previous";
    static final String BLIND_INDEX_KEY = "blind-index-key";
    static final String SEARCH_KEY = "search-key";
    private static final String TYPE = "BCFKS";

    private final byte[] storageKey;
    private final SecretKey masterKey;
    private final SecretKey previousMasterKey;
    private final SecretKey blindIndexKey;
    private final SecretKey searchKey;

    private KeyVault(byte[] storageKey, SecretKey masterKey, SecretKey previousMasterKey, SecretKey blindIndexKey,
            SecretKey searchKey) {
        this.storageKey = storageKey;
        this.masterKey = masterKey;
        this.previousMasterKey = previousMasterKey;
        this.blindIndexKey = blindIndexKey;
        this.searchKey = searchKey;
    }

    /**
     * Opens the key store at {@code file}, creating it (and its directory) with fresh keys if it does not exist.
     * A key store from an older version that lacks a key gets that key added. The file is owner-only (0600) on POSIX.
     *
     * @throws IllegalStateException naming the file when the password is wrong or the file is damaged or unreadable
     */
    public static KeyVault openOrCreate(Path file, char[] password) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(password, "password");
        if (password.length == 0) {
            throw new IllegalArgumentException("The key store password must not be empty");
        }
        KeyStore store = load(file, password);
        try {
            KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(password);
            boolean added = addIfMissing(store, STORAGE_KEY, "AES", protection)
                    | addIfMissing(store, MASTER_KEY, "AES", protection)
                    | addIfMissing(store, BLIND_INDEX_KEY, "HmacSHA256", protection)
                    | addIfMissing(store, SEARCH_KEY, "HmacSHA256", protection);
            if (added) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                store.store(out, password);
                KeyFiles.writeSecret(file, out.toByteArray());
            } else {
                KeyFiles.restrict(file);
            }
            return new KeyVault(
                    secret(store, STORAGE_KEY, protection).getEncoded(),
                    new SecretKeySpec(secret(store, MASTER_KEY, protection).getEncoded(), "AES"),
                    store.containsAlias(PREVIOUS_MASTER_KEY) ? new SecretKeySpec(secret(store, PREVIOUS_MASTER_KEY,
                            protection).getEncoded(), "AES") : null,
                    new SecretKeySpec(secret(store, BLIND_INDEX_KEY, protection).getEncoded(), "HmacSHA256"),
                    new SecretKeySpec(secret(store, SEARCH_KEY, protection).getEncoded(), "HmacSHA256"));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot use the key store " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Gives the key store at {@code file} a new password, keeping every key as it is (nothing sealed or encrypted
     * under them changes, backups included). The new file is written beside the old and moved over it in one step,
     * then read back with the new password; a wrong current password changes nothing. A running node is not affected:
     * it read its keys at start, and needs the new password at its next start.
     *
     * @throws IllegalArgumentException for a new password shorter than 16 characters or equal to the current one
     * @throws IllegalStateException naming the file when the current password is wrong or the file cannot be written
     */
    public static void changePassword(Path file, char[] current, char[] next) {
        if (next.length < 16) {
            throw new IllegalArgumentException("The new key store password must have at least 16 characters");
        }
        if (java.util.Arrays.equals(current, next)) {
            throw new IllegalArgumentException("The new key store password is the current one");
        }
        if (!Files.exists(file)) {
            throw new IllegalStateException("No key store at " + file);
        }
        KeyStore store = load(file, current);
        try {
            KeyStore.PasswordProtection was = new KeyStore.PasswordProtection(current);
            KeyStore.PasswordProtection now = new KeyStore.PasswordProtection(next);
            for (String alias : java.util.Collections.list(store.aliases())) {
                store.setEntry(alias, store.getEntry(alias, was), now);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, next);
            KeyFiles.writeSecret(file, out.toByteArray());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot write the key store " + file + ": " + e.getMessage(), e);
        }
        load(file, next);
    }

    /**
     * Begins a rotation of the master key: a fresh one becomes the master key and the current one is kept as the
     * previous, in one replacement of the file. Returns the new key.
     *
     * @throws IllegalStateException when a rotation is running already (a previous key is kept), or naming the file
     *         when the password is wrong or the file cannot be written
     */
    public static SecretKey beginMasterRotation(Path file, char[] password) {
        KeyStore store = load(file, password);
        try {
            if (store.containsAlias(PREVIOUS_MASTER_KEY)) {
                throw new IllegalStateException("A master key rotation is running already: let it finish");
            }
            KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(password);
            store.setEntry(PREVIOUS_MASTER_KEY, store.getEntry(MASTER_KEY, protection), protection);
            SecretKey next = new SecretKeySpec(Crypto.randomBytes(32), "AES");
            store.setEntry(MASTER_KEY, new KeyStore.SecretKeyEntry(next), protection);
            write(file, store, password);
            return next;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot write the key store " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Ends a rotation: the previous master key is deleted from the file, so nothing wrapped under it — in this store
     * or in any backup — opens any more. Nothing happens when no rotation runs.
     */
    public static void finishMasterRotation(Path file, char[] password) {
        KeyStore store = load(file, password);
        try {
            if (store.containsAlias(PREVIOUS_MASTER_KEY)) {
                store.deleteEntry(PREVIOUS_MASTER_KEY);
                write(file, store, password);
            }
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot write the key store " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, KeyStore store, char[] password) throws GeneralSecurityException,
            IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, password);
        KeyFiles.writeSecret(file, out.toByteArray());
    }

    /** The master key a rotation that is not finished replaces, if one runs. */
    public java.util.Optional<SecretKey> previousMasterKey() {
        return java.util.Optional.ofNullable(previousMasterKey);
    }

    /** The 256-bit Derby database encryption key (a copy: the caller may wipe it). */
    public byte[] storageKey() {
        return storageKey.clone();
    }

    /** The AES-256 key that wraps every contact's data key. */
    public SecretKey masterKey() {
        return masterKey;
    }

    /** The HMAC-SHA256 key of the blind indexes. */
    public SecretKey blindIndexKey() {
        return blindIndexKey;
    }

    /** The HMAC-SHA256 key of the search index's word fingerprints. */
    public SecretKey searchKey() {
        return searchKey;
    }

    private static KeyStore load(Path file, char[] password) {
        KeyStore store;
        try {
            store = KeyStore.getInstance(TYPE, Crypto.provider());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The " + TYPE + " key store type is not available", e);
        }
        try (InputStream in = Files.exists(file) ? Files.newInputStream(file) : null) {
            store.load(in, password);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            // BCFKS checks a MAC over the whole file first: a wrong password and a damaged file look the same.
            throw new IllegalStateException("Cannot open the key store " + file
                    + ": wrong key store password, or the file is damaged or not a BCFKS key store", e);
        }
    }

    private static boolean addIfMissing(KeyStore store, String alias, String algorithm,
            KeyStore.PasswordProtection protection) throws GeneralSecurityException {
        if (store.containsAlias(alias)) {
            return false;
        }
        SecretKey key = new SecretKeySpec(Crypto.randomBytes(32), algorithm);
        store.setEntry(alias, new KeyStore.SecretKeyEntry(key), protection);
        return true;
    }

    private static SecretKey secret(KeyStore store, String alias, KeyStore.PasswordProtection protection)
            throws GeneralSecurityException {
        if (!(store.getEntry(alias, protection) instanceof KeyStore.SecretKeyEntry entry)) {
            throw new GeneralSecurityException("entry '" + alias + "' is not a secret key");
        }
        return entry.getSecretKey();
    }
}
