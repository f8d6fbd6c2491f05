package io.meridian.store;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a node reaches its region's PostgreSQL database ({@code store.postgresql.*}).
 *
 * @param url             JDBC URL, {@code jdbc:postgresql://host:port/database}
 * @param user            the database role the node signs in as
 * @param password        its password (a secret: never logged, left out of {@link #toString()})
 * @param sslMode         {@code verify-full} (the default: TLS, certificate and host name checked), {@code verify-ca},
 *                        {@code require} (TLS, certificate unchecked) or {@code disable}
 * @param sslRootCert     the CA certificate (PEM) the server's certificate is checked against; empty: the driver's
 *                        default, {@code ~/.postgresql/root.crt}
 * @param readConnections how many connections serve reads (the writer has one more of its own)
 */
public record PostgresSettings(String url, String user, String password, String sslMode, Optional<Path> sslRootCert,
        int readConnections) {

    /** The TLS modes the node accepts; the weaker ones of the driver ({@code allow}, {@code prefer}) are refused. */
    public static final Set<String> SSL_MODES = Set.of("verify-full", "verify-ca", "require", "disable");
    static final String URL_PREFIX = "jdbc:postgresql://";

    public PostgresSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(sslRootCert, "sslRootCert");
        if (!url.startsWith(URL_PREFIX)) {
            throw new IllegalArgumentException("the URL must start with " + URL_PREFIX);
        }
        if (!SSL_MODES.contains(sslMode)) {
            throw new IllegalArgumentException("unknown TLS mode '" + sslMode + "': expected one of verify-full, "
                    + "verify-ca, require or disable");
        }
        if (readConnections < 1) {
            throw new IllegalArgumentException("at least one read connection is needed, not " + readConnections);
        }
    }

    /** Host, port and database of the URL, without its parameters (which may carry credentials). */
    public String where() {
        String rest = url.substring(URL_PREFIX.length());
        int query = rest.indexOf('?');
        return "postgresql://" + (query < 0 ? rest : rest.substring(0, query));
    }

    @Override
    public String toString() {
        return "PostgresSettings[" + where() + ", user " + user + ", sslmode " + sslMode + ", "
                + readConnections + " read connections]";
    }
}
