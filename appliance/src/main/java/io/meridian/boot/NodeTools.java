package io.meridian.boot;

import io.meridian.backup.BackupRestore;
import io.meridian.config.ConfigKeys;
import io.meridian.config.MeridianConfig;
import io.meridian.crypto.KeyVault;
import io.meridian.store.StoreCopy;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The admin's commands beside {@code run} (docs/backup.md, docs/security.md): {@code backup} and {@code audit verify}
 * ask the running node through its local JMX (attaching to its process, as {@code jcmd} does, so only its own
 * account can), {@code restore} works on a stopped node's data directory.
 */
final class NodeTools {

    private NodeTools() {
    }

    /** Runs the operation of the node's MBean of {@code type} in the node with process id {@code pid}. */
    static String invoke(String pid, String type, String operation) throws Exception {
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(pid);
        } catch (Exception e) {
            throw new IllegalStateException("cannot reach the node (pid " + pid + "): run this as the account that "
                    + "runs the node (" + e.getMessage() + ")", e);
        }
        try {
            String address = vm.startLocalManagementAgent();
            try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
                MBeanServerConnection server = connector.getMBeanServerConnection();
                Set<ObjectName> names = server.queryNames(new ObjectName("io.meridian:type=" + type + ",*"), null);
                if (names.isEmpty()) {
                    throw new IllegalStateException("the node (pid " + pid + ") has no " + type
                            + " MBean yet: is it still starting?");
                }
                return String.valueOf(server.invoke(names.iterator().next(), operation, new Object[0], new String[0]));
            }
        } finally {
            vm.detach();
        }
    }

    /**
     * {@code keystore-password NEWFILE}: the key store gets the password on the first line of {@code newFile}. The
     * current password comes as when the node runs. Where the node reads its password from a file it generated
     * ({@code data/keys/keystore.password}), that file gets the new one too; otherwise the admin gives the new one
     * before the next start, as the answer says.
     */
    static String changeKeyStorePassword(MeridianConfig config, Path newFile, Map<String, String> env)
            throws IOException {
        Path dataDir = config.path(ConfigKeys.DATA_DIR);
        Path keyStore = dataDir.resolve("keys/node.bcfks");
        Path generated = dataDir.resolve("keys/keystore.password");
        boolean fromEnv = env.get(KeyStorePassword.ENV) != null && !env.get(KeyStorePassword.ENV).isBlank();
        boolean fromFile = !config.string(ConfigKeys.KEYSTORE_PASSWORD_FILE).isEmpty();
        if (!fromEnv && !fromFile && !Files.exists(generated)) {
            throw new IOException("No current key store password: give it as when the node runs ("
                    + KeyStorePassword.ENV + " or security.keystore-password-file)");
        }
        char[] current = KeyStorePassword.resolve(config, dataDir, env);
        char[] next = TlsSetup.firstLine(newFile, "the new password file " + newFile).strip().toCharArray();
        KeyVault.changePassword(keyStore, current, next);
        if (!fromEnv && !fromFile) {
            KeyStorePassword.replaceGenerated(generated, next);
            return "The key store " + keyStore + " has its new password, also written to " + generated
                    + " (where the node reads it). Delete " + newFile + ".";
        }
        return "The key store " + keyStore + " has its new password. Before the node's next start, give it the new "
                + "one where it reads it (" + (fromEnv ? KeyStorePassword.ENV : "the file of "
                + "security.keystore-password-file") + "), then delete " + newFile + ".";
    }

    /** {@code restore FILE}: puts the archive back into the stopped node's data directory. */
    static String restore(MeridianConfig config, Path archive, Map<String, String> env) throws IOException {
        Path dataDir = config.path(ConfigKeys.DATA_DIR);
        KeyVault vault = stoppedNodeVault(config, env, "a backup opens only with the key store of the node that made "
                + "it. Put that node's data/keys/ back first (docs/backup.md)");
        BackupRestore.Restored restored = BackupRestore.restore(archive, dataDir, vault.masterKey(),
                vault.storageKey(), Clock.systemUTC());
        return "Restored " + archive + " into " + dataDir.resolve("db")
                + (restored.previousDatabase() == null ? "" : "; the database it replaced is kept as "
                        + restored.previousDatabase() + " (delete it once the node runs as you expect)")
                + ".\nThe search index is rebuilt at the next start, and customers erased after this backup was "
                + "taken are erased again before the node serves.\nBackup: " + restored.description();
    }

    /**
     * {@code store-copy --to postgresql}: copies the stopped node's Derby store into the empty PostgreSQL database of
     * {@code store.postgresql.*}, verifies it table by table, and says how to start the node on it.
     */
    static String storeCopy(MeridianConfig config, Map<String, String> env) throws IOException {
        if (config.string(ConfigKeys.STORE_POSTGRESQL_URL).isBlank()) {
            throw new IOException("Set store.postgresql.url (and the user, password and TLS settings) to the empty "
                    + "database to copy into (docs/cluster.md)");
        }
        Path dataDir = config.path(ConfigKeys.DATA_DIR);
        Path derby = dataDir.resolve("db");
        if (!Files.exists(derby.resolve("service.properties"))) {
            throw new IOException("No Derby store at " + derby + " to copy");
        }
        KeyVault vault = stoppedNodeVault(config, env, "the Derby store opens only with this node's key store");
        StoreCopy.Report report = StoreCopy.toPostgres(derby, vault.storageKey(),
                StoreOpening.postgresSettings(config, env), Clock.systemUTC());
        return report.describe() + "\nEvery table's rows and checksum match. Set store.engine: postgresql and start "
                + "the node with this data directory (its keys/ hold the keys of the copied ciphertexts); "
                + derby + " is left as it was.";
    }

    /** The key vault of the stopped node of {@code config}; fails saying why it cannot be opened. */
    private static KeyVault stoppedNodeVault(MeridianConfig config, Map<String, String> env, String why)
            throws IOException {
        Path dataDir = config.path(ConfigKeys.DATA_DIR);
        Path keyStore = dataDir.resolve("keys/node.bcfks");
        if (!Files.exists(keyStore)) {
            throw new IOException("No key store at " + keyStore + ": " + why);
        }
        boolean passwordGiven = (env.get(KeyStorePassword.ENV) != null && !env.get(KeyStorePassword.ENV).isBlank())
                || !config.string(ConfigKeys.KEYSTORE_PASSWORD_FILE).isEmpty()
                || Files.exists(dataDir.resolve("keys/keystore.password"));
        if (!passwordGiven) {
            throw new IOException("No key store password: give it as when the node runs (" + KeyStorePassword.ENV
                    + " or security.keystore-password-file)");
        }
        return KeyVault.openOrCreate(keyStore, KeyStorePassword.resolve(config, dataDir, env));
    }
}
