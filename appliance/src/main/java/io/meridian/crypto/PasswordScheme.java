package io.meridian.crypto;

/**
 * How console passwords are turned into stored hashes and checked against them. {@link PasswordHasher} (Argon2id) is
 * the one the appliance uses; the interface lets the accounts capability be tested with a scheme that counts or holds
 * its checks. Every method may take tens of milliseconds of CPU: call them on a worker thread. Implementations are
 * thread-safe.
 */
public interface PasswordScheme {

    /** A storable hash of {@code password}, with a fresh random salt. */
    String hash(char[] password);

    /** Whether {@code password} matches the stored {@code encoded}; a malformed or unsupported value never matches. */
    boolean verify(char[] password, String encoded);

    /** Whether {@code encoded} was made with weaker or other parameters than today's, so it should be re-hashed. */
    boolean needsRehash(String encoded);
}
