package io.meridian.translation.libretranslate;

import io.meridian.spi.translation.LanguagePair;
import io.meridian.spi.translation.TranslationProviderFactory;
import io.meridian.spi.testkit.TranslationProviderContract;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/** The test kit's translation contract, against a LibreTranslate server on loopback that requires a key. */
@Timeout(30)
class LibreTranslateContractTest extends TranslationProviderContract {

    private FakeLibreTranslate server;

    @BeforeEach
    void startServer() throws IOException {
        server = new FakeLibreTranslate("contract-key-5f1c9e");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Override
    protected TranslationProviderFactory translationFactory() {
        return new LibreTranslateFactory();
    }

    @Override
    protected Map<String, String> validConfig() {
        return Map.of("baseUrl", server.url(), "apiKey", "contract-key-5f1c9e", "timeoutSeconds", "5");
    }

    @Override
    protected LanguagePair supportedPair() {
        return LanguagePair.of("en", "es");
    }
}
