package io.meridian.contact;

import io.meridian.conversation.ConversationService;
import io.meridian.crypto.BlindIndex;
import io.meridian.crypto.Crypto;
import io.meridian.crypto.DataKeys;
import io.meridian.store.Store;
import io.meridian.store.StoreTesting;
import io.meridian.store.TestStores;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import javax.crypto.spec.SecretKeySpec;

/** A real encrypted store in a temporary directory, fresh node keys, and the services over it. */
final class ContactStoreFixture implements AutoCloseable {

    final Store store;
    final BlindIndex blindIndex = new BlindIndex(new SecretKeySpec(Crypto.randomBytes(32), "HmacSHA256"));
    final ConversationService conversations;
    final ContactDirectory directory;

    ContactStoreFixture(Vertx vertx, Path dir) {
        store = TestStores.open(vertx, dir.resolve("db"), 64);
        conversations = new ConversationService(vertx, store,
                new DataKeys(new SecretKeySpec(Crypto.randomBytes(32), "AES")), blindIndex, "eu");
        directory = new ContactDirectory(store, conversations, Clock.systemUTC());
    }

    @Override
    public void close() {
        store.close();
    }
}
