package io.meridian.config;

import static io.meridian.config.ConfigKey.Type.BOOLEAN;
import static io.meridian.config.ConfigKey.Type.LIST;
import static io.meridian.config.ConfigKey.Type.PATH;
import static io.meridian.config.ConfigKey.Type.PORT;
import static io.meridian.config.ConfigKey.Type.POSITIVE_INT;
import static io.meridian.config.ConfigKey.Type.STRING;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every configuration key Meridian knows. A key not listed here is refused at start-up. */
public final class ConfigKeys {

    public static final ConfigKey NODE_ID = new ConfigKey("node.id", STRING, "",
            "Name of this node in logs, JMX and the cluster. Empty: the host name.");
    public static final ConfigKey NODE_REGION = new ConfigKey("node.region", STRING, "default",
            "Legal data region this node serves (e.g. eu, us, apac). New contacts created here get it as home region.");
    public static final ConfigKey DATA_DIR = new ConfigKey("data.dir", PATH, "data",
            "Directory for the database, keys, TLS certificate and the initial admin password. Relative to the install directory.");

    public static final ConfigKey HTTP_HOST = new ConfigKey("http.host", STRING, "0.0.0.0",
            "Address the HTTP(S) server binds to.");
    public static final ConfigKey HTTP_PORT = new ConfigKey("http.port", PORT, "8443",
            "Port of the HTTP(S) server (console, widget, API, health). 0 picks a free port.");
    public static final ConfigKey HTTP_PUBLIC_URL = new ConfigKey("http.public-url", STRING, "",
            "Base URL customers and agents use to reach this node, e.g. https://support.example.com. "
                    + "Empty: derived from host and port. Used in printed links and the widget snippet.");
    public static final ConfigKey HTTP_ALLOWED_ORIGINS = new ConfigKey("http.allowed-origins", LIST, "",
            "Web sites allowed to embed the chat widget (origins such as https://www.example.com). Empty: any site.");

    public static final ConfigKey TLS_ENABLED = new ConfigKey("tls.enabled", BOOLEAN, "true",
            "Serve HTTPS. Turn off only behind a TLS-terminating proxy or on a loopback-only test node.");
    public static final ConfigKey TLS_CERT_FILE = new ConfigKey("tls.cert-file", PATH, "",
            "PEM certificate chain to serve. Empty (and no PKCS#12): a self-signed certificate is generated in <data.dir>/tls.");
    public static final ConfigKey TLS_KEY_FILE = new ConfigKey("tls.key-file", PATH, "",
            "PEM private key (PKCS#8) matching tls.cert-file.");
    public static final ConfigKey TLS_PKCS12_FILE = new ConfigKey("tls.pkcs12-file", PATH, "",
            "PKCS#12 key store holding the certificate and key, instead of the two PEM files.");
    public static final ConfigKey TLS_PKCS12_PASSWORD_FILE = new ConfigKey("tls.pkcs12-password-file", PATH, "",
            "File whose first line is the password of tls.pkcs12-file.");

    public static final ConfigKey KEYSTORE_PASSWORD_FILE = new ConfigKey("security.keystore-password-file", PATH, "",
            "File whose first line is the password of the node key store (<data.dir>/keys/node.bcfks). "
                    + "The environment variable MERIDIAN_KEYSTORE_PASSWORD takes precedence. Neither set: generated at first "
                    + "start into <data.dir>/keys/keystore.password.");
    public static final ConfigKey LOGIN_MAX_FAILURES = new ConfigKey("security.login.max-failures", POSITIVE_INT, "5",
            "Failed logins in a row after which an account is locked.");
    public static final ConfigKey LOGIN_LOCKOUT_MINUTES = new ConfigKey("security.login.lockout-minutes", POSITIVE_INT, "15",
            "How long a locked account stays locked.");
    public static final ConfigKey SESSION_TIMEOUT_MINUTES = new ConfigKey("security.session.timeout-minutes", POSITIVE_INT, "480",
            "Idle time after which a console session expires.");

    public static final ConfigKey STORE_GROUP_COMMIT_MAX_BATCH = new ConfigKey("store.group-commit.max-batch", POSITIVE_INT, "256",
            "Most writes committed together in one transaction (one disk sync).");

    public static final ConfigKey WIDGET_MAX_FRAME_BYTES = new ConfigKey("widget.max-frame-bytes", POSITIVE_INT, "65536",
            "Largest WebSocket frame accepted from a visitor; larger frames get an error frame.");
    public static final ConfigKey WIDGET_RATE_LIMIT_PER_MINUTE = new ConfigKey("widget.rate-limit.messages-per-minute", POSITIVE_INT, "60",
            "Frames a visitor connection may send per minute; past twice this the connection is closed (1008).");

    /** All keys, in the order docs/configuration.md lists them. */
    public static final List<ConfigKey> ALL = List.of(
            NODE_ID, NODE_REGION, DATA_DIR,
            HTTP_HOST, HTTP_PORT, HTTP_PUBLIC_URL, HTTP_ALLOWED_ORIGINS,
            TLS_ENABLED, TLS_CERT_FILE, TLS_KEY_FILE, TLS_PKCS12_FILE, TLS_PKCS12_PASSWORD_FILE,
            KEYSTORE_PASSWORD_FILE, LOGIN_MAX_FAILURES, LOGIN_LOCKOUT_MINUTES, SESSION_TIMEOUT_MINUTES,
            STORE_GROUP_COMMIT_MAX_BATCH,
            WIDGET_MAX_FRAME_BYTES, WIDGET_RATE_LIMIT_PER_MINUTE);

    private static final Map<String, ConfigKey> BY_NAME = new LinkedHashMap<>();

    static {
        ALL.forEach(k -> BY_NAME.put(k.name(), k));
    }

    private ConfigKeys() {
    }

    public static Optional<ConfigKey> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
