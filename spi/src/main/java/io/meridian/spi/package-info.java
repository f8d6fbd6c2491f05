/**
 * The Meridian service-provider interface: the types plugin authors compile against.
 *
 * <p>This module depends on the JDK only, so a plugin built against one version keeps working across appliance
 * upgrades within the same major SPI version. Extension points for channels, machine translation and CRMs are
 * added here as the plugin host arrives; nothing in this package refers to the appliance's internals.
 */
package io.meridian.spi;
