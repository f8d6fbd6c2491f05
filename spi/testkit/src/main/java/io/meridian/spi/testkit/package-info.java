/**
 * The test kit for Meridian plugin authors: what a plugin's own tests use to show it honours the SPI.
 *
 * <ul>
 *   <li>Contract tests, one per extension point: {@link io.meridian.spi.testkit.ChannelConnectorContract},
 *       {@link io.meridian.spi.testkit.TranslationProviderContract}, {@link io.meridian.spi.testkit.CrmConnectorContract}.
 *       A plugin's test class extends one, supplies its factory, a working configuration and a few fixtures, and
 *       inherits every check (JUnit 5).</li>
 *   <li>Fakes of the appliance's side: {@link io.meridian.spi.testkit.FakeConnectorContext} and
 *       {@link io.meridian.spi.testkit.FakeChannelContext}, built with builders, recording what a connector hands
 *       them and what it logs.</li>
 *   <li>{@link io.meridian.spi.testkit.PluginZipBuilder}, which writes a PF4J plugin zip from classes, resources
 *       and jars, for tests that load a plugin the way the appliance does.</li>
 * </ul>
 *
 * <p>Depends on the SPI, PF4J and the JUnit Jupiter API; add it with {@code test} scope.
 */
package io.meridian.spi.testkit;
