package io.meridian.spi;

import java.time.Clock;
import javax.net.SocketFactory;

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

    /**
     * The socket factory through which the instance must open every other connection that carries customer data
     * (IMAP, SMTP, any protocol that is not HTTP): it applies the same residency rule as {@link #http()} to each
     * connection where it is made.
     *
     * <p>Every socket it makes, when it connects ({@code createSocket(host, port)}, or {@code createSocket()} and then
     * {@code connect(new InetSocketAddress(host, port), timeout)}), resolves the host name it is given, checks
     * <em>every</em> address the name resolves to against the instance's residency and connects to the address it
     * checked, whatever address the caller's {@code InetSocketAddress} was resolved to. A refused host fails the
     * connect with {@link EgressRefusedException}; nothing was sent. The sockets are plain TCP: layer TLS over them
     * with the host name (for example {@code SSLSocketFactory.createSocket(socket, host, port, true)}), so the
     * certificate is checked against the name, not the address.
     *
     * <p>Blocking, like any socket connect: call it on the instance's own threads, never on an event loop.
     *
     * <pre>{@code
     * Properties mail = new Properties();
     * mail.put("mail.imap.socketFactory", context.sockets());
     * mail.put("mail.imap.socketFactory.fallback", "false"); // never retry without the factory
     * }</pre>
     *
     * @return the appliance's residency-checked socket factory for this instance
     * @throws UnsupportedOperationException if this context offers none (a context not made by the appliance, such
     *         as one written for a test before SPI 1.2.0)
     * @since 1.2.0
     */
    default SocketFactory sockets() {
        throw new UnsupportedOperationException("this ConnectorContext offers no residency-checked socket factory");
    }
}
