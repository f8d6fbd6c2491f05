package io.meridian.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a connector kind is, declared in code: its id, how the console names it, the configuration properties an admin
 * fills in, the capabilities it offers and the data egress the residency policy checks.
 *
 * <p>Immutable and thread-safe: lists and sets are copied. Validated on construction: the id matches
 * {@value #ID_PATTERN}, property names are unique, every {@link DataEgress#hostProperties() egress property}
 * is declared and of type URL, HOST or EMAIL.
 *
 * <pre>{@code
 * ConnectorDescriptor.builder("channel-telegram", "Telegram")
 *     .description("Telegram bot: receives by webhook, sends text and attachments")
 *     .property(ConfigProperty.secret("botToken", "Bot token", "From @BotFather"))
 *     .capabilities(ChannelCapabilities.TEXT, ChannelCapabilities.INBOUND_WEBHOOK)
 *     .egress(DataEgress.remote("api.telegram.org"))
 *     .build();
 * }</pre>
 *
 * @param id stable id, matching {@value #ID_PATTERN}, e.g. {@code channel-telegram}
 * @param displayName name shown to the admin
 * @param description a sentence or two for the admin; empty if none
 * @param properties configuration properties in form order
 * @param capabilities what the connector offers; the constants of each extension point, e.g. {@code ChannelCapabilities}
 * @param egress where the connector sends data
 */
public record ConnectorDescriptor(String id, String displayName, String description, List<ConfigProperty> properties,
                                  Set<String> capabilities, DataEgress egress) {

    /** The pattern every connector id (and so every factory id) matches. */
    public static final String ID_PATTERN = "[a-z0-9-]{1,40}";
    private static final Pattern ID = Pattern.compile(ID_PATTERN);

    /** Validates and copies. */
    public ConnectorDescriptor {
        Objects.requireNonNull(id, "ConnectorDescriptor id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("ConnectorDescriptor id '" + id + "' must match " + ID_PATTERN);
        }
        if (displayName == null || displayName.isBlank()) {
            throw new IllegalArgumentException("ConnectorDescriptor '" + id + "': displayName must not be blank");
        }
        description = description == null ? "" : description;
        Objects.requireNonNull(properties, () -> "ConnectorDescriptor '" + id + "': properties (use List.of())");
        Objects.requireNonNull(capabilities, () -> "ConnectorDescriptor '" + id + "': capabilities (use Set.of())");
        Objects.requireNonNull(egress, () -> "ConnectorDescriptor '" + id
                + "': egress (use DataEgress.localOnly() or DataEgress.remote(hosts))");
        Set<String> names = new HashSet<>();
        for (ConfigProperty p : properties) {
            Objects.requireNonNull(p, () -> "ConnectorDescriptor '" + id + "': a property is null");
            if (!names.add(p.name())) {
                throw new IllegalArgumentException("ConnectorDescriptor '" + id + "': property '" + p.name()
                        + "' is declared twice");
            }
        }
        for (String c : capabilities) {
            if (c == null || c.isBlank()) {
                throw new IllegalArgumentException("ConnectorDescriptor '" + id + "': a capability is blank");
            }
        }
        properties = List.copyOf(properties);
        for (String hostProperty : egress.hostProperties()) {
            ConfigProperty p = properties.stream().filter(q -> q.name().equals(hostProperty)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("ConnectorDescriptor '" + id
                            + "': egress names property '" + hostProperty + "' which is not declared"));
            if (p.type() != PropertyType.URL && p.type() != PropertyType.HOST && p.type() != PropertyType.EMAIL) {
                throw new IllegalArgumentException("ConnectorDescriptor '" + id + "': egress property '"
                        + hostProperty + "' must be of type URL, HOST or EMAIL, not " + p.type());
            }
        }
        capabilities = Collections.unmodifiableSet(new LinkedHashSet<>(capabilities));
    }

    /**
     * @param name a property name
     * @return the declared property of that name
     */
    public Optional<ConfigProperty> property(String name) {
        for (ConfigProperty p : properties) {
            if (p.name().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** @return whether the connector declares this capability */
    public boolean hasCapability(String capability) {
        return capabilities.contains(capability);
    }

    /**
     * @param id stable id
     * @param displayName name shown to the admin
     * @return a builder; properties and capabilities default to none, egress must be set
     */
    public static Builder builder(String id, String displayName) {
        return new Builder(id, displayName);
    }

    /** Builds a {@link ConnectorDescriptor}; not thread-safe. */
    public static final class Builder {
        private final String id;
        private final String displayName;
        private String description = "";
        private final List<ConfigProperty> properties = new ArrayList<>();
        private final Set<String> capabilities = new LinkedHashSet<>();
        private DataEgress egress;

        private Builder(String id, String displayName) {
            this.id = id;
            this.displayName = displayName;
        }

        /** @return this builder with the description */
        public Builder description(String text) {
            this.description = text;
            return this;
        }

        /** @return this builder with the property appended */
        public Builder property(ConfigProperty property) {
            properties.add(Objects.requireNonNull(property, "property"));
            return this;
        }

        /** @return this builder with the properties appended */
        public Builder properties(ConfigProperty... more) {
            for (ConfigProperty p : more) {
                property(p);
            }
            return this;
        }

        /** @return this builder with the capabilities added */
        public Builder capabilities(String... more) {
            for (String c : more) {
                capabilities.add(Objects.requireNonNull(c, "capability"));
            }
            return this;
        }

        /** @return this builder with the egress */
        public Builder egress(DataEgress value) {
            this.egress = value;
            return this;
        }

        /** @return the validated descriptor */
        public ConnectorDescriptor build() {
            return new ConnectorDescriptor(id, displayName, description, properties, capabilities, egress);
        }
    }
}
