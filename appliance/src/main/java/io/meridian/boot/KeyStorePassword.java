package io.meridian.boot;

import io.meridian.config.ConfigKeys;
import io.meridian.config.MeridianConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node key store's password: from the environment, else from the configured file, else generated once
 * into the data directory. Never from meridian.yaml, so the config file can be shared without the key.
 */
final class KeyStorePassword {

    static final String ENV = "MERIDIAN_KEYSTORE_PASSWORD";
    private static final Logger LOG = LoggerFactory.getLogger(KeyStorePassword.class);

    private KeyStorePassword() {
    }

    /** Blocking: may read or write a file. */
    static char[] resolve(MeridianConfig config, Path dataDir, Map<String, String> env) throws IOException {
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip().toCharArray();
        }
        if (!config.string(ConfigKeys.KEYSTORE_PASSWORD_FILE).isEmpty()) {
            return TlsSetup.firstLine(config.path(ConfigKeys.KEYSTORE_PASSWORD_FILE),
                    ConfigKeys.KEYSTORE_PASSWORD_FILE.name()).toCharArray();
        }
        Path generated = dataDir.resolve("keys/keystore.password");
        if (Files.exists(generated)) {
            return TlsSetup.firstLine(generated, "(generated) " + generated).toCharArray();
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.createDirectories(generated.getParent());
        Files.writeString(generated, password + "\n", StandardCharsets.UTF_8);
        restrict(generated);
        LOG.warn("Generated the key store password into {}. For production keep it off this disk: set {} or "
                + "security.keystore-password-file (docs/admin-guide.md)", generated, ENV);
        return password.toCharArray();
    }

    /** Replaces the generated password file in one step (owner-only), after the key store got that password. */
    static void replaceGenerated(Path generated, char[] password) throws IOException {
        Path temp = generated.resolveSibling(generated.getFileName() + ".new");
        Files.writeString(temp, new String(password) + "\n", StandardCharsets.UTF_8);
        restrict(temp);
        Files.move(temp, generated, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the data directory's ACL is the admin's to set.
        }
    }
}
