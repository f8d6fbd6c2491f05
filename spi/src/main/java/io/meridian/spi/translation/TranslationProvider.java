package io.meridian.spi.translation;

import java.util.Set;

/**
 * One configured translation engine, created by a {@link TranslationProviderFactory}.
 *
 * <h2>Lifecycle</h2>
 * {@code create} &rarr; any number of calls &rarr; {@link #close()} (idempotent; releases connections, stops helper
 * processes). There is no start step: connect lazily on first use, so a remote engine that is down fails a call
 * (retryable) rather than the instance.
 *
 * <h2>Threading</h2>
 * Called off the event loop, on the plugin's bounded executor, with a timeout; calls may block and may run
 * concurrently, so an implementation must be thread-safe. Respond to interruption.
 *
 * <h2>Errors</h2>
 * Throw {@link io.meridian.spi.ConnectorException}: retryable for an engine that is down or rate-limited,
 * non-retryable for an unsupported pair or a text the engine refuses. The appliance then shows the original text
 * without translation; nothing is lost. Never put the text in an exception message.
 */
@SuppressWarnings("try") // close() may throw Exception, as AutoCloseable allows
public interface TranslationProvider extends AutoCloseable {

    /**
     * @return the pairs this engine translates directly; the appliance caches the answer for a while and builds
     *         pivots from it
     * @throws Exception if the engine cannot be asked
     */
    Set<LanguagePair> supportedPairs() throws Exception;

    /**
     * @param pair a direction
     * @return whether {@link #supportedPairs()} contains it
     * @throws Exception if the engine cannot be asked
     */
    default boolean supports(LanguagePair pair) throws Exception {
        return supportedPairs().contains(pair);
    }

    /**
     * Translates a text. Terms of the request's glossary marked {@link GlossaryTerm#doNotTranslate()} (product and
     * brand names) must appear unchanged in the result; other terms should be translated as the glossary says.
     *
     * @param request the text, languages and glossary
     * @return the translation with a confidence between 0 and 1
     * @throws io.meridian.spi.ConnectorException retryable or not, see the class comment
     * @throws Exception for anything unexpected
     */
    TranslationResult translate(TranslationRequest request) throws Exception;

    /**
     * Releases everything the instance holds (connections, threads, helper processes). Called once the appliance no
     * longer uses the instance: when the admin disables or reconfigures it, when its plugin is reloaded, and when the
     * node stops; for a channel also after a failed {@code start()}. Must be idempotent: a second call does nothing. Called
     * off the event loop with a timeout, like every other method.
     *
     * @throws Exception if releasing failed; the appliance logs it and drops the instance anyway
     */
    @Override
    void close() throws Exception;
}
