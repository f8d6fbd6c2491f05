package io.meridian.plugin;

import io.meridian.spi.ConnectorFactory;
import io.meridian.spi.channel.ChannelConnectorFactory;
import io.meridian.spi.crm.CrmConnectorFactory;
import io.meridian.spi.translation.TranslationProviderFactory;

/** The extension point a connector factory implements. */
public enum ConnectorKind {
    CHANNEL, TRANSLATION, CRM;

    /** The kind of {@code factory}, or null for a factory of an extension point this host does not know. */
    static ConnectorKind of(ConnectorFactory<?, ?> factory) {
        if (factory instanceof ChannelConnectorFactory) {
            return CHANNEL;
        }
        if (factory instanceof TranslationProviderFactory) {
            return TRANSLATION;
        }
        if (factory instanceof CrmConnectorFactory) {
            return CRM;
        }
        return null;
    }
}
