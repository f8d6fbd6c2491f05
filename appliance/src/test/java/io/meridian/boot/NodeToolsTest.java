package io.meridian.boot;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.config.MeridianConfig;
import io.meridian.testing.NodeProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code bin/meridian backup}, {@code audit verify}, {@code rotate-master-key} and {@code restore} run, against a node in its own process:
 * the first two reach it through its local JMX; a restore is refused while it runs and done once it stopped.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class NodeToolsTest {

    @TempDir
    Path dir;

    /**
     * What {@code bin/meridian keystore-password NEWFILE} runs: with a generated password file, the file gets the new
     * password with the key store; with the password given by the environment, the answer says where to give it.
     */
    @Test
    void theKeyStoreGetsANewPassword() throws Exception {
        Path data = dir.resolve("data");
        MeridianConfig config = MeridianConfig.load(dir, null, Map.of("MERIDIAN_DATA_DIR", data.toString()),
                new Properties());
        char[] generated = KeyStorePassword.resolve(config, data, Map.of());
        byte[] master = io.meridian.crypto.KeyVault.openOrCreate(data.resolve("keys/node.bcfks"), generated)
                .masterKey().getEncoded();
        Path next = Files.writeString(dir.resolve("new-password"), "correct horse battery staple 42\n");
        String answer = NodeTools.changeKeyStorePassword(config, next, Map.of());
        assertTrue(answer.contains("also written to"), answer);
        assertTrue(Files.readString(data.resolve("keys/keystore.password")).startsWith("correct horse battery"));
        org.junit.jupiter.api.Assertions.assertArrayEquals(master, io.meridian.crypto.KeyVault.openOrCreate(
                data.resolve("keys/node.bcfks"), KeyStorePassword.resolve(config, data, Map.of())).masterKey()
                .getEncoded(), "the same keys under the new password");

        Path again = Files.writeString(dir.resolve("newer-password"), "an even newer password, 16+\n");
        Map<String, String> env = Map.of(KeyStorePassword.ENV, "correct horse battery staple 42");
        String told = NodeTools.changeKeyStorePassword(config, again, env);
        assertTrue(told.contains("Before the node's next start") && told.contains(KeyStorePassword.ENV), told);
        Path third = Files.writeString(dir.resolve("third-password"), "yet another password, 16+\n");
        IllegalStateException wrong = assertThrows(IllegalStateException.class, () -> NodeTools
                .changeKeyStorePassword(config, third, env), "the old password no longer opens the store");
        assertTrue(wrong.getMessage().contains("wrong key store password"), wrong.getMessage());
    }

    @Test
    void backupAndVerifyReachTheRunningNodeAndRestoreWaitsForItsStop() throws Exception {
        Path archive;
        MeridianConfig config = MeridianConfig.load(dir, null, Map.of("MERIDIAN_DATA_DIR",
                dir.resolve("data").toString()), new Properties());
        try (NodeProcess node = NodeProcess.start(dir, "512m", Map.of())) {
            node.awaitServing(Duration.ofMinutes(2));
            String pid = Long.toString(node.pid());
            // What bin/meridian rotate-master-key runs: the node in its own process re-wraps and answers; the
            // backup after it restores below with the new key.
            String rotated = NodeTools.invoke(pid, "MasterKey", "rotate");
            assertTrue(rotated.startsWith("The master key was rotated"), rotated);
            archive = Path.of(NodeTools.invoke(pid, "Backups", "backup"));
            assertTrue(Files.size(archive) > 100_000, archive + " holds the database");
            assertTrue(archive.startsWith(dir.resolve("backups")), "backup.dir's default: " + archive);
            String verified = NodeTools.invoke(pid, "AuditTrail", "verify");
            assertTrue(verified.startsWith("intact: "), verified);

            IOException running = assertThrows(IOException.class, () -> NodeTools.restore(config, archive, Map.of()));
            assertTrue(running.getMessage().contains("stop the node first"), running.getMessage());
        }
        IllegalStateException gone = assertThrows(IllegalStateException.class,
                () -> NodeTools.invoke("999999999", "Backups", "backup"));
        assertTrue(gone.getMessage().contains("cannot reach the node"), gone.getMessage());

        String restored = NodeTools.restore(config, archive, Map.of());
        assertTrue(restored.contains("Restored " + archive), restored);
        assertTrue(Files.isDirectory(dir.resolve("data/db/seg0")));
        assertFalse(Files.exists(dir.resolve("data/db.restoring")));
        try (var kept = Files.list(dir.resolve("data"))) {
            assertTrue(kept.anyMatch(p -> p.getFileName().toString().startsWith("db.before-restore-")), "kept");
        }
        IOException missing = assertThrows(IOException.class, () -> NodeTools.restore(config,
                dir.resolve("no-such.backup"), Map.of()));
        assertTrue(missing.getMessage().contains("No backup archive"), missing.getMessage());
    }
}
