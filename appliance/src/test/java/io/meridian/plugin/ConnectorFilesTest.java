package io.meridian.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** conf/connectors/<instance>.yaml: what is read, and errors that name the file and the key. */
class ConnectorFilesTest {

    @TempDir
    Path dir;

    /** Verifies that a file becomes an instance named after it, with its values as text and defaults applied. */
    @Test
    void readsInstanceFiles() throws Exception {
        Files.writeString(dir.resolve("support-mail.yaml"), """
                plugin: channel-email
                factory: channel-email
                name: Support mailbox
                values:
                  imapPort: 993
                  useIdle: true
                  imapPassword: "s3cret"
                """);
        Files.writeString(dir.resolve("notes.txt"), "not a connector");
        List<InstanceDraft> drafts = ConnectorFiles.read(dir);
        assertEquals(1, drafts.size());
        InstanceDraft d = drafts.get(0);
        assertEquals("support-mail", d.id());
        assertEquals("channel-email", d.pluginId());
        assertEquals("channel-email", d.factoryId());
        assertEquals("Support mailbox", d.displayName());
        assertTrue(d.enabled());
        assertEquals(dir.resolve("support-mail.yaml").toString(), d.source());
        assertEquals(Map.of("imapPort", "993", "useIdle", "true", "imapPassword", "s3cret"), d.values());
        assertEquals(List.of(), ConnectorFiles.read(dir.resolve("absent")));
    }

    /** Verifies that each malformed file stops with a message naming the file, the key and what was expected. */
    @Test
    void malformedFilesNameFileAndKey() throws Exception {
        assertError("x.yaml", "plugin: a\nfactroy: b\n", ": unknown key 'factroy'");
        assertError("y.yaml", "plugin: a\n", ", key 'factory': expected the factory id");
        assertError("z.yaml", "plugin: a\nfactory: b\nvalues:\n  port:\n    - 1\n",
                ", key 'values.port': expected a single value");
        assertError("w.yaml", "plugin: a\nfactory: b\nenabled: maybe\n", ", key 'enabled': expected true or false");
        assertError("Bad_Name.yaml", "plugin: a\nfactory: b\n", ": the file name is the instance id");
        assertError("v.yaml", "plugin: [\n", ": not valid YAML");
    }

    /**
     * Verifies that the shipped sample conf/connectors/support-mailbox.yaml.example is not loaded as it is, is a
     * well-formed connector file once copied to a .yaml name, and names the e-mail plugin's real factory and only
     * properties that plugin declares (read from its source, so a renamed property fails here).
     */
    @Test
    void shippedEmailSampleMatchesTheEmailPlugin() throws Exception {
        Path sample = Path.of("../conf/connectors/support-mailbox.yaml.example");
        assertTrue(Files.isRegularFile(sample), sample.toAbsolutePath().toString());
        assertEquals(List.of(), ConnectorFiles.read(sample.getParent()).stream()
                .filter(d -> d.id().equals("support-mailbox")).toList(), "the sample is not loaded as it is");

        Path copy = dir.resolve("support-mailbox.yaml");
        Files.copy(sample, copy);
        InstanceDraft draft = ConnectorFiles.parse(copy);
        String factorySource = Files.readString(Path.of(
                "../plugins/channel-email/src/main/java/io/meridian/channel/email/EmailChannelFactory.java"));
        Map<String, String> constants = new HashMap<>();
        Matcher m = Pattern
                .compile("static final String ([A-Z_]+) = \"([^\"]+)\";").matcher(factorySource);
        while (m.find()) {
            constants.put(m.group(1), m.group(2));
        }
        assertEquals("channel-email", constants.get("ID"), "the e-mail plugin's factory id");
        assertEquals("channel-email", draft.pluginId());
        assertEquals(constants.get("ID"), draft.factoryId());
        Set<String> declared = new HashSet<>(constants.values());
        Set<String> unknown = new TreeSet<>(draft.values().keySet());
        unknown.removeAll(declared);
        assertEquals(Set.of(), unknown, "properties the e-mail plugin does not declare");
        for (String required : List.of("IMAP_HOST", "IMAP_USER", "IMAP_PASSWORD", "SMTP_HOST", "FROM_ADDRESS")) {
            assertTrue(draft.values().containsKey(constants.get(required)), required + " is in the sample");
        }
    }

    private void assertError(String file, String content, String expected) throws Exception {
        Path path = dir.resolve(file);
        Files.writeString(path, content);
        ConfigException e = assertThrows(ConfigException.class, () -> ConnectorFiles.parse(path));
        assertTrue(e.getMessage().startsWith(path + expected), e.getMessage());
        Files.delete(path);
    }
}
