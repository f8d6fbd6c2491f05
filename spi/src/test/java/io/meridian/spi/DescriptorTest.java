package io.meridian.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DescriptorTest {

    /** Verifies the id pattern, duplicate properties and undeclared egress properties are refused with clear messages. */
    @Test
    void refusesMalformedDescriptors() {
        assertEquals("ConnectorDescriptor id 'Channel_Mail' must match [a-z0-9-]{1,40}",
                assertThrows(IllegalArgumentException.class, () -> ConnectorDescriptor.builder("Channel_Mail", "Mail")
                        .egress(DataEgress.localOnly()).build()).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConnectorDescriptor.builder("a".repeat(41), "A")
                .egress(DataEgress.localOnly()).build());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConnectorDescriptor.builder("m", "M")
                .properties(ConfigProperty.string("host", "Host", null), ConfigProperty.string("host", "Host 2", null))
                .egress(DataEgress.localOnly()).build()).getMessage().contains("'host' is declared twice"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConnectorDescriptor.builder("m", "M")
                .egress(DataEgress.fromConfig("apiUrl")).build()).getMessage().contains("'apiUrl' which is not declared"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConnectorDescriptor.builder("m", "M")
                .property(ConfigProperty.string("apiUrl", "API", null))
                .egress(DataEgress.fromConfig("apiUrl")).build()).getMessage().contains("must be of type URL, HOST or EMAIL"));
        assertTrue(assertThrows(NullPointerException.class, () -> ConnectorDescriptor.builder("m", "M").build())
                .getMessage().contains("egress"));
    }

    /** Verifies that the descriptor copies its lists, so a factory's later changes do not leak in. */
    @Test
    void copiesCollections() {
        List<ConfigProperty> properties = new ArrayList<>(List.of(ConfigProperty.string("a", "A", null)));
        ConnectorDescriptor d = new ConnectorDescriptor("x", "X", null, properties, Set.of("text"),
                DataEgress.localOnly());
        properties.add(ConfigProperty.string("b", "B", null));
        assertEquals(1, d.properties().size());
        assertEquals("", d.description());
        assertThrows(UnsupportedOperationException.class, () -> d.properties().add(null));
        assertTrue(d.property("a").isPresent());
        assertTrue(d.hasCapability("text"));
    }

    /** Verifies ConfigProperty rules: SECRET type implies secret, secrets have no default, defaults must fit the type. */
    @Test
    void configPropertyRules() {
        ConfigProperty token = new ConfigProperty("token", "Token", null, PropertyType.SECRET, null, true, false);
        assertTrue(token.secret());
        assertEquals("", token.help());
        assertThrows(IllegalArgumentException.class, () -> ConfigProperty.secret("k", "K", null).withDefault("x"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConfigProperty.port("p", "P", null, 70000))
                .getMessage().contains("default value '70000' is invalid"));
        assertThrows(IllegalArgumentException.class, () -> ConfigProperty.string("1st", "First", null));
        assertFalse(ConfigProperty.string("a", "A", null).optional().required());
        assertTrue(ConfigProperty.text("a", "A", null).mandatory().required());
    }

    /** Verifies the value checks of each property type. */
    @Test
    void propertyTypes() {
        assertTrue(PropertyType.URL.problem("https://api.example.com/v1").isEmpty());
        assertTrue(PropertyType.URL.problem("mailto:x@example.com").isPresent());
        assertTrue(PropertyType.URL.problem("https:///nohost").isPresent());
        assertTrue(PropertyType.HOST.problem("imap.example.com").isEmpty());
        assertTrue(PropertyType.HOST.problem("10.0.0.7").isEmpty());
        assertTrue(PropertyType.HOST.problem("::1").isEmpty());
        assertTrue(PropertyType.HOST.problem("bad host").isPresent());
        assertTrue(PropertyType.EMAIL.problem("help@example.com").isEmpty());
        assertTrue(PropertyType.EMAIL.problem("help@").isPresent());
        assertTrue(PropertyType.INTEGER.problem("-12").isEmpty());
        assertTrue(PropertyType.INTEGER.problem("3000000000").isPresent());
        assertTrue(PropertyType.BOOLEAN.problem("TRUE").isEmpty());
        assertTrue(PropertyType.STRING.problem("two\nlines").isPresent());
        assertTrue(PropertyType.TEXT.problem("two\nlines").isEmpty());
    }

    /**
     * Verifies DataEgress: normalisation, wildcards, local-only, and configured hosts kept whatever their names say
     * (the appliance decides on-site from resolved addresses).
     */
    @Test
    void dataEgress() throws Exception {
        DataEgress egress = DataEgress.remote("API.Telegram.org", "*.deepl.com");
        assertEquals(Set.of("api.telegram.org", "*.deepl.com"), egress.remoteHosts());
        assertTrue(egress.allows("api.telegram.org"));
        assertTrue(egress.allows("api-free.deepl.com"));
        assertFalse(egress.allows("deepl.com.evil.example"));
        assertFalse(egress.isLocal());
        assertTrue(DataEgress.localOnly().isLocal());
        assertEquals(DataEgress.localOnly(), new DataEgress(Set.of()));
        assertThrows(IllegalArgumentException.class, () -> DataEgress.remote());
        assertThrows(IllegalArgumentException.class, () -> DataEgress.remote("not a host"));

        ConnectorDescriptor apertium = ConnectorDescriptor.builder("translation-apertium", "Apertium")
                .property(ConfigProperty.url("apyUrl", "APY URL", null))
                .egress(DataEgress.fromConfig("apyUrl")).build();
        assertEquals(Set.of("127.0.0.1"), ConnectorConfig.of(apertium,
                java.util.Map.of("apyUrl", "http://127.0.0.1:2737/")).egress().remoteHosts());
        assertEquals(Set.of("127.anything.example.com"), ConnectorConfig.of(apertium,
                java.util.Map.of("apyUrl", "http://127.anything.example.com:2737/")).egress().remoteHosts());
        assertFalse(ConnectorConfig.of(apertium, java.util.Map.of("apyUrl", "http://localhost:2737/")).egress()
                .isLocal());
        assertEquals(Set.of("mt.example.org"), ConnectorConfig.of(apertium,
                java.util.Map.of("apyUrl", "https://mt.example.org/apy")).egress().remoteHosts());
    }

    /** Verifies that the deprecated text test accepts loopback IP literals only, never a name that looks local. */
    @Test
    @SuppressWarnings("deprecation")
    void loopbackLiteralsOnly() {
        assertTrue(DataEgress.isLoopback("127.0.0.1"));
        assertTrue(DataEgress.isLoopback("[::1]"));
        assertTrue(DataEgress.isLoopback("[::ffff:127.0.0.1]"));
        assertFalse(DataEgress.isLoopback("127.anything.example.com"));
        assertFalse(DataEgress.isLoopback("evil.localhost"));
        assertFalse(DataEgress.isLoopback("10.0.0.1"));
        assertFalse(DataEgress.isLoopback("[::ffff:10.0.0.1]"));
    }

    /** Verifies ConnectorException's retry flags and Retry-After. */
    @Test
    void connectorException() {
        ConnectorException busy = new ConnectorException("rate limited", true, null, java.time.Duration.ofSeconds(30));
        assertTrue(busy.retryable());
        assertEquals(java.time.Duration.ofSeconds(30), busy.retryAfter().orElseThrow());
        assertFalse(ConnectorException.permanent("bad recipient", null).retryable());
        assertTrue(ConnectorException.retryable("down", null).retryAfter().isEmpty());
    }
}
