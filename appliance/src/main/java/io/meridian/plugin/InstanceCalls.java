package io.meridian.plugin;

import io.meridian.spi.channel.ChannelConnector;
import io.meridian.spi.channel.OutboundMessage;
import io.meridian.spi.channel.SendResult;
import io.meridian.spi.channel.WebhookRequest;
import io.meridian.spi.channel.WebhookResponse;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls into running connector instances: each goes through the plugin's {@link PluginCalls} (its own bounded
 * executor, a deadline), and its outcome is recorded on the instance: a failure makes a running instance DEGRADED
 * with the reason, the next success makes it RUNNING again. Call on the host's context.
 */
final class InstanceCalls {

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

    /** A call on a connector; it may block and throw anything. */
    @FunctionalInterface
    interface PluginFunction<C, T> {
        T apply(C connector) throws Exception;
    }

    private final HostRuntime runtime;

    InstanceCalls(HostRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * Calls {@code fn} on the instance's connector. Fails with {@link ConnectorUnavailableException} if the instance
     * is not running, {@link NoSuchElementException} if its connector is not a {@code type}, and otherwise as the
     * call does ({@link PluginCallTimeoutException}, {@link PluginBusyException}, or what the connector threw).
     */
    <C, T> Future<T> invoke(ConnectorInstance instance, Class<C> type, String what, PluginFunction<C, T> fn) {
        AutoCloseable connector = instance.connector;
        LoadedPlugin plugin = instance.plugin;
        if (connector == null || plugin == null || plugin.calls == null) {
            return Future.failedFuture(new ConnectorUnavailableException("connector instance '" + instance.id
                    + "' is " + instance.state.name().toLowerCase(Locale.ROOT)
                    + (instance.lastError == null ? "" : ": " + instance.lastError)));
        }
        if (!type.isInstance(connector)) {
            return Future.failedFuture(new NoSuchElementException("connector instance '" + instance.id + "' is not a "
                    + type.getSimpleName()));
        }
        C typed = type.cast(connector);
        int generation = instance.generation;
        return plugin.calls.call(what + " on instance '" + instance.id + "'", () -> fn.apply(typed))
                .onComplete(ar -> {
                    if (generation != instance.generation) {
                        return;
                    }
                    if (ar.succeeded()) {
                        succeeded(instance);
                    } else {
                        failed(instance, what, ar.cause());
                    }
                });
    }

    /** A call on the instance worked: a DEGRADED instance is RUNNING again (its last error stays visible). */
    void succeeded(ConnectorInstance instance) {
        if (instance.state == InstanceState.DEGRADED) {
            instance.state = InstanceState.RUNNING;
            instance.since = Instant.now();
        }
    }

    /** A call on the instance failed: a running instance is DEGRADED with the reason, and it keeps being called. */
    void failed(ConnectorInstance instance, String what, Throwable cause) {
        if (instance.state == InstanceState.RUNNING || instance.state == InstanceState.DEGRADED) {
            instance.state(InstanceState.DEGRADED, what + " failed: " + Failures.describe(cause));
        }
        LOG.warn("Connector instance '{}': {} failed: {}", instance.id, what, Failures.describe(cause));
    }

    /**
     * Hands an inbound webhook to the instance's connector. Fails with {@link NoSuchElementException} if there is no
     * such channel instance of that plugin; otherwise as {@link #invoke}.
     */
    Future<WebhookResponse> webhook(String pluginId, String instanceId, WebhookRequest request) {
        ConnectorInstance instance = runtime.instances.get(instanceId);
        if (instance == null || !instance.pluginId.equals(pluginId)) {
            return Future.failedFuture(new NoSuchElementException("no connector instance '" + instanceId
                    + "' of plugin '" + pluginId + "'"));
        }
        return invoke(instance, ChannelConnector.class, "webhook", c -> c.onWebhook(request));
    }

    /** How the outbox reaches connectors. */
    OutboxDispatcher.Sender sender() {
        return new OutboxDispatcher.Sender() {
            @Override
            public boolean canSend(String instanceId) {
                ConnectorInstance instance = runtime.instances.get(instanceId);
                return instance != null && instance.connector instanceof ChannelConnector && instance.plugin != null;
            }

            @Override
            public Future<SendResult> send(String instanceId, OutboundMessage message) {
                ConnectorInstance instance = runtime.instances.get(instanceId);
                if (instance == null) {
                    return Future.failedFuture(new ConnectorUnavailableException("no connector instance '"
                            + instanceId + "'"));
                }
                return invoke(instance, ChannelConnector.class, "send", c -> c.send(message));
            }
        };
    }
}
