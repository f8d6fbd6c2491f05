package io.meridian.conversation;

import io.meridian.crypto.BlindIndex;
import io.meridian.crypto.Crypto;
import io.meridian.crypto.DataKeys;
import io.meridian.store.Store;
import io.meridian.store.StoreTesting;
import io.meridian.store.StoreEngine;
import io.meridian.store.TestStores;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real encrypted store in a temporary directory with fresh in-memory node keys, and conversation services over it
 * whose clock moves one second per reading (so "newest first" never depends on two writes landing in one millisecond).
 */
final class ConversationFixture implements AutoCloseable {

    final Store store;
    private final Vertx vertx;
    private final DataKeys dataKeys = new DataKeys(new SecretKeySpec(Crypto.randomBytes(32), "AES"));
    private final BlindIndex blindIndex = new BlindIndex(new SecretKeySpec(Crypto.randomBytes(32), "HmacSHA256"));

    ConversationFixture(Vertx vertx, Path dataDir) {
        this(vertx, dataDir, TestStores.defaultEngine());
    }

    ConversationFixture(Vertx vertx, Path dataDir, StoreEngine engine) {
        this.vertx = vertx;
        this.store = TestStores.open(vertx, dataDir.resolve("db"), 64, engine);
    }

    /** A new service over the store, its open-conversation count already loaded. */
    ConversationService newService() {
        ConversationService service = new ConversationService(vertx, store, dataKeys, blindIndex, "eu",
                new SteppingClock());
        StoreTesting.await(service.counted());
        return service;
    }

    /** A new visitor's contact id. */
    static String newContact(ConversationService service) {
        return StoreTesting.await(service.identifyVisitor(null, VisitorProfile.empty())).contactId();
    }

    @Override
    public void close() {
        store.close();
    }

    /** A clock that is one second later at every reading. */
    static final class SteppingClock extends Clock {

        private final Instant start = Instant.parse("2030-01-01T00:00:00Z");
        private final AtomicLong readings = new AtomicLong();

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return start.plusSeconds(readings.incrementAndGet());
        }
    }
}
