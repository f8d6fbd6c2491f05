package io.meridian.translation.apertium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.sun.net.httpserver.HttpServer;
import io.meridian.spi.ConnectorConfig;
import io.meridian.spi.SpiVersion;
import io.meridian.spi.translation.LanguagePair;
import io.meridian.spi.translation.TranslationProvider;
import io.meridian.spi.translation.TranslationProviderFactory;
import io.meridian.spi.testkit.FakeConnectorContext;
import io.meridian.spi.testkit.PluginZipBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;

/**
 * Verifies that the plugin, packaged as the bundled zip is (its classes plus Jackson in lib/), loads in PF4J under
 * its id and that its factory, found through the extension index, reads APY's answer with the JSON library from its
 * own class loader. APY's {@code /listPairs} answer is scripted, so this runs without Apertium.
 */
@Timeout(30)
class PluginPackagingTest {

    @Test
    void loadsThroughPf4j(@TempDir Path plugins) throws Exception {
        Path classes = Path.of(ApertiumTranslationFactory.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI());
        Path jackson = Path.of(JsonFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        PluginZipBuilder.plugin(ApertiumTranslationFactory.ID).version("1.0.0").requires(">=1.0.0 & <2.0.0")
                .provider("Meridian").addClassesDirectory(classes).addJar(jackson).writeInto(plugins);
        HttpServer apy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        apy.createContext("/listPairs", exchange -> {
            byte[] body = ("{\"responseData\": [{\"sourceLanguage\": \"fra\", \"targetLanguage\": \"spa\"}, "
                    + "{\"sourceLanguage\": \"spa\", \"targetLanguage\": \"eng\"}], \"responseDetails\": null, "
                    + "\"responseStatus\": 200}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        apy.start();
        PluginManager manager = new DefaultPluginManager(plugins);
        manager.setSystemVersion(SpiVersion.CURRENT);
        try {
            manager.loadPlugins();
            manager.startPlugins();
            List<TranslationProviderFactory> factories = manager.getExtensions(TranslationProviderFactory.class,
                    ApertiumTranslationFactory.ID);
            assertEquals(1, factories.size());
            TranslationProviderFactory factory = factories.get(0);
            assertNotEquals(ApertiumTranslationFactory.class.getClassLoader(), factory.getClass().getClassLoader(),
                    "the factory must come from the plugin's class loader");
            assertEquals(Set.of("baseUrl"), factory.descriptor().egress().hostProperties());
            TranslationProvider provider = factory.create(FakeConnectorContext.builder().build(),
                    ConnectorConfig.of(factory.descriptor(),
                            Map.of("baseUrl", "http://127.0.0.1:" + apy.getAddress().getPort())));
            try {
                assertTrue(provider.supportedPairs().contains(LanguagePair.of("fr", "en")));
            } finally {
                provider.close();
            }
        } finally {
            manager.unloadPlugins(); // stops them too (its stopPlugins() trips over its own list in PF4J 3.15)
            apy.stop(0);
        }
    }
}
