package io.meridian.plugin;

import io.meridian.egress.HostResolver;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The connector instances the plugin host runs, as handles the node's other capabilities call (translation, CRM).
 * Made before the {@link PluginHost}, which fills it: so a capability the host itself needs (translation, which
 * words the channel replies the host sends) can be built with its engines first. Never blocks.
 */
public final class ConnectorLookup {

    /** Shared with the {@link PluginHost} built on this lookup. */
    final HostRuntime runtime;
    final InstanceCalls calls;

    /** {@code resolver} answers the residency checks of instances' connections (tests script it). */
    public ConnectorLookup(Vertx vertx, PluginSettings settings, HostResolver resolver) {
        this.runtime = new HostRuntime(vertx, settings, Clock.systemUTC(), resolver);
        this.calls = new InstanceCalls(runtime);
    }

    /**
     * The translation-provider instances whose connector runs now, by id: what the translation capability chooses
     * from. Their calls are isolated and bounded like every plugin call ({@link ConnectorHandle}).
     */
    public List<TranslationProviderHandle> translationProviders() {
        return running(ConnectorKind.TRANSLATION).stream()
                .map(i -> new TranslationProviderHandle(runtime, calls, i)).toList();
    }

    /** The translation-provider instance with this id, running or not (its calls then fail with the reason). */
    public Optional<TranslationProviderHandle> translationProvider(String instanceId) {
        return find(instanceId, ConnectorKind.TRANSLATION).map(i -> new TranslationProviderHandle(runtime, calls, i));
    }

    /** The CRM connector instances whose connector runs now, by id ({@link ConnectorHandle}). */
    public List<CrmConnectorHandle> crmConnectors() {
        return running(ConnectorKind.CRM).stream().map(i -> new CrmConnectorHandle(runtime, calls, i)).toList();
    }

    /** The CRM connector instance with this id, running or not (its calls then fail with the reason). */
    public Optional<CrmConnectorHandle> crmConnector(String instanceId) {
        return find(instanceId, ConnectorKind.CRM).map(i -> new CrmConnectorHandle(runtime, calls, i));
    }

    /** Instances of the kind whose connector runs now (RUNNING or DEGRADED), by id. */
    private List<ConnectorInstance> running(ConnectorKind kind) {
        return runtime.instances.values().stream()
                .filter(i -> i.connector != null && i.kind == kind
                        && (i.state == InstanceState.RUNNING || i.state == InstanceState.DEGRADED))
                .sorted(Comparator.comparing(i -> i.id))
                .toList();
    }

    /** The instance if it is of the kind, or of unknown kind (its plugin is not started): calls then say why. */
    private Optional<ConnectorInstance> find(String instanceId, ConnectorKind kind) {
        ConnectorInstance instance = instanceId == null ? null : runtime.instances.get(instanceId);
        if (instance == null) {
            return Optional.empty();
        }
        ConnectorKind known = instance.kind != null ? instance.kind
                : runtime.factory(instance.pluginId, instance.factoryId).map(LoadedPlugin.Factory::kind).orElse(null);
        return known == null || known == kind ? Optional.of(instance) : Optional.empty();
    }
}
