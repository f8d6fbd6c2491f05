package io.meridian.spi.translation;

import io.meridian.spi.ConnectorContext;
import io.meridian.spi.ConnectorFactory;

/**
 * The PF4J extension point of a translation plugin: mark the implementation with {@code @Extension}.
 *
 * <p>See {@link ConnectorFactory} for the lifecycle and threading of factories and {@link TranslationProvider} for
 * those of the instances it creates. Translation providers need no more of the appliance than the basic
 * {@link ConnectorContext}.
 */
public interface TranslationProviderFactory extends ConnectorFactory<TranslationProvider, ConnectorContext> {
}
