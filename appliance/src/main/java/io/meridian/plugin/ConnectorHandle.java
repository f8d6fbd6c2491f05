package io.meridian.plugin;

import io.meridian.spi.DataEgress;
import io.vertx.core.Future;
import java.util.Optional;

/**
 * How another capability of the node (translation, contacts...) reaches one configured connector instance: what it
 * is, whether it runs, and where it may send data. The calls of the subclasses go through the plugin host's isolation
 * layer like every plugin call: on the plugin's own bounded executor, with the node's deadline
 * ({@code plugins.call-timeout-seconds}), never on an event loop. They return futures completed on the caller's
 * Vert.x context, and fail with {@link ConnectorUnavailableException} when the instance is not running,
 * {@link PluginCallTimeoutException} or {@link PluginBusyException} when the plugin does not answer in time, and
 * otherwise with what the connector threw (often a {@code io.meridian.spi.ConnectorException}). A failed call marks
 * the instance DEGRADED on the Plugins page until a call succeeds.
 * <p>
 * A handle stays valid while its instance exists: reconfigured, restarted or with its plugin reloaded, it calls the
 * instance's current connector. Once the instance is deleted, its calls fail with
 * {@link ConnectorUnavailableException}; look the instance up again. Views read live state and never block.
 */
public abstract sealed class ConnectorHandle permits TranslationProviderHandle, CrmConnectorHandle {

    final HostRuntime runtime;
    final InstanceCalls calls;
    final ConnectorInstance instance;

    ConnectorHandle(HostRuntime runtime, InstanceCalls calls, ConnectorInstance instance) {
        this.runtime = runtime;
        this.calls = calls;
        this.instance = instance;
    }

    /** The instance id, e.g. {@code apertium}. */
    public String instanceId() {
        return instance.id;
    }

    public String pluginId() {
        return instance.pluginId;
    }

    /** The name the admin gave the instance. */
    public String displayName() {
        return instance.displayName;
    }

    public InstanceState state() {
        return instance.state;
    }

    /** Whether calls can reach the connector now: RUNNING, or DEGRADED (its last call failed). */
    public boolean isRunning() {
        return instance.connector != null
                && (instance.state == InstanceState.RUNNING || instance.state == InstanceState.DEGRADED);
    }

    /**
     * Where the running connector may send data, with the hosts its configuration names resolved (what the residency
     * policy checks); empty while it is not running.
     */
    public Optional<DataEgress> egress() {
        return Optional.ofNullable(instance.egress);
    }

    /** Runs {@code fn} on the instance's connector through the isolation layer (see the class comment). */
    <C, T> Future<T> call(Class<C> type, String what, InstanceCalls.PluginFunction<C, T> fn) {
        return runtime.onHost(() -> calls.invoke(instance, type, what, fn));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + instance.id + " " + instance.pluginId + "/" + instance.factoryId
                + " " + instance.state + "]";
    }
}
