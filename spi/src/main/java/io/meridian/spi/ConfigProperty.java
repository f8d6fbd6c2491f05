package io.meridian.spi;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One configuration property of a connector, declared in code in its {@link ConnectorDescriptor}. The console renders
 * the admin's form from it and {@link ConnectorConfig#of} validates the values against it.
 *
 * <p>Semantics: a missing or blank value takes {@code defaultValue}; a {@code required} property must then have a
 * value. A {@code secret} property is rendered masked, stored encrypted, never shown again, never logged and only
 * readable through {@link ConnectorConfig#secret(String)}; it cannot have a default. A property of type
 * {@link PropertyType#SECRET} is always secret.
 *
 * <p>Immutable and thread-safe. Build with the static helpers and refine with the {@code with...} methods:
 * <pre>{@code
 * ConfigProperty.url("apiUrl", "API URL", "Base URL of the CRM's REST API").withDefault("https://crm.example.com/api")
 * ConfigProperty.secret("apiToken", "API token", "Created under Settings > API in the CRM")
 * ConfigProperty.integer("pageSize", "Page size", "Orders fetched per call", 20)
 * }</pre>
 *
 * @param name the key, matching {@value #NAME_PATTERN}; stable across versions
 * @param label short label for the form
 * @param help one or two sentences for the admin; empty if none
 * @param type the value's type
 * @param defaultValue the value used when none is given, valid for {@code type}; {@code null} if none
 * @param required whether a value (given or default) must exist
 * @param secret whether the value is a secret
 */
public record ConfigProperty(String name, String label, String help, PropertyType type, String defaultValue,
                             boolean required, boolean secret) {

    /** The pattern a property name must match. */
    public static final String NAME_PATTERN = "[A-Za-z][A-Za-z0-9._-]{0,63}";
    private static final Pattern NAME = Pattern.compile(NAME_PATTERN);

    /** Validates and normalises: {@code help} {@code null} becomes empty, a SECRET type forces {@code secret}. */
    public ConfigProperty {
        Objects.requireNonNull(name, "ConfigProperty name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("ConfigProperty name '" + name + "' must match " + NAME_PATTERN);
        }
        Objects.requireNonNull(type, () -> "ConfigProperty '" + name + "': type");
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("ConfigProperty '" + name + "': label must not be blank");
        }
        help = help == null ? "" : help;
        secret = secret || type == PropertyType.SECRET;
        if (defaultValue != null) {
            if (secret) {
                throw new IllegalArgumentException("ConfigProperty '" + name + "': a secret cannot have a default value");
            }
            String problem = type.problem(defaultValue).orElse(null);
            if (problem != null) {
                throw new IllegalArgumentException("ConfigProperty '" + name + "': default value '" + defaultValue
                        + "' is invalid: " + problem);
            }
        }
    }

    /** @return a required single-line text property */
    public static ConfigProperty string(String name, String label, String help) {
        return new ConfigProperty(name, label, help, PropertyType.STRING, null, true, false);
    }

    /** @return an optional multi-line text property */
    public static ConfigProperty text(String name, String label, String help) {
        return new ConfigProperty(name, label, help, PropertyType.TEXT, null, false, false);
    }

    /** @return a required secret (password, token, key) */
    public static ConfigProperty secret(String name, String label, String help) {
        return new ConfigProperty(name, label, help, PropertyType.SECRET, null, true, true);
    }

    /** @return an integer property with a default */
    public static ConfigProperty integer(String name, String label, String help, int defaultValue) {
        return new ConfigProperty(name, label, help, PropertyType.INTEGER, Integer.toString(defaultValue), true, false);
    }

    /** @return a required integer property without default */
    public static ConfigProperty integer(String name, String label, String help) {
        return new ConfigProperty(name, label, help, PropertyType.INTEGER, null, true, false);
    }

    /** @return a boolean property with a default */
    public static ConfigProperty bool(String name, String label, String help, boolean defaultValue) {
        return new ConfigProperty(name, label, help, PropertyType.BOOLEAN, Boolean.toString(defaultValue), true, false);
    }

    /** @return a required URL property */
    public static ConfigProperty url(String name, String label, String help) {
        return new ConfigProperty(name, label, help, PropertyType.URL, null, true, false);
    }

    /** @return a required host property */
    public static ConfigProperty host(String name, String label, String help) {
        return new ConfigProperty(name, label, help, PropertyType.HOST, null, true, false);
    }

    /** @return a port property with a default */
    public static ConfigProperty port(String name, String label, String help, int defaultValue) {
        return new ConfigProperty(name, label, help, PropertyType.PORT, Integer.toString(defaultValue), true, false);
    }

    /** @return a required e-mail address property */
    public static ConfigProperty email(String name, String label, String help) {
        return new ConfigProperty(name, label, help, PropertyType.EMAIL, null, true, false);
    }

    /** @return a copy that is not required */
    public ConfigProperty optional() {
        return new ConfigProperty(name, label, help, type, defaultValue, false, secret);
    }

    /** @return a copy that is required */
    public ConfigProperty mandatory() {
        return new ConfigProperty(name, label, help, type, defaultValue, true, secret);
    }

    /** @return a copy with this default value ({@code null} for none) */
    public ConfigProperty withDefault(String value) {
        return new ConfigProperty(name, label, help, type, value, required, secret);
    }

    /** @return a copy with this help text */
    public ConfigProperty withHelp(String text) {
        return new ConfigProperty(name, label, text, type, defaultValue, required, secret);
    }

    /** @return a copy marked secret (rendered masked, stored encrypted); drops nothing else */
    public ConfigProperty asSecret() {
        return new ConfigProperty(name, label, help, type, defaultValue, required, true);
    }

    /** Never prints the default of a secret: there is none. */
    @Override
    public String toString() {
        return "ConfigProperty[" + name + ", " + type + (required ? ", required" : "") + (secret ? ", secret" : "")
                + (defaultValue != null ? ", default=" + defaultValue : "") + "]";
    }
}
