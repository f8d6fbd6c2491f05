package io.meridian.plugin;

import io.meridian.spi.ConfigProperty;
import io.meridian.spi.ConnectorConfig;
import io.meridian.spi.ConnectorDescriptor;
import io.meridian.spi.InvalidConfigException;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the admin does to connector instances: create or change one (console, API, or a conf/connectors file), turn
 * it on or off, delete it. Values are checked against the connector's descriptor before anything is stored; secrets
 * are sealed by {@link InstanceStore}. Call on the host's context.
 */
final class InstanceAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("audit");

    private final HostRuntime runtime;
    private final InstanceStore store;
    private final InstanceLifecycle lifecycle;
    private final OutboxDispatcher outbox;

    InstanceAdmin(HostRuntime runtime, InstanceStore store, InstanceLifecycle lifecycle, OutboxDispatcher outbox) {
        this.runtime = runtime;
        this.store = store;
        this.lifecycle = lifecycle;
        this.outbox = outbox;
    }

    /** See {@link PluginHost#saveInstance(InstanceDraft)}. */
    Future<Boolean> save(InstanceDraft draft) {
        if (draft.id() == null || !draft.id().matches(InstanceDraft.ID_PATTERN) || draft.id().equals("web")) {
            return Future.failedFuture(new IllegalArgumentException("the instance id must match "
                    + InstanceDraft.ID_PATTERN + " and not be 'web'"));
        }
        if (draft.displayName() == null || draft.displayName().isBlank() || draft.displayName().length() > 100) {
            return Future.failedFuture(new IllegalArgumentException("the name must be 1-100 characters"));
        }
        ConnectorDescriptor descriptor = runtime.descriptor(draft.pluginId(), draft.factoryId()).orElse(null);
        if (descriptor == null) {
            return Future.failedFuture(new NoSuchElementException("plugin '" + draft.pluginId()
                    + "' is not started or has no connector factory '" + draft.factoryId() + "'"));
        }
        Set<String> secretNames = secretNames(descriptor);
        return store.load(draft.id(), true).compose(existing -> {
            if (existing.isPresent() && existing.get().source() != null) {
                return Future.failedFuture(new InstanceConflictException("connector instance '" + draft.id()
                        + "' is defined in " + existing.get().source() + "; change it there"));
            }
            Map<String, String> merged = new LinkedHashMap<>(draft.values());
            for (String secret : secretNames) {
                String given = merged.get(secret);
                if ((given == null || given.isEmpty()) && existing.isPresent()
                        && existing.get().secrets().containsKey(secret)) {
                    merged.put(secret, existing.get().secrets().get(secret));
                }
            }
            merged.values().removeIf(v -> v == null);
            ConnectorConfig config;
            try {
                config = ConnectorConfig.of(descriptor, merged);
            } catch (InvalidConfigException e) {
                return Future.failedFuture(e);
            }
            // The plugin's own rules (ranges, combinations), on its threads and within its time limit, before
            // anything is stored: a value out of range is the admin's to fix now, not a start that keeps failing.
            return validated(draft, config).compose(ok -> store.save(draft, secretNames));
        }).compose(created -> {
            AUDIT.info("Connector instance '{}' ({}/{}) {}", draft.id(), draft.pluginId(), draft.factoryId(),
                    created ? "created" : "changed");
            return lifecycle.restart(draft.id()).map(created);
        });
    }

    private Future<Void> validated(InstanceDraft draft, ConnectorConfig config) {
        LoadedPlugin.Factory factory = runtime.factory(draft.pluginId(), draft.factoryId()).orElse(null);
        if (factory == null) {
            return Future.failedFuture(new NoSuchElementException("plugin '" + draft.pluginId()
                    + "' is not started or has no connector factory '" + draft.factoryId() + "'"));
        }
        return runtime.plugin(draft.pluginId()).calls.call("checking the settings of instance '" + draft.id() + "'", () -> {
            factory.factory().validate(config);
            return null;
        });
    }

    /** Turns an instance on or off (remembered). */
    Future<InstanceView> setEnabled(String instanceId, boolean enabled) {
        return store.setEnabled(instanceId, enabled).compose(found -> {
            if (!found) {
                return Future.failedFuture(new NoSuchElementException("no connector instance '" + instanceId + "'"));
            }
            AUDIT.info("Connector instance '{}' {}", instanceId, enabled ? "enabled" : "disabled");
            return lifecycle.restart(instanceId).map(v -> runtime.instances.get(instanceId).view(outbox));
        });
    }

    /**
     * Deletes an instance made in the console. Replies still waiting in its outbox are never dropped: without
     * {@code failPending} the deletion is refused with {@link PendingOutboxException}; with it they are marked
     * FAILED (reason {@code instance-deleted}) in the same transaction, and stay listed.
     *
     * @return how many waiting replies were marked failed
     */
    Future<Integer> delete(String instanceId, boolean failPending) {
        ConnectorInstance instance = runtime.instance(instanceId);
        if (instance.source != null) {
            return Future.failedFuture(new InstanceConflictException("connector instance '" + instanceId
                    + "' is defined in " + instance.source + "; delete that file instead"));
        }
        return store.delete(instanceId, failPending).compose(failed -> lifecycle
                .stop(instance, InstanceState.DISABLED, "deleted").map(v -> {
                    runtime.instances.remove(instanceId);
                    if (failed > 0) {
                        AUDIT.info("Connector instance '{}' deleted; {} waiting repl{} marked failed", instanceId,
                                failed, failed == 1 ? "y" : "ies");
                    } else {
                        AUDIT.info("Connector instance '{}' deleted", instanceId);
                    }
                    outbox.wake();
                    return failed;
                }));
    }

    /**
     * Stores the instances of conf/connectors, and forgets those whose file is gone. The replies still waiting for
     * a forgotten instance stay PENDING (they go out if the file comes back) and are logged and listed.
     */
    Future<Void> applyFiles(List<InstanceDraft> drafts) {
        List<Future<Boolean>> saves = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (InstanceDraft draft : drafts) {
            ids.add(draft.id());
            Set<String> secretNames = runtime.descriptor(draft.pluginId(), draft.factoryId())
                    .map(InstanceAdmin::secretNames)
                    // Plugin not loaded: which values are secret is unknown, so all of them are sealed.
                    .orElse(draft.values().keySet());
            saves.add(store.save(draft, secretNames).onFailure(e -> LOG.error(
                    "Connector file {} not applied: {}", draft.source(), Failures.describe(e))));
        }
        return Future.join(saves).transform(ar -> store.list()).compose(stored -> {
            List<Future<Integer>> deletes = new ArrayList<>();
            for (StoredInstance s : stored) {
                if (s.source() != null && !ids.contains(s.id())) {
                    deletes.add(store.forget(s.id()).onSuccess(pending -> {
                        if (pending == 0) {
                            LOG.info("Connector instance '{}' removed: its file {} is gone", s.id(), s.source());
                        } else {
                            LOG.warn("Connector instance '{}' removed: its file {} is gone; {} waiting repl{} kept "
                                    + "in the outbox, sent if the file comes back", s.id(), s.source(), pending,
                                    pending == 1 ? "y" : "ies");
                        }
                    }));
                }
            }
            return Future.join(deletes).transform(x -> Future.<Void>succeededFuture());
        });
    }

    private static Set<String> secretNames(ConnectorDescriptor descriptor) {
        return descriptor.properties().stream().filter(ConfigProperty::secret).map(ConfigProperty::name)
                .collect(Collectors.toSet());
    }
}
