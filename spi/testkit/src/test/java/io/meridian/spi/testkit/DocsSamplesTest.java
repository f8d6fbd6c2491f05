package io.meridian.spi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.meridian.channel.ExampleChannelFactory;
import io.meridian.spi.ConnectorException;
import io.meridian.spi.SpiVersion;
import io.meridian.spi.channel.ChannelConnectorFactory;
import io.meridian.spi.channel.ChannelIdentity;
import io.meridian.spi.channel.InboundMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.DefaultPluginManager;

/** The samples of docs/plugins.md that are not part of the example connectors, compiled and run. */
@Timeout(60)
class DocsSamplesTest {

    @TempDir
    Path work;

    /** Verifies the three ConnectorException forms of section 6. */
    @Test
    void errorSamples() {
        ConnectorException retryable = assertThrows(ConnectorException.class, () -> {
            throw new ConnectorException("Example Chat answered HTTP 503", true);
        });
        ConnectorException permanent = assertThrows(ConnectorException.class, () -> {
            throw new ConnectorException("Example Chat refused the API token (HTTP 401)", false);
        });
        ConnectorException limited = assertThrows(ConnectorException.class, () -> {
            throw new ConnectorException("rate limited", true, null, Duration.ofSeconds(30));
        });
        assertTrue(retryable.retryable());
        assertFalse(permanent.retryable());
        assertEquals(Duration.ofSeconds(30), limited.retryAfter().orElseThrow());
    }

    /** Verifies the fake-context sample of section 7. */
    @Test
    void fakeContextSample() throws Exception {
        FakeChannelContext context = FakeChannelContext.builder()
                .pluginId("channel-example").instanceId("support")
                .clock(Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC))
                .build();
        context.failNextReceive(new ConnectorException("store busy", true));
        InboundMessage message = InboundMessage.builder("m-1", new ChannelIdentity("example-chat", "user-4711", "Ana"))
                .text("Hello").sentAt(context.clock().instant()).build();
        assertThrows(ConnectorException.class, () -> context.receive(message));
        context.receive(message);
        assertEquals(List.of(message), context.received());
        assertEquals(2, context.receiveCalls());
        assertTrue(context.receipts().isEmpty());
        assertTrue(context.logged().isEmpty());
    }

    /** Verifies the loading sample of section 7, with a classes directory as the annotation processor leaves it. */
    @Test
    void loadingSample() throws Exception {
        Path classes = Files.createDirectories(work.resolve("target/classes"));
        Path compiled = Path.of(ExampleChannelFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path from = compiled.resolve("com/example/meridian/channel");
        Path to = Files.createDirectories(classes.resolve("com/example/meridian/channel"));
        try (var files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        Files.createDirectories(classes.resolve("META-INF"));
        Files.writeString(classes.resolve("META-INF/extensions.idx"), ExampleChannelFactory.class.getName() + "\n");
        Path pluginsDir = work.resolve("plugins");

        Path zip = PluginZipBuilder.plugin("channel-example").version("1.0.0").requires(">=1.0.0 & <2.0.0")
                .addClassesDirectory(classes)
                .writeInto(pluginsDir);

        DefaultPluginManager manager = new DefaultPluginManager(pluginsDir);
        manager.setSystemVersion(SpiVersion.CURRENT);
        manager.loadPlugins();
        manager.startPlugins();
        List<ChannelConnectorFactory> factories = manager.getExtensions(ChannelConnectorFactory.class, "channel-example");
        assertEquals(1, factories.size());
        assertEquals("channel-example", factories.get(0).id());
        assertEquals(pluginsDir.resolve("channel-example-1.0.0.zip"), zip);
        manager.unloadPlugins();
    }
}
