package io.meridian.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConnectorConfigTest {

    private static final ConnectorDescriptor MAIL = ConnectorDescriptor.builder("channel-mail", "E-mail")
            .properties(
                    ConfigProperty.host("imapHost", "IMAP host", "e.g. imap.example.com"),
                    ConfigProperty.port("imapPort", "IMAP port", null, 993),
                    ConfigProperty.email("address", "Address", "the support mailbox"),
                    ConfigProperty.secret("password", "Password", null),
                    ConfigProperty.bool("tls", "TLS", null, true),
                    ConfigProperty.text("signature", "Signature", null),
                    ConfigProperty.url("archiveUrl", "Archive", null).optional())
            .egress(DataEgress.fromConfig("imapHost"))
            .build();

    private static Map<String, String> valid() {
        return Map.of("imapHost", " imap.example.com ", "address", "help@example.com", "password", " p w ");
    }

    /** Verifies that defaults fill gaps, values are trimmed (not secrets or text) and typed getters read them. */
    @Test
    void appliesDefaultsAndTypes() throws Exception {
        ConnectorConfig config = ConnectorConfig.of(MAIL, valid());
        assertEquals("imap.example.com", config.string("imapHost"));
        assertEquals(993, config.integer("imapPort"));
        assertTrue(config.bool("tls"));
        assertArrayEquals(" p w ".toCharArray(), config.secret("password"));
        assertEquals(Optional.empty(), config.optional("signature"));
        assertFalse(config.has("archiveUrl"));
        assertTrue(config.has("password"));
        assertThrows(NoSuchElementException.class, () -> config.string("signature"));
    }

    /** Verifies that every problem is reported at once, in descriptor order, without the secret's value. */
    @Test
    void reportsEveryProblem() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ConnectorConfig.of(MAIL,
                Map.of("imapHost", "not a host!", "imapPort", "99999", "address", "nobody", "tls", "yes",
                        "archiveUrl", "ftp://x")));
        assertEquals(List.of("imapHost", "imapPort", "address", "password", "tls", "archiveUrl"),
                List.copyOf(e.problems().keySet()));
        assertEquals("imapHost", e.property());
        assertTrue(e.getMessage().contains("property 'password': is required"), e.getMessage());
        assertTrue(e.getMessage().contains("expected a port between 1 and 65535, got '99999'"), e.getMessage());
    }

    /** Verifies that a secret's value never appears in an error, even when malformed. */
    @Test
    void malformedSecretIsNotEchoed() {
        ConnectorDescriptor d = ConnectorDescriptor.builder("x", "X")
                .property(new ConfigProperty("pin", "PIN", null, PropertyType.INTEGER, null, true, true))
                .egress(DataEgress.localOnly()).build();
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> ConnectorConfig.of(d, Map.of("pin", "12a4-secret")));
        assertFalse(e.getMessage().contains("12a4-secret"), e.getMessage());
    }

    /** Verifies that an undeclared key is refused by of() and ignored by ofIgnoringUnknown(). */
    @Test
    void unknownKeys() throws Exception {
        Map<String, String> values = new java.util.HashMap<>(valid());
        values.put("imapHots", "typo.example.com");
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ConnectorConfig.of(MAIL, values));
        assertEquals("imapHots", e.property());
        assertTrue(e.getMessage().contains("expected one of [imapHost, imapPort"), e.getMessage());
        assertEquals("imap.example.com", ConnectorConfig.ofIgnoringUnknown(MAIL, values).string("imapHost"));
    }

    /** Verifies that secrets are kept out of string(), nonSecretValues() and toString(). */
    @Test
    void secretsStayHidden() throws Exception {
        ConnectorConfig config = ConnectorConfig.of(MAIL, valid());
        assertThrows(IllegalArgumentException.class, () -> config.string("password"));
        assertThrows(IllegalArgumentException.class, () -> config.secret("address"));
        assertFalse(config.nonSecretValues().containsKey("password"));
        assertEquals("help@example.com", config.nonSecretValues().get("address"));
        assertFalse(config.toString().contains("p w"), config.toString());
        assertTrue(config.toString().contains("password=****"), config.toString());
        char[] first = config.secret("password");
        first[0] = 'X';
        assertArrayEquals(" p w ".toCharArray(), config.secret("password"), "each call returns a fresh copy");
        assertThrows(UnsupportedOperationException.class, () -> config.nonSecretValues().put("a", "b"));
    }

    /** Verifies that reading an undeclared property is a programming error with a clear message. */
    @Test
    void undeclaredPropertyIsAnError() throws Exception {
        ConnectorConfig config = ConnectorConfig.of(MAIL, valid());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> config.string("smtpHost"));
        assertEquals("'channel-mail' declares no property 'smtpHost'", e.getMessage());
    }

    /** Verifies that the egress resolves the configured host. */
    @Test
    void egressResolvesConfiguredHosts() throws Exception {
        assertEquals(java.util.Set.of("imap.example.com"), ConnectorConfig.of(MAIL, valid()).egress().remoteHosts());
        assertFalse(MAIL.egress().isLocal());
    }
}
