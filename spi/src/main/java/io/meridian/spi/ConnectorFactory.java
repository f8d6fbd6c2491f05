package io.meridian.spi;

import org.pf4j.ExtensionPoint;

/**
 * The PF4J extension point every connector plugin implements once per kind of connector: it describes the
 * connector and creates one instance per account the admin configures.
 *
 * <p>Plugins implement one of the typed sub-interfaces ({@code ChannelConnectorFactory},
 * {@code TranslationProviderFactory}, {@code CrmConnectorFactory}) and mark the class with PF4J's
 * {@code @Extension}, so the appliance finds it through {@code META-INF/extensions.idx}.
 *
 * <h2>Lifecycle</h2>
 * The appliance instantiates the factory once per plugin load with its public no-argument constructor, reads
 * {@link #id()} and {@link #descriptor()} (and may read them again at any time), and then calls
 * {@link #create(ConnectorContext, ConnectorConfig)} for each enabled instance, again after a reconfiguration or
 * a failure. A factory holds no per-account state. Every instance it returns is {@link AutoCloseable#close() closed}
 * by the appliance exactly when it is no longer used; {@code close()} must be idempotent.
 *
 * <h2>Threading</h2>
 * All methods are called off the event loop, on the plugin's bounded executor, with a timeout, and may block.
 * {@code create} may run concurrently for different instances, so the factory must be thread-safe (stateless
 * is simplest). {@code id()} and {@code descriptor()} must be cheap and must not perform I/O.
 *
 * @param <I> the instance type
 * @param <C> the context type the appliance passes to {@code create}
 */
public interface ConnectorFactory<I extends AutoCloseable, C extends ConnectorContext> extends ExtensionPoint {

    /**
     * The stable id of this connector kind, matching {@value ConnectorDescriptor#ID_PATTERN}, e.g.
     * {@code channel-telegram}. It keys the admin's configuration, so it must never change between versions.
     *
     * <p>The default returns {@code descriptor().id()}; override only to make it cheaper.
     *
     * @return the id, equal to {@code descriptor().id()}
     */
    default String id() {
        return descriptor().id();
    }

    /**
     * @return the descriptor: configuration properties, capabilities and data egress; the same value on every call
     */
    ConnectorDescriptor descriptor();

    /**
     * Creates an instance for one configured account. Should validate what the config cannot express on its own
     * (for example that two properties fit together) but should not contact remote systems: channel connectors do
     * that in {@code start()}; others on first use.
     *
     * @param context the appliance's services for this instance
     * @param config the validated configuration for this instance ({@link ConnectorConfig#of} already applied)
     * @return a new instance, never {@code null}
     * @throws ConnectorException if the instance cannot be created; its message is shown to the admin
     * @throws Exception for anything else; the appliance marks the instance failed with the message and tries again
     *         later with back-off
     */
    I create(C context, ConnectorConfig config) throws Exception;

    /**
     * Checks what the descriptor's types cannot: ranges, combinations of properties. The appliance calls it when an
     * admin saves an instance (console or API), before anything is stored, so a value out of range is refused at
     * once with the property named instead of being accepted and failing at start. It must not contact remote
     * systems, and should apply the same rules as {@link #create}.
     *
     * <p>The default accepts everything the descriptor accepted. Since SPI 1.4.0.
     *
     * @param config the configuration as {@link ConnectorConfig#of} validated it against the descriptor
     * @throws InvalidConfigException naming each property whose value does not fit; its problems are shown per field
     */
    default void validate(ConnectorConfig config) throws InvalidConfigException {
    }
}
