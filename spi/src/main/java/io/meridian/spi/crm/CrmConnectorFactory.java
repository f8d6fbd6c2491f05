package io.meridian.spi.crm;

import io.meridian.spi.ConnectorContext;
import io.meridian.spi.ConnectorFactory;

/**
 * The PF4J extension point of a CRM plugin: mark the implementation with {@code @Extension}.
 *
 * <p>See {@link ConnectorFactory} for the lifecycle and threading of factories and {@link CrmConnector} for those
 * of the instances it creates.
 */
public interface CrmConnectorFactory extends ConnectorFactory<CrmConnector, ConnectorContext> {
}
