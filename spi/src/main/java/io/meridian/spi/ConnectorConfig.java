package io.meridian.spi;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * The validated configuration of one connector instance: a read-only, typed view of the values the admin entered,
 * with defaults applied.
 *
 * <p>The appliance builds it with {@link #of(ConnectorDescriptor, Map)} before calling {@code create}, so a
 * connector receives only values that fit its descriptor. Plugin tests build it the same way.
 *
 * <p>Rules applied by {@code of}: a missing or blank value takes the property's default; a required property without
 * value is refused; each value must fit its {@link PropertyType}; a key the descriptor does not declare is refused
 * (it is usually a typo). Non-secret values are trimmed, except {@link PropertyType#TEXT}. Every problem is reported
 * at once in the {@link InvalidConfigException}.
 *
 * <p>Secrets are only readable through {@link #secret(String)}, which returns a fresh {@code char[]} the caller may
 * wipe; {@link #string(String)} refuses them and {@link #toString()} masks them, so they do not end up in logs.
 *
 * <p>Immutable and thread-safe.
 */
public final class ConnectorConfig {

    private final ConnectorDescriptor descriptor;
    private final Map<String, String> values;
    private final Map<String, char[]> secrets;

    private ConnectorConfig(ConnectorDescriptor descriptor, Map<String, String> values, Map<String, char[]> secrets) {
        this.descriptor = descriptor;
        this.values = values;
        this.secrets = secrets;
    }

    /**
     * Validates values against a descriptor.
     *
     * @param descriptor the connector's descriptor
     * @param values property name to value as the admin entered it; absent or blank means "not set"
     * @return the configuration
     * @throws InvalidConfigException naming every property that is missing, malformed or undeclared
     */
    public static ConnectorConfig of(ConnectorDescriptor descriptor, Map<String, String> values)
            throws InvalidConfigException {
        return of(descriptor, values, false);
    }

    /**
     * Like {@link #of(ConnectorDescriptor, Map)}, but ignores keys the descriptor does not declare. For stored
     * configurations written for an older version of the plugin, which may have dropped a property.
     *
     * @param descriptor the connector's descriptor
     * @param values property name to value
     * @return the configuration
     * @throws InvalidConfigException naming every property that is missing or malformed
     */
    public static ConnectorConfig ofIgnoringUnknown(ConnectorDescriptor descriptor, Map<String, String> values)
            throws InvalidConfigException {
        return of(descriptor, values, true);
    }

    private static ConnectorConfig of(ConnectorDescriptor descriptor, Map<String, String> values,
                                      boolean ignoreUnknown) throws InvalidConfigException {
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(values, "values");
        Map<String, String> problems = new LinkedHashMap<>();
        Map<String, String> resolved = new LinkedHashMap<>();
        Map<String, char[]> secrets = new LinkedHashMap<>();
        for (ConfigProperty p : descriptor.properties()) {
            String raw = values.get(p.name());
            String value = raw == null || raw.isBlank() ? p.defaultValue()
                    : p.secret() || p.type() == PropertyType.TEXT ? raw : raw.trim();
            if (value == null) {
                if (p.required()) {
                    problems.put(p.name(), "is required (" + p.label() + ")");
                }
                continue;
            }
            Optional<String> problem = p.type().problem(value);
            if (problem.isPresent()) {
                problems.put(p.name(), problem.get() + (p.secret() ? "" : ", got '" + value + "'"));
            } else if (p.secret()) {
                secrets.put(p.name(), value.toCharArray());
            } else {
                resolved.put(p.name(), value);
            }
        }
        if (!ignoreUnknown) {
            for (String key : values.keySet()) {
                if (key == null || descriptor.property(key).isEmpty()) {
                    problems.put(String.valueOf(key), "is not a property of '" + descriptor.id() + "'; expected one of "
                            + descriptor.properties().stream().map(ConfigProperty::name).toList());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return new ConnectorConfig(descriptor, Collections.unmodifiableMap(resolved), secrets);
    }

    /** @return the descriptor this configuration was validated against */
    public ConnectorDescriptor descriptor() {
        return descriptor;
    }

    /**
     * @param name a declared property
     * @return whether it has a value (given or default)
     */
    public boolean has(String name) {
        declared(name);
        return values.containsKey(name) || secrets.containsKey(name);
    }

    /**
     * @param name a declared, non-secret property that has a value
     * @return its value
     * @throws IllegalArgumentException if the property is not declared or is a secret
     * @throws NoSuchElementException if it has no value (an optional property left empty)
     */
    public String string(String name) {
        return optional(name).orElseThrow(() -> new NoSuchElementException("property '" + name + "' of '"
                + descriptor.id() + "' has no value; declare it required, give it a default or use optional()"));
    }

    /**
     * @param name a declared, non-secret property
     * @return its value, or empty if it has none
     * @throws IllegalArgumentException if the property is not declared or is a secret
     */
    public Optional<String> optional(String name) {
        ConfigProperty p = declared(name);
        if (p.secret()) {
            throw new IllegalArgumentException("property '" + name + "' of '" + descriptor.id()
                    + "' is a secret; read it with secret()");
        }
        return Optional.ofNullable(values.get(name));
    }

    /**
     * @param name a declared property of type INTEGER or PORT (or any property holding an integer)
     * @return its value
     * @throws NoSuchElementException if it has no value
     * @throws IllegalStateException if the value is not an integer
     */
    public int integer(String name) {
        String value = string(name);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("property '" + name + "' of '" + descriptor.id()
                    + "' is not an integer: '" + value + "'", e);
        }
    }

    /**
     * @param name a declared property of type BOOLEAN
     * @return its value
     * @throws NoSuchElementException if it has no value
     * @throws IllegalStateException if the value is not {@code true} or {@code false}
     */
    public boolean bool(String name) {
        String value = string(name).toLowerCase(Locale.ROOT);
        if (value.equals("true")) {
            return true;
        }
        if (value.equals("false")) {
            return false;
        }
        throw new IllegalStateException("property '" + name + "' of '" + descriptor.id() + "' is not a boolean: '"
                + value + "'");
    }

    /**
     * @param name a declared property of type URL
     * @return its value as a URI
     * @throws NoSuchElementException if it has no value
     */
    public URI uri(String name) {
        return URI.create(string(name));
    }

    /**
     * @param name a declared secret property that has a value
     * @return a fresh copy of the secret; wipe it ({@code Arrays.fill(chars, '\0')}) once used
     * @throws IllegalArgumentException if the property is not declared or not a secret
     * @throws NoSuchElementException if it has no value
     */
    public char[] secret(String name) {
        ConfigProperty p = declared(name);
        if (!p.secret()) {
            throw new IllegalArgumentException("property '" + name + "' of '" + descriptor.id()
                    + "' is not a secret; read it with string()");
        }
        char[] value = secrets.get(name);
        if (value == null) {
            throw new NoSuchElementException("secret '" + name + "' of '" + descriptor.id() + "' has no value");
        }
        return value.clone();
    }

    /**
     * @return every non-secret property that has a value, with defaults applied, in descriptor order; safe to show
     *         and to log
     */
    public Map<String, String> nonSecretValues() {
        return values;
    }

    /** @return the descriptor's egress with hosts named by configuration resolved to this configuration's values */
    public DataEgress egress() {
        return descriptor.egress().resolve(this);
    }

    private ConfigProperty declared(String name) {
        Objects.requireNonNull(name, "property name");
        return descriptor.property(name).orElseThrow(() -> new IllegalArgumentException("'" + descriptor.id()
                + "' declares no property '" + name + "'"));
    }

    /** Lists non-secret values; secrets appear as {@code ****}. */
    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>(values);
        secrets.keySet().forEach(k -> shown.put(k, "****"));
        return "ConnectorConfig[" + descriptor.id() + " " + shown + "]";
    }
}
