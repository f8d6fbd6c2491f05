package io.meridian.channel.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.spi.ConnectorConfig;
import io.meridian.spi.SpiVersion;
import io.meridian.spi.channel.ChannelConnector;
import io.meridian.spi.channel.ChannelConnectorFactory;
import io.meridian.spi.channel.OutboundMessage;
import io.meridian.spi.channel.SendResult;
import io.meridian.spi.testkit.FakeChannelContext;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * The packaged plugin as the node loads it: the zip built by {@code package}, expanded and loaded by PF4J into its
 * own class loader, next to a test class path that has its own copy of Jakarta Mail (as the node may).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PluginZipIT {

    private static Path zip() {
        String location = System.getProperty("meridian.plugin.zip");
        assertTrue(location != null, "run through failsafe, which sets meridian.plugin.zip");
        Path zip = Paths.get(location);
        assertTrue(Files.isRegularFile(zip), "the plugin zip is built by package: " + zip);
        return zip;
    }

    /** Verifies the zip's layout: descriptor, the plugin jar and its mail libraries in lib/, no SPI and no PF4J. */
    @Test
    void zipHoldsTheDescriptorThePluginJarAndItsMailLibraries() throws Exception {
        try (ZipFile zip = new ZipFile(zip().toFile())) {
            List<String> names = Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
            Properties descriptor = new Properties();
            try (InputStream in = zip.getInputStream(zip.getEntry("plugin.properties"))) {
                descriptor.load(in);
            }
            assertEquals(EmailChannelFactory.ID, descriptor.getProperty("plugin.id"));
            assertEquals(">=1.3.0 & <2.0.0", descriptor.getProperty("plugin.requires"));
            assertTrue(names.stream().anyMatch(n -> n.matches("lib/channel-email-[^/]+\\.jar")), names.toString());
            assertTrue(names.contains("lib/angus-mail-2.0.5.jar"), names.toString());
            assertTrue(names.contains("lib/jakarta.mail-api-2.1.5.jar"), names.toString());
            assertTrue(names.stream().anyMatch(n -> n.matches("lib/jakarta\\.activation-api-[^/]+\\.jar")),
                    names.toString());
            assertTrue(names.stream().anyMatch(n -> n.matches("lib/angus-activation-[^/]+\\.jar")), names.toString());
            assertFalse(names.stream().anyMatch(n -> n.contains("meridian-spi") || n.contains("pf4j")
                    || n.contains("greenmail") || n.contains("junit")), "host and test jars stay out: " + names);
        }
    }

    /**
     * Verifies that PF4J loads and starts the plugin, finds the factory in the plugin's class loader, and that a
     * connector made by it logs in, sends and receives through GreenMail with the plugin's own Jakarta Mail.
     */
    @Test
    void pf4jLoadsThePluginAndItsConnectorWorks(@TempDir Path plugins) throws Exception {
        Files.copy(zip(), plugins.resolve(zip().getFileName()));
        PluginManager manager = new DefaultPluginManager(plugins);
        manager.setSystemVersion(SpiVersion.CURRENT);
        try (MailServer server = new MailServer()) {
            manager.loadPlugins();
            manager.startPlugins();
            PluginWrapper plugin = manager.getPlugin(EmailChannelFactory.ID);
            assertEquals(PluginState.STARTED, plugin.getPluginState());

            List<ChannelConnectorFactory> factories = manager.getExtensions(ChannelConnectorFactory.class,
                    EmailChannelFactory.ID);
            assertEquals(1, factories.size());
            ChannelConnectorFactory factory = factories.get(0);
            ClassLoader pluginLoader = plugin.getPluginClassLoader();
            assertSame(pluginLoader, factory.getClass().getClassLoader(), "the factory comes from the zip");
            assertSame(pluginLoader, pluginLoader.loadClass("jakarta.mail.Session").getClassLoader(),
                    "the plugin uses its own Jakarta Mail");
            assertNotSame(jakarta.mail.Session.class, pluginLoader.loadClass("jakarta.mail.Session"));

            FakeChannelContext context = MailServer.context();
            ChannelConnector connector = factory.create(context,
                    ConnectorConfig.of(factory.descriptor(), server.config()));
            try {
                connector.start();
                MimeMessage mail = server.newCustomerMail("Loaded by PF4J");
                mail.setText("hello plugin");
                server.send(mail);
                connector.poll();
                assertEquals("hello plugin", context.received().get(0).text().strip());
                SendResult sent = connector.send(OutboundMessage.builder("outbox-it-1", "conversation-it",
                        MailServer.customerIdentity()).subject("Re: Loaded by PF4J").text("It works.").build());
                assertEquals(sent.externalId(), server.customerInbox().get(0).getMessageID());
            } finally {
                connector.close();
            }
        } finally {
            // One by one: PF4J 3.15's stopPlugins() modifies the list it iterates (ConcurrentModificationException).
            if (manager.getPlugin(EmailChannelFactory.ID) != null) {
                manager.unloadPlugin(EmailChannelFactory.ID);
            }
        }
    }
}
