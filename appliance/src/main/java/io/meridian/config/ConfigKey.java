package io.meridian.config;

import java.util.List;
import java.util.function.Function;

/**
 * One documented configuration key: its dotted name, its type, its default and what it means.
 * The list in {@link ConfigKeys} is the single source for validation, overrides and docs/configuration.md.
 */
public record ConfigKey(String name, Type type, String defaultValue, String help) {

    /** The kinds of value a key may hold, each with its parser and the words used in error messages. */
    public enum Type {
        STRING("a string", v -> v),
        INT("an integer", Integer::valueOf),
        PORT("a port number 0-65535", v -> {
            int port = Integer.parseInt(v);
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("out of range");
            }
            return port;
        }),
        POSITIVE_INT("a positive integer", v -> {
            int n = Integer.parseInt(v);
            if (n <= 0) {
                throw new IllegalArgumentException("not positive");
            }
            return n;
        }),
        BOOLEAN("true or false", v -> {
            if (!v.equals("true") && !v.equals("false")) {
                throw new IllegalArgumentException("not a boolean");
            }
            return Boolean.valueOf(v);
        }),
        PATH("a file or directory path", v -> v),
        LIST("a list of strings (YAML list, or comma-separated in an override)", v -> v.isBlank()
                ? List.of()
                : List.of(v.split("\\s*,\\s*")));

        private final String expected;
        private final Function<String, Object> parser;

        Type(String expected, Function<String, Object> parser) {
            this.expected = expected;
            this.parser = parser;
        }

        /** What a value of this type looks like, for error messages and docs. */
        public String expected() {
            return expected;
        }

        Object parse(String raw) {
            return parser.apply(raw.trim());
        }
    }

    /** The environment variable that overrides this key: {@code http.port} becomes {@code MERIDIAN_HTTP_PORT}. */
    public String environmentVariable() {
        return "MERIDIAN_" + name.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The system property that overrides this key: {@code -Dmeridian.http.port}. */
    public String systemProperty() {
        return "meridian." + name;
    }
}
