package io.meridian.plugin;

import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which plugin zips the host loads, and when: every zip of {@code plugins.dir} at start (after the connector files and
 * the trusted keys are read), and the zips added since on a rescan. Each zip then takes the same path
 * ({@link PluginLifecycle#load}), whether bundled or a third party's. Call on the host's context.
 */
final class PluginsFolder {

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("audit");

    /** What start-up read from disk before loading anything. */
    record Scan(List<InstanceDraft> files, List<Path> zips) {
    }

    private final HostRuntime runtime;
    private final PluginZips zips;
    private final InstanceStore store;
    private final PluginLifecycle plugins;
    private final InstanceLifecycle instances;
    private final InstanceAdmin admin;

    PluginsFolder(HostRuntime runtime, PluginZips zips, InstanceStore store, PluginLifecycle plugins,
            InstanceLifecycle instances, InstanceAdmin admin) {
        this.runtime = runtime;
        this.zips = zips;
        this.store = store;
        this.plugins = plugins;
        this.instances = instances;
        this.admin = admin;
    }

    /**
     * Reads the connector files (a malformed one fails, naming the file and key), the trusted keys and the list of
     * zips, and empties the work folder, on a worker thread.
     */
    Future<Scan> read() {
        PluginSettings settings = runtime.settings;
        return runtime.context.executeBlocking(() -> {
            List<InstanceDraft> files = ConnectorFiles.read(settings.connectorsDir());
            zips.readTrustedKeys();
            List<Path> found = zips.list();
            zips.clearWorkFolder();
            return new Scan(files, found);
        });
    }

    /** Loads every zip found at start, applies the connector files and starts every stored instance. */
    Future<Void> loadAll(Scan scan) {
        return store.pluginSettings().compose(enabled -> Future.join(scan.zips().stream()
                        .map(zip -> plugins.load(zip, enabled)).toList())
                        .transform(ignored -> Future.<Void>succeededFuture()))
                .compose(v -> admin.applyFiles(scan.files()))
                .compose(v -> store.list()).map(stored -> {
                    for (StoredInstance s : stored) {
                        ConnectorInstance instance = new ConnectorInstance(s);
                        runtime.instances.put(s.id(), instance);
                        instances.start(instance);
                    }
                    LOG.info("Plugins: {} loaded of {} found; {} connector instance(s) configured",
                            runtime.plugins.values().stream().filter(p -> p.state == PluginState.STARTED).count(),
                            runtime.plugins.size(), runtime.instances.size());
                    return null;
                });
    }

    /** Loads the zips the host does not know yet, the trusted keys read again; their plugins once loaded. */
    Future<List<PluginView>> rescan() {
        return runtime.context.<List<Path>>executeBlocking(() -> {
            zips.readTrustedKeys();
            return zips.list();
        }).compose(found -> {
            Set<Path> known = runtime.plugins.values().stream().map(p -> p.zip).collect(Collectors.toSet());
            List<Path> added = found.stream().filter(zip -> !known.contains(zip)).toList();
            List<String> names = added.stream().map(p -> p.getFileName().toString()).toList();
            AUDIT.info("Plugins folder rescanned: {} new zip(s) {}", added.size(), names);
            LOG.info("Plugins folder {} rescanned: {} new zip(s) {}", runtime.settings.pluginsDir(), added.size(),
                    names);
            if (added.isEmpty()) {
                return Future.succeededFuture(List.of());
            }
            return store.pluginSettings()
                    .compose(enabled -> Future.join(added.stream().map(zip -> plugins.load(zip, enabled)).toList()))
                    .map(v -> added.stream().flatMap(zip -> runtime.plugins.values().stream()
                            .filter(p -> zip.equals(p.zip)).map(LoadedPlugin::view)).toList());
        });
    }
}
