/**
 * Machine translation: engines that translate customer messages for agents and agent replies back.
 *
 * <p>A {@link io.meridian.spi.translation.TranslationProviderFactory} (the PF4J extension point) creates one
 * {@link io.meridian.spi.translation.TranslationProvider} per configured engine (an on-site Apertium server, a cloud
 * API account). The appliance asks it which {@link io.meridian.spi.translation.LanguagePair}s it supports, picks a
 * provider per pair (pivoting through a third language when no direct pair exists), caches results, and always
 * shows the original beside the translation.
 *
 * <p>Residency: translation sends message text to the engine. A provider whose descriptor declares remote
 * {@link io.meridian.spi.DataEgress egress} is refused for regions whose policy forbids it, so declare it truthfully.
 *
 * <p>Threading: see {@link io.meridian.spi}; all calls come off the event loop, on the plugin's executor, with a
 * timeout, may block, and may run concurrently.
 */
package io.meridian.spi.translation;
