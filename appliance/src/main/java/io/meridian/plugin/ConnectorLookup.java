package io.meridian.plugin;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Finds configured connector instances of one kind for the node's other capabilities, as handles. Never blocks. */
final class ConnectorLookup {

    private final HostRuntime runtime;
    private final InstanceCalls calls;

    ConnectorLookup(HostRuntime runtime, InstanceCalls calls) {
        this.runtime = runtime;
        this.calls = calls;
    }

    List<TranslationProviderHandle> translationProviders() {
        return running(ConnectorKind.TRANSLATION).stream()
                .map(i -> new TranslationProviderHandle(runtime, calls, i)).toList();
    }

    Optional<TranslationProviderHandle> translationProvider(String instanceId) {
        return find(instanceId, ConnectorKind.TRANSLATION).map(i -> new TranslationProviderHandle(runtime, calls, i));
    }

    List<CrmConnectorHandle> crmConnectors() {
        return running(ConnectorKind.CRM).stream().map(i -> new CrmConnectorHandle(runtime, calls, i)).toList();
    }

    Optional<CrmConnectorHandle> crmConnector(String instanceId) {
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
