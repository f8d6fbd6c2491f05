package io.meridian.spi.channel;

import io.meridian.spi.ConnectorFactory;

/**
 * The PF4J extension point of a channel plugin: mark the implementation with {@code @Extension}.
 *
 * <p>See {@link ConnectorFactory} for the lifecycle and threading of factories and {@link ChannelConnector} for
 * those of the instances it creates. The descriptor's capabilities are taken from {@link ChannelCapabilities}.
 */
public interface ChannelConnectorFactory extends ConnectorFactory<ChannelConnector, ChannelContext> {
}
