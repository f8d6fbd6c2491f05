package io.meridian.store;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Ids for rows inserted in their thousands (messages): UUID version 7 (RFC 9562), whose first 48 bits are the
 * creation time in milliseconds and the rest random. As text they sort by time, so each insert goes to the end of the
 * primary-key index instead of a random page of it, which keeps that index's pages in the cache and its splits rare.
 * The time they reveal is the row's creation time, which the row holds anyway; 74 random bits keep them unguessable.
 * Not for ids whose leading characters must differ between rows made in the same minute (the e-mail thread token
 * takes the first eight characters of a conversation id).
 */
public final class TimeOrderedIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TimeOrderedIds() {
    }

    /** A new id, in the canonical 36-character form. */
    public static String next() {
        return of(System.currentTimeMillis(), RANDOM.nextLong(), RANDOM.nextLong()).toString();
    }

    /**
     * An id that sorts before every id made at or after {@code time} and after those made before it: where to start
     * reading rows written since then.
     */
    public static String before(java.time.Instant time) {
        return of(time.toEpochMilli() - 1, 0xFFFL, -1L).toString();
    }

    static UUID of(long millis, long randomA, long randomB) {
        long high = (millis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | (randomA & 0x0FFFL);
        long low = (randomB & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
