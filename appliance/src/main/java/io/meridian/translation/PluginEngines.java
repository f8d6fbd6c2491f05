package io.meridian.translation;

import io.meridian.plugin.TranslationProviderHandle;
import io.meridian.spi.DataEgress;
import io.meridian.spi.translation.LanguagePair;
import io.meridian.spi.translation.TranslationRequest;
import io.meridian.spi.translation.TranslationResult;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The running translation-provider instances of the plugin host ({@code ConnectorLookup.translationProviders}), as
 * engines; looked up afresh on every call.
 */
public final class PluginEngines {

    private PluginEngines() {
    }

    public static Supplier<List<TranslationEngine>> of(Supplier<List<TranslationProviderHandle>> providers) {
        return () -> providers.get().stream().<TranslationEngine>map(Handle::new).toList();
    }

    private record Handle(TranslationProviderHandle handle) implements TranslationEngine {

        @Override
        public String id() {
            return handle.instanceId();
        }

        @Override
        public boolean isRunning() {
            return handle.isRunning();
        }

        @Override
        public Optional<DataEgress> egress() {
            return handle.egress();
        }

        @Override
        public Future<Set<LanguagePair>> supportedPairs() {
            return handle.supportedPairs();
        }

        @Override
        public Future<TranslationResult> translate(TranslationRequest request) {
            return handle.translate(request);
        }
    }
}
