package io.meridian.plugin;

import io.meridian.spi.translation.LanguagePair;
import io.meridian.spi.translation.TranslationProvider;
import io.meridian.spi.translation.TranslationRequest;
import io.meridian.spi.translation.TranslationResult;
import io.vertx.core.Future;
import java.util.Set;

/**
 * A configured translation-provider instance, as the node's translation capability calls it (from
 * {@link PluginHost#translationProviders()}). Calls are isolated and bounded as {@link ConnectorHandle} describes.
 */
public final class TranslationProviderHandle extends ConnectorHandle {

    TranslationProviderHandle(HostRuntime runtime, InstanceCalls calls, ConnectorInstance instance) {
        super(runtime, calls, instance);
    }

    /** {@link TranslationProvider#translate}, off the event loop, within the node's deadline. */
    public Future<TranslationResult> translate(TranslationRequest request) {
        return call(TranslationProvider.class, "translate", p -> p.translate(request));
    }

    /** {@link TranslationProvider#supportedPairs}, off the event loop, within the node's deadline. */
    public Future<Set<LanguagePair>> supportedPairs() {
        return call(TranslationProvider.class, "supportedPairs", TranslationProvider::supportedPairs);
    }
}
