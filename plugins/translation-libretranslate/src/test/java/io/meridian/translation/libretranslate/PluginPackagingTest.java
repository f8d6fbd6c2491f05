package io.meridian.translation.libretranslate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.core.JsonFactory;
import io.meridian.spi.ConnectorConfig;
import io.meridian.spi.SpiVersion;
import io.meridian.spi.translation.TranslationProvider;
import io.meridian.spi.translation.TranslationProviderFactory;
import io.meridian.spi.translation.TranslationRequest;
import io.meridian.spi.testkit.FakeConnectorContext;
import io.meridian.spi.testkit.PluginZipBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;

/**
 * Verifies that the plugin, packaged as the bundled zip is (its classes plus Jackson in lib/), loads in PF4J under
 * its id, that its factory is found through the extension index and translates with the JSON library from its own
 * class loader.
 */
@Timeout(30)
class PluginPackagingTest {

    @Test
    void loadsAndTranslatesThroughPf4j(@TempDir Path plugins) throws Exception {
        Path classes = Path.of(LibreTranslateFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jackson = Path.of(JsonFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        PluginZipBuilder.plugin(LibreTranslateFactory.ID).version("1.0.0").requires(">=1.0.0 & <2.0.0")
                .provider("Meridian").addClassesDirectory(classes).addJar(jackson).writeInto(plugins);
        PluginManager manager = new DefaultPluginManager(plugins);
        manager.setSystemVersion(SpiVersion.CURRENT);
        try (FakeLibreTranslate server = new FakeLibreTranslate(null)) {
            manager.loadPlugins();
            manager.startPlugins();
            List<TranslationProviderFactory> factories = manager.getExtensions(TranslationProviderFactory.class,
                    LibreTranslateFactory.ID);
            assertEquals(1, factories.size());
            TranslationProviderFactory factory = factories.get(0);
            assertNotEquals(LibreTranslateFactory.class.getClassLoader(), factory.getClass().getClassLoader(),
                    "the factory must come from the plugin's class loader");
            TranslationProvider provider = factory.create(FakeConnectorContext.builder().build(),
                    ConnectorConfig.of(factory.descriptor(), Map.of("baseUrl", server.url())));
            try {
                assertEquals("La casa es grande.",
                        provider.translate(TranslationRequest.of("The house is big.", "en", "es")).text());
            } finally {
                provider.close();
            }
        } finally {
            manager.unloadPlugins(); // stops them too (its stopPlugins() trips over its own list in PF4J 3.15)
        }
    }
}
