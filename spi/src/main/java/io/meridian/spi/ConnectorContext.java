package io.meridian.spi;

import java.time.Clock;

/**
 * What the appliance hands an instance when it creates it: who the instance is and the services it may use.
 *
 * <p>The context is the plugin's only way into the appliance. It never gives access to the database, to other
 * customers' data or to another instance. Extension points that need more (for example a channel's inbound path)
 * extend it.
 *
 * <p>Lifecycle: one context per instance, valid from {@code create} until the instance is closed. Threading: the
 * appliance implements it thread-safely; an instance may call it from any thread, including threads it started.
 */
public interface ConnectorContext {

    /** @return the PF4J id of the plugin the instance belongs to, e.g. {@code channel-telegram} */
    String pluginId();

    /**
     * @return the id the admin gave this configured instance (account), unique within the plugin, e.g.
     *         {@code support-bot}; part of its webhook path {@code /hooks/{plugin}/{instance}}
     */
    String instanceId();

    /** @return the clock to use for time stamps and time-outs, so tests can control time */
    Clock clock();

    /**
     * @return a logger named after the plugin and instance. Never log secrets, message text or other personal data:
     *         logs leave the region's encryption.
     */
    System.Logger logger();

    /**
     * The HTTP client through which the instance must send every request that carries customer data: it checks each
     * connection against the instance's residency where it is made (see {@link HttpEgress}). A connector that opens
     * its own connections cannot be held to the residency policy.
     *
     * @return the appliance's residency-checked HTTP client for this instance
     * @throws UnsupportedOperationException if this context offers none (a context not made by the appliance, such
     *         as one written for a test before SPI 1.1.0)
     * @since 1.1.0
     */
    default HttpEgress http() {
        throw new UnsupportedOperationException("this ConnectorContext offers no residency-checked HTTP client");
    }
}
