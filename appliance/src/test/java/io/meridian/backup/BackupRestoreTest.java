package io.meridian.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.VisitorProfile;
import io.meridian.crypto.KeyVault;
import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.store.TestStores;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.meridian.testing.TestNode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups end to end on a real node: taken through the JMX operation while customers keep writing (every message
 * acknowledged), restored into the stopped node's data directory: what was there at the backup is back, what came
 * later is gone, and a customer erased after the backup stays erased (the proof that crypto-shredding reaches
 * backups). A changed archive or another node's key is refused and changes nothing.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class BackupRestoreTest {

    private static final String PASSWORD = "Backup-test-pw-1";
    private static final String KEPT = "Kept-Okapi-4471";
    private static final String ERASED = "Erased-Narwhal-9013";
    private static final String LATER = "Later-Axolotl-2290";

    @TempDir
    Path dir;

    private static String customerSays(SignedInNode node, String name, String text) {
        var conversations = node.node().node().conversations();
        String contact = Await.result(conversations.identifyVisitor(null,
                new VisitorProfile("en-GB", "Europe/London", name, null)), "visitor").contactId();
        Await.result(node.node().node().hub().visitorSays(contact, UUID.randomUUID().toString(), text), "message");
        return contact;
    }

    @Test
    void aRestoredBackupBringsBackWhatItHeldButNoErasedCustomer() throws Exception {
        String kept;
        String erased;
        String later;
        Path archive;
        try (SignedInNode node = SignedInNode.alone(dir, TestStores.DERBY)) {
            AgentSession admin = node.agent("erin", "Erin", Role.ADMIN, PASSWORD);
            kept = customerSays(node, "Kept Customer", "Order " + KEPT);
            erased = customerSays(node, "Erased Customer", "Order " + ERASED);

            // The backup runs while a customer keeps writing: every message is acknowledged meanwhile.
            String busy = customerSays(node, "Busy Customer", "first");
            ObjectName name = new ObjectName(BackupFacts.objectName("test-" + dir.getFileName()));
            var jmx = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return (String) ManagementFactory.getPlatformMBeanServer().invoke(name, "backup", new Object[0],
                            new String[0]);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                writes.add(node.node().node().hub().visitorSays(busy, UUID.randomUUID().toString(), "meanwhile " + i));
            }
            Await.result(Future.all(writes), "every message during the backup acknowledged");
            archive = Path.of(jmx.get(3, TimeUnit.MINUTES));
            assertTrue(Files.size(archive) > 100_000, "an archive with the database in it: " + Files.size(archive));
            assertTrue(archive.getFileName().toString().endsWith(Backups.SUFFIX), archive.toString());
            assertEquals(archive.toString(), ManagementFactory.getPlatformMBeanServer().getAttribute(name,
                    "LastArchive"));
            assertEquals(List.of(archive.getFileName().toString()), listing(archive.getParent()),
                    "no partial archive or staging copy left beside it");
            assertFalse(Files.exists(dir.resolve("backup-staging")), "the staging copy is gone");
            byte[] raw = Files.readAllBytes(archive);
            for (String marker : List.of(KEPT, ERASED, "Kept Customer", "service.properties", "seg0")) {
                assertFalse(new String(raw, StandardCharsets.ISO_8859_1).contains(marker), "encrypted: " + marker);
            }

            assertEquals(200, admin.postJson("/api/v1/contacts/" + erased + "/erasure", new JsonObject())
                    .statusCode());
            later = customerSays(node, "Later Customer", "Order " + LATER);
        }

        KeyVault vault = KeyVault.openOrCreate(dir.resolve("keys/node.bcfks"), TestNode.KEYSTORE_PASSWORD.toCharArray());
        // A changed byte near the end (the GCM tag), and another node's master key: refused, nothing changes.
        Path damaged = dir.resolve("damaged.backup");
        byte[] bytes = Files.readAllBytes(archive);
        bytes[bytes.length - 20] ^= 1;
        Files.write(damaged, bytes);
        IOException changed = assertThrows(IOException.class, () -> BackupRestore.restore(damaged, dir,
                vault.masterKey(), vault.storageKey(), Clock.systemUTC()));
        assertTrue(changed.getMessage().contains("damaged"), changed.getMessage());
        IOException otherKey = assertThrows(IOException.class, () -> BackupRestore.restore(archive, dir,
                new SecretKeySpec(new byte[32], "AES"), vault.storageKey(), Clock.systemUTC()));
        assertTrue(otherKey.getMessage().contains("master key"), otherKey.getMessage());
        assertFalse(Files.exists(dir.resolve("db.restoring")), "the failed restores left nothing behind");

        BackupRestore.Restored restored = BackupRestore.restore(archive, dir, vault.masterKey(), vault.storageKey(),
                Clock.systemUTC());
        assertNotNull(restored.previousDatabase());
        assertTrue(Files.isDirectory(restored.previousDatabase().resolve("seg0")), "the replaced database is kept");
        assertTrue(new JsonObject(restored.description()).getString("node").startsWith("test-"));

        try (SignedInNode node = SignedInNode.alone(dir, TestStores.DERBY)) {
            AgentSession admin = node.signIn("erin", PASSWORD);
            assertTrue(admin.get("/api/v1/contacts/" + kept).bodyAsString().contains(KEPT), "what the backup held");
            assertEquals(404, admin.get("/api/v1/contacts/" + later).statusCode(), "what came after the backup");
            String erasedHistory = admin.get("/api/v1/contacts/" + erased).bodyAsString();
            assertFalse(erasedHistory.contains(ERASED), erasedHistory);
            assertTrue(Await.result(node.node().node().conversations().contactShredded(erased), "shredded"),
                    "erased again from the ledger before the node served");
            Await.until(() -> searched(admin, KEPT) == 1, "the rebuilt search index finds what the backup held");
            assertEquals(0, searched(admin, ERASED), "but not the erased customer's words");
            assertEquals(0, searched(admin, LATER));
        }
    }

    private static int searched(AgentSession agent, String word) {
        return agent.get("/api/v1/search?q=" + word).bodyAsJsonObject().getJsonArray("conversations").size();
    }

    private static List<String> listing(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
