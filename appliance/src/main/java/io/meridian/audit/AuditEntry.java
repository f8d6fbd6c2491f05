package io.meridian.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One entry of the audit trail: its place ({@code seq}, from 1), when, what the audit log said, the hash of the
 * entry before (64 zeros for the first) and its own: SHA-256 over the previous hash, the place, the time and the text,
 * so changing, removing or reordering any entry breaks every hash after it.
 */
public record AuditEntry(long seq, Instant at, String message, String prevHash, String hash) {

    /** The hash the first entry follows. */
    public static final String GENESIS = "0".repeat(64);

    /** The entry that follows {@code prevHash} at {@code seq}, with its hash. */
    static AuditEntry next(long seq, Instant at, String message, String prevHash) {
        return new AuditEntry(seq, at, message, prevHash, hash(seq, at, message, prevHash));
    }

    /** Whether the stored hash is the one its fields give, after {@code expectedPrev}. */
    boolean follows(String expectedPrev) {
        return prevHash.equals(expectedPrev) && hash.equals(hash(seq, at, message, prevHash));
    }

    static String hash(long seq, Instant at, String message, String prevHash) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((prevHash + "\n" + seq + "\n" + at + "\n" + message).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
