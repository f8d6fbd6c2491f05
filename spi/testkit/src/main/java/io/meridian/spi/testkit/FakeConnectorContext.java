package io.meridian.spi.testkit;

import io.meridian.spi.ConnectorContext;
import io.meridian.spi.HttpEgress;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import javax.net.SocketFactory;

/**
 * A {@link ConnectorContext} for tests: fixed ids, a clock of your choice, a logger that records every line, and an
 * HTTP client ({@link DirectHttpEgress} unless you supply one, e.g. one that refuses, to test how the connector
 * reports an {@link io.meridian.spi.EgressRefusedException}) and a socket factory (the JDK's plain, unchecked
 * {@link SocketFactory#getDefault()} unless you supply one, e.g. one that refuses or records).
 *
 * <pre>{@code
 * FakeConnectorContext context = FakeConnectorContext.builder()
 *     .pluginId("translation-example").instanceId("main").clock(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))
 *     .build();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public class FakeConnectorContext implements ConnectorContext {

    private final String pluginId;
    private final String instanceId;
    private final Clock clock;
    private final RecordingLogger logger;
    private final HttpEgress http;
    private final SocketFactory sockets;

    /**
     * @param builder the settings
     */
    protected FakeConnectorContext(Builder<?> builder) {
        this.pluginId = builder.pluginId;
        this.instanceId = builder.instanceId;
        this.clock = builder.clock;
        this.logger = new RecordingLogger(pluginId + "." + instanceId);
        this.http = builder.http != null ? builder.http : new DirectHttpEgress();
        this.sockets = builder.sockets != null ? builder.sockets : SocketFactory.getDefault();
    }

    /** @return a builder with plugin id {@code test-plugin}, instance id {@code test} and the UTC system clock */
    public static Builder<?> builder() {
        return new PlainBuilder();
    }

    @Override
    public String pluginId() {
        return pluginId;
    }

    @Override
    public String instanceId() {
        return instanceId;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public System.Logger logger() {
        return logger;
    }

    /** @return the HTTP client given to the builder, else a {@link DirectHttpEgress} */
    @Override
    public HttpEgress http() {
        return http;
    }

    /**
     * @return the socket factory given to the builder, else the JDK's default one: direct connections without
     *         residency checks (the appliance's own factory is what enforces residency)
     */
    @Override
    public SocketFactory sockets() {
        return sockets;
    }

    /** @return every line logged so far through {@link #logger()}, oldest first */
    public List<LoggedLine> logged() {
        return logger.lines();
    }

    /**
     * @param text a text that must not have been logged, e.g. a secret
     * @return whether any logged line contains it
     */
    public boolean loggedAnything(String text) {
        Objects.requireNonNull(text, "text");
        return logger.lines().stream().anyMatch(line -> line.message().contains(text));
    }

    /**
     * Settings of a fake context.
     *
     * @param <B> the concrete builder type, so subclasses' builders chain
     */
    public abstract static class Builder<B extends Builder<B>> {
        private String pluginId = "test-plugin";
        private String instanceId = "test";
        private Clock clock = Clock.systemUTC();
        private HttpEgress http;
        private SocketFactory sockets;

        /** Creates a builder with the defaults. */
        protected Builder() {
        }

        /** @return this builder */
        protected abstract B self();

        /** @return this builder with the plugin id */
        public B pluginId(String value) {
            this.pluginId = Objects.requireNonNull(value, "pluginId");
            return self();
        }

        /** @return this builder with the instance id */
        public B instanceId(String value) {
            this.instanceId = Objects.requireNonNull(value, "instanceId");
            return self();
        }

        /** @return this builder with the clock */
        public B clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return self();
        }

        /**
         * @param value the HTTP client {@link #http()} returns
         * @return this builder
         * @since 1.1.0
         */
        public B http(HttpEgress value) {
            this.http = Objects.requireNonNull(value, "http");
            return self();
        }

        /**
         * @param value the socket factory {@link #sockets()} returns
         * @return this builder
         * @since 1.2.0
         */
        public B sockets(SocketFactory value) {
            this.sockets = Objects.requireNonNull(value, "sockets");
            return self();
        }

        /** @return the context */
        public FakeConnectorContext build() {
            return new FakeConnectorContext(this);
        }
    }

    private static final class PlainBuilder extends Builder<PlainBuilder> {
        @Override
        protected PlainBuilder self() {
            return this;
        }
    }
}
