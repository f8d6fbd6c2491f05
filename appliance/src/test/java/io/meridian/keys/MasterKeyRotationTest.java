package io.meridian.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.backup.BackupFacts;
import io.meridian.backup.BackupRestore;
import io.meridian.conversation.VisitorProfile;
import io.meridian.crypto.DataKeys;
import io.meridian.crypto.KeyVault;
import io.meridian.store.TestStores;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.meridian.testing.TestNode;
import io.vertx.core.Future;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKey;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A master key rotation on a real node, through its MBean as {@code bin/meridian rotate-master-key} calls it: while
 * customers keep writing, every data key is re-wrapped, the previous key leaves the key store, everything reads as
 * before, and a backup from before the rotation no longer opens; a node stopped halfway finishes it at its next start.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class MasterKeyRotationTest {

    private static final int CUSTOMERS = 1_200;

    @TempDir
    Path dir;

    /**
     * Verifies with 1,200 customers (three batches) that the rotation re-wraps every data key under a new master key
     * while 40 messages are acknowledged meanwhile; that afterwards no stored key opens under the old master key and
     * every one under the new; that customers' names and messages read back, also after a restart; that the key store
     * keeps only the new key; that a backup taken before cannot be restored; and that a second rotation works alike.
     */
    @Test
    void everyDataKeyMovesUnderTheNewMasterKeyWhileTheNodeServes() throws Exception {
        Path keyStore = dir.resolve("keys/node.bcfks");
        List<String> contacts = java.util.Collections.synchronizedList(new ArrayList<>());
        Path oldBackup;
        try (SignedInNode node = SignedInNode.alone(dir, TestStores.DERBY)) {
            var conversations = node.node().node().conversations();
            List<Future<?>> created = new ArrayList<>();
            for (int i = 0; i < CUSTOMERS; i++) {
                created.add(conversations.identifyVisitor(null, new VisitorProfile("en-GB", "Europe/London",
                        "Customer " + i, null)).onSuccess(v -> contacts.add(v.contactId())));
            }
            Await.result(Future.all(created), "the customers");
            String busy = contacts.get(7);
            String busyName = Await.result(conversations.storedContact(busy), "busy").orElseThrow().name();
            Await.result(node.node().node().hub().visitorSays(busy, UUID.randomUUID().toString(), "before"), "one");
            SecretKey before = vault(keyStore).masterKey();
            oldBackup = Path.of((String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName(BackupFacts.objectName(nodeId())), "backup", new Object[0], new String[0]));

            ObjectName name = new ObjectName(MasterKeyFacts.objectName(nodeId()));
            CompletableFuture<String> rotated = CompletableFuture.supplyAsync(() -> invoke(name));
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                writes.add(node.node().node().hub().visitorSays(busy, UUID.randomUUID().toString(), "meanwhile " + i));
            }
            Await.result(Future.all(writes), "every message during the rotation acknowledged");
            String answer = rotated.get(4, TimeUnit.MINUTES);
            assertTrue(answer.contains("of " + CUSTOMERS + " customers"), answer);
            assertEquals(false, ManagementFactory.getPlatformMBeanServer().getAttribute(name, "Rotating"));
            assertEquals("", ManagementFactory.getPlatformMBeanServer().getAttribute(name, "LastFailure"));

            KeyVault after = vault(keyStore);
            assertTrue(after.previousMasterKey().isEmpty(), "the previous master key left the key store");
            assertFalse(Arrays.equals(before.getEncoded(), after.masterKey().getEncoded()));
            assertEveryKeyUnder(node, after.masterKey(), before, CUSTOMERS);
            assertEquals(busyName, Await.result(conversations.storedContact(busy), "busy").orElseThrow().name());
            var threads = Await.result(conversations.conversationsOfContact(busy), "the conversations");
            assertEquals(41, threads.get(0).messageCount(), "every message stored and counted");
            String last = threads.get(0).id();
            List<String> texts = Await.result(conversations.messages(last, 0, 100), "the messages").stream()
                    .map(m -> m.text()).toList();
            for (int i = 0; i < 40; i++) {
                assertTrue(texts.contains("meanwhile " + i), "message " + i + " reads back: " + texts);
            }

            // Once more: the key that replaced the first is replaced in turn.
            SecretKey second = after.masterKey();
            invoke(name);
            assertEveryKeyUnder(node, vault(keyStore).masterKey(), second, CUSTOMERS);
        }
        IOException refused = assertThrows(IOException.class, () -> BackupRestore.restore(oldBackup, dir,
                vault(keyStore).masterKey(), vault(keyStore).storageKey(), Clock.systemUTC()));
        assertTrue(refused.getMessage().contains("master key"), refused.getMessage());

        try (SignedInNode node = SignedInNode.alone(dir, TestStores.DERBY)) {
            for (int i : new int[] {0, 599, CUSTOMERS - 1}) {
                assertTrue(Await.result(node.node().node().conversations().storedContact(contacts.get(i)),
                        "after a restart").orElseThrow().name().startsWith("Customer "));
            }
        }
    }

    /**
     * Verifies that a node stopped after the key store got its new key (the old one kept beside it) opens every
     * customer at its next start and finishes the rotation there: the previous key leaves the key store.
     */
    @Test
    void aNodeStoppedDuringARotationFinishesItAtItsNextStart() {
        Path keyStore = dir.resolve("keys/node.bcfks");
        String contact;
        try (SignedInNode node = SignedInNode.alone(dir, TestStores.DERBY)) {
            contact = Await.result(node.node().node().conversations().identifyVisitor(null, new VisitorProfile(
                    "de-DE", "Europe/Berlin", "Halfway Customer", null)), "a customer").contactId();
        }
        SecretKey old = vault(keyStore).masterKey();
        KeyVault.beginMasterRotation(keyStore, TestNode.KEYSTORE_PASSWORD.toCharArray());
        try (SignedInNode node = SignedInNode.alone(dir, TestStores.DERBY)) {
            assertEquals("Halfway Customer", Await.result(node.node().node().conversations().storedContact(contact),
                    "read during the rotation").orElseThrow().name());
            Await.until(() -> vault(keyStore).previousMasterKey().isEmpty(), Duration.ofSeconds(60),
                    "the rotation finished at start");
            assertEveryKeyUnder(node, vault(keyStore).masterKey(), old, 1);
        }
    }

    /** Every stored contact key (at least {@code expected}) opens under {@code current} and none under {@code old}. */
    private static void assertEveryKeyUnder(SignedInNode node, SecretKey current, SecretKey old, int expected) {
        List<byte[]> wrapped = Await.result(node.node().node().store().read(c -> {
            List<byte[]> all = new ArrayList<>();
            try (var s = c.prepareStatement("SELECT data_key FROM contacts WHERE data_key IS NOT NULL");
                    var rs = s.executeQuery()) {
                while (rs.next()) {
                    all.add(rs.getBytes(1));
                }
            }
            return all;
        }), "the stored keys");
        assertTrue(wrapped.size() >= expected, wrapped.size() + " keys");
        DataKeys now = new DataKeys(current);
        DataKeys then = new DataKeys(old);
        for (byte[] key : wrapped) {
            assertEquals(32, now.unwrap(key).getEncoded().length);
            assertThrows(IllegalStateException.class, () -> then.unwrap(key), "still under the previous key");
        }
    }

    private String nodeId() {
        return "test-" + dir.getFileName();
    }

    private static String invoke(ObjectName name) {
        try {
            return (String) ManagementFactory.getPlatformMBeanServer().invoke(name, "rotate", new Object[0],
                    new String[0]);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyVault vault(Path keyStore) {
        return KeyVault.openOrCreate(keyStore, TestNode.KEYSTORE_PASSWORD.toCharArray());
    }
}
