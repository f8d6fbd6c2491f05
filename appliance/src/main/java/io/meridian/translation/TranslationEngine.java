package io.meridian.translation;

import io.meridian.spi.DataEgress;
import io.meridian.spi.translation.LanguagePair;
import io.meridian.spi.translation.TranslationRequest;
import io.meridian.spi.translation.TranslationResult;
import io.vertx.core.Future;
import java.util.Optional;
import java.util.Set;

/**
 * One translation engine as the translation service sees it: a configured translation-provider instance reached through
 * the plugin host's isolation layer ({@link PluginEngines}). Calls never block the caller.
 */
public interface TranslationEngine {

    /** The instance id, as {@code translation.preferred-providers} names it. */
    String id();

    /** Whether calls can reach the engine now. */
    boolean isRunning();

    /** Where the engine may send text; empty when not known (treated as remote by the residency policy). */
    Optional<DataEgress> egress();

    Future<Set<LanguagePair>> supportedPairs();

    Future<TranslationResult> translate(TranslationRequest request);
}
