package io.meridian.boot;

import io.meridian.config.ConfigException;
import io.meridian.config.ConfigKeys;
import io.meridian.config.MeridianConfig;
import io.meridian.crypto.SelfSignedCertificate;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.KeyStoreOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the server's certificate: the admin's PEM or PKCS#12 if configured, else a self-signed one kept in the data directory. */
final class TlsSetup {

    private static final Logger LOG = LoggerFactory.getLogger(TlsSetup.class);

    private TlsSetup() {
    }

    /** Adds TLS to {@code options} when enabled. Blocking (may generate a key pair): call on a worker. */
    static void apply(MeridianConfig config, Path dataDir, HttpServerOptions options) throws IOException {
        if (!config.bool(ConfigKeys.TLS_ENABLED)) {
            LOG.warn("TLS is off (tls.enabled=false): serve this node only behind a TLS-terminating proxy or on loopback");
            return;
        }
        options.setSsl(true);
        if (!config.string(ConfigKeys.TLS_PKCS12_FILE).isEmpty()) {
            String password = config.string(ConfigKeys.TLS_PKCS12_PASSWORD_FILE).isEmpty() ? ""
                    : firstLine(config.path(ConfigKeys.TLS_PKCS12_PASSWORD_FILE), ConfigKeys.TLS_PKCS12_PASSWORD_FILE.name());
            options.setKeyCertOptions(new KeyStoreOptions().setType("PKCS12")
                    .setPath(config.path(ConfigKeys.TLS_PKCS12_FILE).toString())
                    .setPassword(password));
            LOG.info("TLS certificate from PKCS#12 file {}", config.path(ConfigKeys.TLS_PKCS12_FILE));
            return;
        }
        if (!config.string(ConfigKeys.TLS_CERT_FILE).isEmpty()) {
            options.setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(config.path(ConfigKeys.TLS_CERT_FILE).toString())
                    .setKeyPath(config.path(ConfigKeys.TLS_KEY_FILE).toString()));
            LOG.info("TLS certificate from PEM file {}", config.path(ConfigKeys.TLS_CERT_FILE));
            return;
        }
        Path cert = dataDir.resolve("tls/server.crt");
        Path key = dataDir.resolve("tls/server.key");
        if (!Files.exists(cert) || !Files.exists(key)) {
            String host = InetAddress.getLocalHost().getHostName();
            List<String> dns = new ArrayList<>(List.of("localhost"));
            if (!host.equals("localhost")) {
                dns.add(host);
            }
            SelfSignedCertificate.generate(cert, key, host, dns, List.of("127.0.0.1", "::1"));
            LOG.info("Generated a self-signed TLS certificate at {}; replace it with your own (docs/admin-guide.md)", cert);
        }
        options.setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert.toString()).setKeyPath(key.toString()));
    }

    static String firstLine(Path file, String key) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw new ConfigException("key '" + key + "': cannot read " + file + ": " + e.getMessage());
        }
    }
}
