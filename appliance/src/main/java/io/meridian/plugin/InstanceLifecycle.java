package io.meridian.plugin;

import io.meridian.conversation.Appended;
import io.meridian.conversation.ChannelInbound;
import io.meridian.spi.ConnectorConfig;
import io.meridian.spi.ConnectorContext;
import io.meridian.spi.ConnectorFactory;
import io.meridian.spi.DataEgress;
import io.meridian.spi.HttpEgress;
import io.meridian.spi.InvalidConfigException;
import io.meridian.spi.channel.ChannelCapabilities;
import io.meridian.spi.channel.ChannelConnector;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.net.SocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starting and stopping connector instances: create the connector from the stored values (secrets opened only
 * here), start it, begin polling; a create or start that throws or hangs marks the instance FAILED and is retried
 * with back-off, except for invalid values, which need the admin. Every step runs on the plugin's executor; every
 * state change on the host's context. A generation number per instance drops late answers of abandoned attempts.
 */
final class InstanceLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);
    static final Duration CLOSE_DEADLINE = Duration.ofSeconds(5);

    private final HostRuntime runtime;
    private final InstanceStore store;
    private final OutboxDispatcher outbox;
    private final PollScheduler polls;
    private final Function<ChannelInbound, Future<Appended>> receive;
    private final ChannelProfiles profiles;

    InstanceLifecycle(HostRuntime runtime, InstanceStore store, OutboxDispatcher outbox, PollScheduler polls,
            Function<ChannelInbound, Future<Appended>> receive, ChannelProfiles profiles) {
        this.runtime = runtime;
        this.store = store;
        this.outbox = outbox;
        this.polls = polls;
        this.receive = receive;
        this.profiles = profiles;
    }

    /** Starts the instance if it is enabled, not running, and its plugin is started; else records why it waits. */
    void start(ConnectorInstance instance) {
        if (runtime.stopping) {
            return;
        }
        runtime.cancelTimer(instance.retryTimer);
        instance.retryTimer = -1;
        if (instance.connector != null) {
            return;
        }
        if (!instance.enabled) {
            instance.state(InstanceState.DISABLED, null);
            return;
        }
        LoadedPlugin plugin = runtime.plugins.get(instance.pluginId);
        if (plugin == null) {
            instance.state(InstanceState.WAITING, "no plugin '" + instance.pluginId + "' is installed (no zip in "
                    + "plugins.dir provides it)");
            return;
        }
        if (plugin.state != PluginState.STARTED) {
            instance.state(InstanceState.WAITING, "plugin '" + plugin.id + "' is "
                    + plugin.state.name().toLowerCase(Locale.ROOT)
                    + (plugin.lastError == null ? "" : ": " + plugin.lastError));
            return;
        }
        LoadedPlugin.Factory factory = plugin.factories.get(instance.factoryId);
        if (factory == null) {
            instance.state(InstanceState.FAILED, "plugin '" + plugin.id + "' has no connector factory '"
                    + instance.factoryId + "'; it has " + plugin.factories.keySet());
            return;
        }
        int generation = ++instance.generation;
        instance.state(InstanceState.STARTING, null);
        PluginCalls calls = plugin.calls;
        AtomicBoolean configInvalid = new AtomicBoolean();
        AutoCloseable[] made = new AutoCloseable[1];
        ConnectorConfig[] configured = new ConnectorConfig[1];
        DataEgress[] reach = new DataEgress[1];
        store.load(instance.id, true).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(new NoSuchElementException("instance '" + instance.id + "' is not stored"));
            }
            StoredInstance stored = found.get();
            try {
                configured[0] = ConnectorConfig.ofIgnoringUnknown(factory.descriptor(), stored.allValues());
            } catch (InvalidConfigException e) {
                configInvalid.set(true);
                return Future.failedFuture(new IllegalArgumentException(configProblem(stored, e)));
            }
            // Which of its hosts are on site, from the addresses they resolve to now (a blocking lookup): this is
            // what the residency policy reads, and what the instance's HTTP client holds it to.
            DataEgress declared = configured[0].egress();
            return runtime.vertx.executeBlocking(() -> runtime.egressRule.classify(declared), false);
        }).compose(classified -> {
            reach[0] = classified;
            HttpEgress http = runtime.http.forInstance(classified);
            SocketFactory sockets = runtime.sockets.forInstance(classified);
            ConnectorContext connectorContext = factory.kind() == ConnectorKind.CHANNEL
                    ? new HostChannelContext(plugin.id, instance.id, runtime.clock, http, sockets, receive,
                            receipt -> outbox.deliveryUpdate(instance.id, receipt), profiles,
                            (profile, message) -> runtime.onHost(() -> profile.receive(instance.id, message)))
                            .onSetAside(instance::setAside)
                    : new HostConnectorContext(plugin.id, instance.id, runtime.clock, http, sockets);
            ConnectorConfig config = configured[0];
            return calls.call("creating instance '" + instance.id + "'", () -> {
                @SuppressWarnings("unchecked")
                ConnectorFactory<AutoCloseable, ConnectorContext> f =
                        (ConnectorFactory<AutoCloseable, ConnectorContext>) factory.factory();
                AutoCloseable connector = f.create(connectorContext, config);
                if (connector == null) {
                    throw new IllegalStateException("create returned null");
                }
                return connector;
            });
        }).compose(connector -> {
            made[0] = connector;
            if (connector instanceof ChannelConnector channel) {
                boolean polls = factory.descriptor().hasCapability(ChannelCapabilities.INBOUND_POLLING);
                return calls.call("starting instance '" + instance.id + "'", () -> {
                    channel.start();
                    return polls ? channel.pollInterval() : null;
                });
            }
            return Future.succeededFuture((Duration) null);
        }).onComplete(ar -> {
            if (generation != instance.generation || runtime.stopping) {
                if (made[0] != null) {
                    closeQuietly(calls, instance.id, made[0]);
                }
                return;
            }
            if (ar.succeeded()) {
                running(instance, generation, plugin, factory, made[0], reach[0], ar.result());
            } else {
                failed(instance, generation, plugin, factory, made[0], calls, ar.cause(), configInvalid.get());
            }
        });
    }

    private void running(ConnectorInstance instance, int generation, LoadedPlugin plugin, LoadedPlugin.Factory factory,
            AutoCloseable connector, DataEgress egress, Duration pollInterval) {
        instance.connector = connector;
        instance.kind = factory.kind();
        instance.egress = egress;
        instance.plugin = plugin;
        instance.attempts = 0;
        instance.failureLogged = null;
        instance.state(InstanceState.RUNNING, null);
        LOG.info("Connector instance '{}' ({}/{}) running", instance.id, plugin.id, factory.id());
        if (pollInterval != null) {
            polls.start(instance, generation, pollInterval);
        }
        outbox.wake();
    }

    private void failed(ConnectorInstance instance, int generation, LoadedPlugin plugin, LoadedPlugin.Factory factory,
            AutoCloseable made, PluginCalls calls, Throwable cause, boolean configInvalid) {
        if (made != null) {
            closeQuietly(calls, instance.id, made);
        }
        String reason = Failures.describe(cause);
        if (configInvalid) {
            instance.state(InstanceState.FAILED, reason);
            LOG.error("Connector instance '{}' not started: {}", instance.id, reason);
            return;
        }
        instance.attempts++;
        Duration wait = Backoff.delay(instance.attempts, runtime.settings.retryMax());
        instance.state(InstanceState.FAILED, reason);
        Failures.logStartFailure(LOG, "Connector instance '" + instance.id + "' (" + plugin.id + "/" + factory.id()
                + ") failed to start (attempt " + instance.attempts + "): " + reason + "; retrying in "
                + wait.toSeconds() + " s", reason, instance.failureLogged, cause);
        instance.failureLogged = reason;
        instance.retryTimer = runtime.vertx.setTimer(wait.toMillis(), t -> runtime.onHost(() -> {
            if (generation == instance.generation && instance.state == InstanceState.FAILED) {
                start(instance);
            }
            return Future.succeededFuture();
        }));
    }

    /** Names the file and key for an instance from conf/connectors, the property otherwise. */
    private static String configProblem(StoredInstance stored, InvalidConfigException e) {
        String problems = e.problems().entrySet().stream()
                .map(p -> stored.source() == null
                        ? "property '" + p.getKey() + "': " + p.getValue()
                        : stored.source() + ", key 'values." + p.getKey() + "': " + p.getValue())
                .collect(Collectors.joining("; "));
        return "invalid configuration: " + problems;
    }

    /** Ends the instance's polls and retries and closes its connector (within a short deadline). */
    Future<Void> stop(ConnectorInstance instance, InstanceState newState, String reason) {
        instance.generation++;
        runtime.cancelTimer(instance.retryTimer);
        runtime.cancelTimer(instance.pollTimer);
        instance.retryTimer = -1;
        instance.pollTimer = -1;
        AutoCloseable connector = instance.connector;
        LoadedPlugin plugin = instance.plugin;
        instance.connector = null;
        instance.plugin = null;
        instance.egress = null;
        instance.state(newState, reason);
        if (connector == null || plugin == null || plugin.calls == null) {
            return Future.succeededFuture();
        }
        return closeQuietly(plugin.calls, instance.id, connector);
    }

    /** Stops the instance's connector (if any), rereads it from the store and starts it again. */
    Future<Void> restart(String instanceId) {
        ConnectorInstance existing = runtime.instances.get(instanceId);
        Future<Void> stopped = existing == null ? Future.succeededFuture()
                : stop(existing, InstanceState.WAITING, null);
        return stopped.compose(v -> store.load(instanceId, false)).map(found -> {
            if (found.isEmpty()) {
                runtime.instances.remove(instanceId);
                return null;
            }
            ConnectorInstance instance = runtime.instances.computeIfAbsent(instanceId,
                    id -> new ConnectorInstance(found.get()));
            instance.update(found.get());
            start(instance);
            return null;
        });
    }

    private static Future<Void> closeQuietly(PluginCalls calls, String instanceId, AutoCloseable connector) {
        return calls.call("closing instance '" + instanceId + "'", CLOSE_DEADLINE, () -> {
            connector.close();
            return (Void) null;
        }).recover(e -> {
            LOG.warn("Connector instance '{}' did not close cleanly: {}", instanceId, Failures.describe(e));
            return Future.succeededFuture();
        });
    }
}
