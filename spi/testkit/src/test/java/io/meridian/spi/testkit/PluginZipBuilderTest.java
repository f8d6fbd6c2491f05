package io.meridian.spi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.meridian.channel.ExampleChannelFactory;
import com.example.meridian.translation.PhrasebookTranslationFactory;
import io.meridian.spi.ConnectorConfig;
import io.meridian.spi.SpiVersion;
import io.meridian.spi.channel.ChannelConnector;
import io.meridian.spi.channel.ChannelConnectorFactory;
import io.meridian.spi.translation.LanguagePair;
import io.meridian.spi.translation.TranslationProvider;
import io.meridian.spi.translation.TranslationProviderFactory;
import io.meridian.spi.translation.TranslationRequest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/** Zips from {@link PluginZipBuilder} load in a real PF4J plugin manager, as the appliance loads them. */
@Timeout(60)
@SuppressWarnings("try") // connectors close() with throws Exception
class PluginZipBuilderTest {

    @TempDir
    Path plugins;

    private DefaultPluginManager manager;

    @AfterEach
    void unload() {
        if (manager != null) {
            // Not stopPlugins(): in PF4J 3.15.0 it removes from the list it iterates and throws ConcurrentModificationException.
            manager.unloadPlugins(); // stops each plugin, then closes its class loader
        }
    }

    private DefaultPluginManager load() {
        manager = new DefaultPluginManager(plugins);
        manager.setSystemVersion(SpiVersion.CURRENT);
        manager.loadPlugins();
        manager.startPlugins();
        return manager;
    }

    /** Verifies that the zip's layout is plugin.properties, classes/ with extensions.idx, and that nested classes come along. */
    @Test
    void writesThePf4jLayout() throws Exception {
        byte[] zip = PluginZipBuilder.plugin("channel-example").version("1.2.0").requires(">=1.0.0 & <2.0.0")
                .provider("Example Ltd").extension(ExampleChannelFactory.class)
                .addResource("messages.properties", "hello=Hallo".getBytes(StandardCharsets.UTF_8))
                .toBytes();
        TreeSet<String> names = new TreeSet<>();
        String properties = null;
        String index = null;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
                if (e.getName().equals("plugin.properties")) {
                    properties = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                } else if (e.getName().equals("classes/META-INF/extensions.idx")) {
                    index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        assertTrue(names.contains("classes/com/example/meridian/channel/ExampleChannelFactory.class"), names::toString);
        assertTrue(names.contains("classes/messages.properties"), names::toString);
        assertEquals("com.example.meridian.channel.ExampleChannelFactory\n", index);
        assertTrue(properties.contains("plugin.id=channel-example\n"), properties);
        assertTrue(properties.contains("plugin.requires=>\\=1.0.0 & <2.0.0\n"), properties);
        assertFalse(properties.contains("plugin.class"), "no plugin class unless given: " + properties);
    }

    /** Verifies that the same input gives the same bytes, so a signature stays valid when a test rebuilds a zip. */
    @Test
    void isReproducible() {
        PluginZipBuilder builder = PluginZipBuilder.plugin("channel-example").extension(ExampleChannelFactory.class);
        byte[] first = builder.toBytes();
        byte[] second = PluginZipBuilder.plugin("channel-example").extension(ExampleChannelFactory.class).toBytes();
        assertTrue(java.util.Arrays.equals(first, second));
    }

    /** Verifies that a PF4J plugin manager loads the zip, starts it and exposes the factory from the plugin's class loader. */
    @Test
    void loadsInPf4jAndExposesTheExtension() throws Exception {
        PluginZipBuilder.plugin("channel-example").version("1.2.0").requires(">=1.0.0 & <2.0.0")
                .extension(ExampleChannelFactory.class)
                .addClasses(Class.forName("com.example.meridian.channel.ExampleChannel"),
                        Class.forName("com.example.meridian.channel.Form"))
                .writeInto(plugins);
        load();
        PluginWrapper plugin = manager.getPlugin("channel-example");
        assertEquals(PluginState.STARTED, plugin.getPluginState());
        assertEquals("1.2.0", plugin.getDescriptor().getVersion());

        List<ChannelConnectorFactory> factories = manager.getExtensions(ChannelConnectorFactory.class, "channel-example");
        assertEquals(1, factories.size());
        ChannelConnectorFactory factory = factories.get(0);
        assertSame(plugin.getPluginClassLoader(), factory.getClass().getClassLoader(),
                "the factory must come from the zip, not from the test class path");
        assertEquals("channel-example", factory.id());

        ConnectorConfig config = ConnectorConfig.of(factory.descriptor(), Map.of("apiToken", "t", "webhookSecret", "s"));
        try (ChannelConnector connector = factory.create(FakeChannelContext.builder().build(), config)) {
            assertSame(plugin.getPluginClassLoader(), connector.getClass().getClassLoader());
        }
    }

    /** Verifies that the manifest form of the descriptor loads as well, and a second plugin beside the first. */
    @Test
    void manifestDescriptorLoads() throws Exception {
        PluginZipBuilder.plugin("translation-phrasebook").manifestDescriptor().requires(">=1.0.0")
                .extension(PhrasebookTranslationFactory.class)
                .addClass(Class.forName("com.example.meridian.translation.PhrasebookTranslator"))
                .writeInto(plugins);
        PluginZipBuilder.plugin("channel-example").extension(ExampleChannelFactory.class).writeInto(plugins);
        load();
        assertEquals(PluginState.STARTED, manager.getPlugin("translation-phrasebook").getPluginState());
        TranslationProviderFactory factory = manager.getExtensions(TranslationProviderFactory.class,
                "translation-phrasebook").get(0);
        ConnectorConfig config = ConnectorConfig.of(factory.descriptor(),
                Map.of("pair", "en:es", "phrasebook", "order=pedido"));
        try (TranslationProvider provider = factory.create(FakeConnectorContext.builder().build(), config)) {
            assertTrue(provider.supports(LanguagePair.of("es", "en")));
            assertEquals("pedido", provider.translate(TranslationRequest.of("order", "en", "es")).text());
        }
        assertEquals(2, manager.getPlugins().size());
    }

    /** Verifies that a plugin requiring a later SPI is not started, as SpiVersion.satisfies predicts. */
    @Test
    void incompatibleRequirementIsNotStarted() throws Exception {
        PluginZipBuilder.plugin("channel-future").requires(">=2.0.0").extension(ExampleChannelFactory.class)
                .writeInto(plugins);
        assertFalse(SpiVersion.satisfies(">=2.0.0"));
        load();
        PluginWrapper plugin = manager.getPlugin("channel-future");
        assertEquals(PluginState.DISABLED, plugin.getPluginState());
        assertTrue(manager.getExtensions(ChannelConnectorFactory.class, "channel-future").isEmpty());
    }

    /** Verifies that a class not listed in extensions.idx is not exposed. */
    @Test
    void unlistedClassIsNoExtension() throws Exception {
        PluginZipBuilder.plugin("channel-quiet").addClass(ExampleChannelFactory.class).writeInto(plugins);
        load();
        assertEquals(PluginState.STARTED, manager.getPlugin("channel-quiet").getPluginState());
        assertTrue(manager.getExtensions(ChannelConnectorFactory.class, "channel-quiet").isEmpty());
    }

    /** Verifies that a classes directory with the annotation processor's index is taken over, index included. */
    @Test
    void classesDirectoryKeepsItsIndex() throws Exception {
        Path classes = Files.createDirectories(plugins.resolve("build/classes"));
        Path source = Path.of(ExampleChannelFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path packageDir = Files.createDirectories(classes.resolve("com/example/meridian/channel"));
        try (var files = Files.list(source.resolve("com/example/meridian/channel"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, packageDir.resolve(f.getFileName()));
            }
        }
        Files.createDirectories(classes.resolve("META-INF"));
        Files.writeString(classes.resolve("META-INF/extensions.idx"),
                "# Generated by PF4J\ncom.example.meridian.channel.ExampleChannelFactory\n");
        PluginZipBuilder.plugin("channel-example").addClassesDirectory(classes).writeInto(plugins.resolve("out"));
        manager = new DefaultPluginManager(plugins.resolve("out"));
        manager.setSystemVersion(SpiVersion.CURRENT);
        manager.loadPlugins();
        manager.startPlugins();
        assertEquals(1, manager.getExtensions(ChannelConnectorFactory.class, "channel-example").size());
    }

    /** Verifies that a signed zip gets a base64 <zip>.sig that verifies with the public key, for Ed25519 and EC P-256. */
    @Test
    void signsWithEd25519AndEcdsa() throws Exception {
        for (String algorithm : List.of("Ed25519", "EC")) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (algorithm.equals("EC")) {
                generator.initialize(256);
            }
            KeyPair keys = generator.generateKeyPair();
            Path zip = PluginZipBuilder.plugin("channel-example").extension(ExampleChannelFactory.class)
                    .signedWith(keys.getPrivate()).writeInto(plugins);
            byte[] sig = Base64.getDecoder().decode(Files.readString(zip.resolveSibling(zip.getFileName() + ".sig")).trim());
            Signature verifier = Signature.getInstance(algorithm.equals("EC") ? "SHA256withECDSA" : "Ed25519");
            verifier.initVerify(keys.getPublic());
            verifier.update(Files.readAllBytes(zip));
            assertTrue(verifier.verify(sig), algorithm);
            String pem = PluginZipBuilder.publicKeyPem(keys.getPublic());
            assertTrue(pem.startsWith("-----BEGIN PUBLIC KEY-----\n") && pem.endsWith("-----END PUBLIC KEY-----\n"));
        }
        PluginZipBuilder.plugin("channel-example").extension(ExampleChannelFactory.class).writeInto(plugins);
        assertFalse(Files.exists(plugins.resolve("channel-example-1.0.0.zip.sig")), "unsigned rewrite drops a stale .sig");
    }
}
