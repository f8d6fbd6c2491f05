package io.meridian.translation.apertium;

import io.meridian.spi.translation.LanguagePair;
import io.meridian.spi.translation.TranslationProviderFactory;
import io.meridian.spi.testkit.TranslationProviderContract;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/** The test kit's translation contract, against the real APY server (see {@link ApyServer}). */
@Timeout(60)
class ApertiumContractTest extends TranslationProviderContract {

    @BeforeEach
    void requireApy() {
        ApyServer.require();
    }

    @Override
    protected TranslationProviderFactory translationFactory() {
        return new ApertiumTranslationFactory();
    }

    @Override
    protected Map<String, String> validConfig() {
        return Map.of("baseUrl", ApyServer.url().toString(), "timeoutSeconds", "20");
    }

    @Override
    protected LanguagePair supportedPair() {
        return LanguagePair.of("en", "es");
    }
}
