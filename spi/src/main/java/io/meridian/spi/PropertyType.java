package io.meridian.spi;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The type of a {@link ConfigProperty}: how the console renders its field and how {@link ConnectorConfig#of}
 * validates its value. Values always travel as strings.
 */
public enum PropertyType {
    /** One line of text. */
    STRING,
    /** Several lines of text (e.g. a signature or a template). */
    TEXT,
    /** A 32-bit signed integer in decimal. */
    INTEGER,
    /** {@code true} or {@code false} (case-insensitive). */
    BOOLEAN,
    /** An absolute {@code http}, {@code https}, {@code ws} or {@code wss} URL with a host. */
    URL,
    /** A DNS host name or an IPv4/IPv6 literal. */
    HOST,
    /** A TCP/UDP port, 1 to 65535. */
    PORT,
    /** An e-mail address ({@code local@domain}). */
    EMAIL,
    /** A password, token or key: rendered masked, stored encrypted, never shown again or logged. */
    SECRET;

    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("\\[?[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[A-Za-z0-9]+)?]?");
    private static final Pattern EMAIL_ADDRESS = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,253}");

    /**
     * Checks a value against this type.
     *
     * @param value the value, never {@code null}
     * @return what is wrong with it (without repeating the value), or empty if it is valid
     */
    public Optional<String> problem(String value) {
        switch (this) {
            case STRING:
                return value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0
                        ? Optional.of("expected a single line of text") : Optional.empty();
            case TEXT:
            case SECRET:
                return Optional.empty();
            case INTEGER:
                try {
                    Integer.parseInt(value.trim());
                    return Optional.empty();
                } catch (NumberFormatException e) {
                    return Optional.of("expected an integer between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE);
                }
            case BOOLEAN:
                String b = value.trim().toLowerCase(Locale.ROOT);
                return b.equals("true") || b.equals("false")
                        ? Optional.empty() : Optional.of("expected true or false");
            case URL:
                return urlProblem(value.trim());
            case HOST:
                return isHost(value.trim()) ? Optional.empty()
                        : Optional.of("expected a host name or an IP address");
            case PORT:
                try {
                    int port = Integer.parseInt(value.trim());
                    return port >= 1 && port <= 65535 ? Optional.empty()
                            : Optional.of("expected a port between 1 and 65535");
                } catch (NumberFormatException e) {
                    return Optional.of("expected a port between 1 and 65535");
                }
            case EMAIL:
                String email = value.trim();
                return EMAIL_ADDRESS.matcher(email).matches() && isHost(email.substring(email.indexOf('@') + 1))
                        ? Optional.empty() : Optional.of("expected an e-mail address such as support@example.com");
            default:
                throw new AssertionError(this);
        }
    }

    /**
     * @param value a candidate host
     * @return whether it is a DNS host name or an IP literal
     */
    public static boolean isHost(String value) {
        return value != null && !value.isEmpty()
                && (IPV4.matcher(value).matches() || HOST_NAME.matcher(value).matches()
                    || (value.indexOf(':') >= 0 && IPV6.matcher(value).matches()));
    }

    private static Optional<String> urlProblem(String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https") || scheme.equals("ws") || scheme.equals("wss"))) {
                return Optional.of("expected an absolute http(s) or ws(s) URL");
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                return Optional.of("expected a URL with a host");
            }
            return Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.of("expected a URL such as https://api.example.com/v1");
        }
    }
}
