/**
 * The Meridian service-provider interface: the types plugin authors compile against.
 *
 * <p>An extension point is always the same small set of parts:
 * <ul>
 *   <li>a <em>factory</em> ({@link io.meridian.spi.ConnectorFactory}), the PF4J extension point a plugin marks with
 *       {@code @Extension}; the appliance discovers it once per plugin and asks it for its
 *       {@link io.meridian.spi.ConnectorDescriptor descriptor};</li>
 *   <li>an <em>instance</em> per account the admin configures, created by the factory from a validated
 *       {@link io.meridian.spi.ConnectorConfig} and a context the appliance provides, and closed when the account is
 *       disabled, reconfigured or the node stops;</li>
 *   <li>immutable records for everything that crosses the boundary.</li>
 * </ul>
 *
 * <h2>Threading</h2>
 * The appliance owns the threads. It calls every method of a factory and of an instance off its event loop, on a
 * bounded executor dedicated to the plugin, with a timeout. Methods are therefore plain and may block (network or
 * file I/O); they should respond to {@link java.lang.Thread#interrupt() interruption}, which is how a call that
 * exceeded its timeout is cancelled. A plugin that throws or hangs harms only itself: the appliance marks it failed,
 * retries with back-off where that makes sense, and keeps serving.
 *
 * <h2>Compatibility</h2>
 * This module depends on the JDK and PF4J only, and no appliance type appears in a signature, so a plugin built
 * against one version keeps working across appliance upgrades within the same major {@link io.meridian.spi.SpiVersion}.
 * The SPI grows only by added types and {@code default} methods marked {@code @since}.
 *
 * <p>Extension points: {@link io.meridian.spi.channel channels}, {@link io.meridian.spi.translation machine
 * translation} and {@link io.meridian.spi.crm CRMs}.
 */
package io.meridian.spi;
