package io.meridian.plugin;

import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pf4j.PluginDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plugin from its zip to started and back: check the zip ({@link PluginZips}), load and start its code on its own
 * executor ({@link PluginBoot}), retry a failed start with back-off, start the plugin's instances once it runs, and
 * stop everything again on disable, reload or node stop. The admin's enable / disable / reload land here. Call on the
 * host's context; a generation number per plugin drops late answers of abandoned attempts.
 */
final class PluginLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("audit");

    private final HostRuntime runtime;
    private final PluginZips zips;
    private final InstanceStore store;
    private final InstanceLifecycle instances;

    PluginLifecycle(HostRuntime runtime, PluginZips zips, InstanceStore store, InstanceLifecycle instances) {
        this.runtime = runtime;
        this.zips = zips;
        this.store = store;
        this.instances = instances;
    }

    /** Checks the zip on a worker thread, then starts the plugin unless it is refused or disabled by the admin. */
    Future<Void> load(Path zip, Map<String, Boolean> enabledSettings) {
        String file = zip.getFileName().toString();
        LoadedPlugin plugin = new LoadedPlugin("zip:" + file, zip);
        runtime.plugins.put(plugin.key, plugin);
        return runtime.context.<PluginZips.Prepared>executeBlocking(() -> zips.prepare(zip), false).transform(ar -> {
            if (ar.failed()) {
                Throwable cause = ar.cause();
                String reason = cause instanceof PluginZips.Refused ? cause.getMessage() : Failures.describe(cause);
                plugin.state(PluginState.REFUSED, reason);
                LOG.error("Plugin zip {} refused: {}", file, reason);
                return Future.succeededFuture();
            }
            PluginZips.Prepared prepared = ar.result();
            PluginDescriptor d = prepared.descriptor();
            plugin.sha256 = prepared.sha256();
            plugin.signature = prepared.signature();
            plugin.version = nullToEmpty(d.getVersion());
            plugin.requires = nullToEmpty(d.getRequires());
            plugin.provider = nullToEmpty(d.getProvider());
            plugin.description = nullToEmpty(d.getPluginDescription());
            plugin.folder = prepared.folder();
            String id = d.getPluginId();
            plugin.id = id;
            LoadedPlugin other = runtime.plugins.get(id);
            if (other != null && other != plugin) {
                plugin.state(PluginState.REFUSED, "another zip (" + (other.zip == null ? "?" : other.zip.getFileName())
                        + ") already provides plugin '" + id + "'");
                LOG.error("Plugin zip {} refused: {}", file, plugin.lastError);
                return Future.succeededFuture();
            }
            runtime.plugins.remove(plugin.key);
            runtime.plugins.put(id, plugin);
            var refusal = zips.refusal(plugin, prepared);
            if (refusal.isPresent()) {
                plugin.state(PluginState.REFUSED, refusal.get());
                return Future.succeededFuture();
            }
            if (Boolean.FALSE.equals(enabledSettings.get(id))) {
                plugin.state(PluginState.DISABLED, null);
                LOG.info("Plugin '{}' {} is disabled by the admin; not loaded", id, plugin.version);
                return Future.succeededFuture();
            }
            if (prepared.signature().status() == SignatureCheck.Status.UNSIGNED) {
                LOG.warn("Plugin '{}' {} ({}) is not signed; loaded because plugins.allow-unsigned is true", id,
                        plugin.version, file);
            }
            return expandAndStart(plugin, prepared, file);
        });
    }

    /** Only now, every check passed, is anything of the zip written to the work folder. */
    private Future<Void> expandAndStart(LoadedPlugin plugin, PluginZips.Prepared prepared, String file) {
        int generation = plugin.generation;
        return runtime.context.<Void>executeBlocking(() -> {
            zips.expand(prepared);
            return null;
        }, false).transform(ar -> {
            if (generation != plugin.generation || runtime.stopping) {
                // Disabled, reloaded or stopped while its files were written: that decision stands.
                return Future.succeededFuture();
            }
            if (ar.failed()) {
                Throwable cause = ar.cause();
                String reason = cause instanceof PluginZips.Refused ? cause.getMessage() : Failures.describe(cause);
                plugin.state(PluginState.REFUSED, reason);
                LOG.error("Plugin zip {} refused: {}", file, reason);
                return Future.succeededFuture();
            }
            return start(plugin);
        });
    }

    /** Loads and starts the plugin's code and lists its connector factories, all on the plugin's own executor. */
    private Future<Void> start(LoadedPlugin plugin) {
        int generation = ++plugin.generation;
        runtime.cancelTimer(plugin.retryTimer);
        plugin.retryTimer = -1;
        plugin.state(PluginState.LOADING, plugin.lastError);
        if (plugin.calls == null) {
            PluginSettings settings = runtime.settings;
            plugin.calls = new PluginCalls(runtime.vertx, plugin.id, settings.maxConcurrentCalls(),
                    settings.callTimeout(), () -> {
                        HostPluginManager m = plugin.manager;
                        return m == null ? null : m.getPluginClassLoader(plugin.id);
                    });
        }
        Path folder = plugin.folder;
        String id = plugin.id;
        return plugin.calls.call("loading and starting the plugin",
                () -> PluginBoot.loadAndStart(folder, id, m -> plugin.manager = m)).transform(ar -> {
                    if (generation != plugin.generation || runtime.stopping) {
                        return Future.succeededFuture();
                    }
                    if (ar.failed()) {
                        failed(plugin, generation, ar.cause());
                        return Future.succeededFuture();
                    }
                    plugin.factories = Map.copyOf(ar.result());
                    plugin.attempts = 0;
                    plugin.failureLogged = null;
                    plugin.state(PluginState.STARTED, null);
                    LOG.info("Plugin '{}' {} started ({}); connector factories: {}", id, plugin.version,
                            plugin.signature == null ? "" : plugin.signature.detail(), plugin.factories.keySet());
                    runtime.instances.values().stream().filter(i -> id.equals(i.pluginId)).forEach(instances::start);
                    return Future.succeededFuture();
                });
    }

    private void failed(LoadedPlugin plugin, int generation, Throwable cause) {
        plugin.attempts++;
        Duration wait = Backoff.delay(plugin.attempts, runtime.settings.retryMax());
        String reason = Failures.describe(cause);
        plugin.state(PluginState.FAILED, reason);
        plugin.factories = Map.of();
        Failures.logStartFailure(LOG, "Plugin '" + plugin.id + "' " + plugin.version + " failed to start (attempt "
                + plugin.attempts + "): " + reason + "; retrying in " + wait.toSeconds() + " s", reason,
                plugin.failureLogged, cause);
        plugin.failureLogged = reason;
        HostPluginManager manager = plugin.manager;
        plugin.manager = null;
        if (manager != null && plugin.calls != null) {
            plugin.calls.call("unloading the failed plugin", InstanceLifecycle.CLOSE_DEADLINE, () -> {
                manager.unloadPlugin(plugin.id);
                return null;
            });
        }
        plugin.retryTimer = runtime.vertx.setTimer(wait.toMillis(), t -> runtime.onHost(() -> {
            if (generation == plugin.generation && plugin.state == PluginState.FAILED && !runtime.stopping) {
                return start(plugin);
            }
            return Future.succeededFuture();
        }));
    }

    /** Closes the plugin's instances, stops and unloads its code, and frees its executor. */
    Future<Void> unload(LoadedPlugin plugin, PluginState newState, String reason) {
        plugin.generation++;
        runtime.cancelTimer(plugin.retryTimer);
        plugin.retryTimer = -1;
        List<Future<Void>> closing = new ArrayList<>();
        for (ConnectorInstance instance : runtime.instances.values()) {
            // Also those still starting or waiting to retry: their late answers must be dropped, not kept.
            if (plugin.state != PluginState.REFUSED && plugin.id.equals(instance.pluginId)
                    && (instance.plugin == null || instance.plugin == plugin)) {
                closing.add(instances.stop(instance, InstanceState.WAITING, "plugin '" + plugin.id + "' is "
                        + newState.name().toLowerCase(Locale.ROOT)));
            }
        }
        return Future.join(closing).transform(ar -> {
            HostPluginManager manager = plugin.manager;
            PluginCalls calls = plugin.calls;
            plugin.manager = null;
            plugin.factories = Map.of();
            Future<Void> stopped = Future.succeededFuture();
            if (manager != null && calls != null) {
                stopped = calls.call("stopping the plugin", InstanceLifecycle.CLOSE_DEADLINE, () -> {
                    manager.stopPlugin(plugin.id);
                    manager.unloadPlugin(plugin.id);
                    return (Void) null;
                }).recover(e -> {
                    LOG.warn("Plugin '{}' did not stop cleanly: {}", plugin.id, Failures.describe(e));
                    return Future.succeededFuture();
                });
            }
            return stopped.onComplete(done -> {
                if (calls != null) {
                    calls.close();
                }
                if (plugin.calls == calls) {
                    plugin.calls = null;
                }
                plugin.state(newState, reason);
            });
        });
    }

    /** Turns a plugin on (remembered across restarts) and loads it again from its zip. */
    Future<PluginView> enable(String pluginId) {
        LoadedPlugin plugin = runtime.plugin(pluginId);
        return store.setPluginEnabled(plugin.id, true).compose(v -> {
            AUDIT.info("Plugin '{}' enabled", plugin.id);
            if (plugin.state != PluginState.DISABLED) {
                return Future.succeededFuture(plugin.view());
            }
            return reloadZip(plugin).map(LoadedPlugin::view);
        });
    }

    /** Turns a plugin off (remembered across restarts): its instances stop, its code is unloaded. */
    Future<PluginView> disable(String pluginId) {
        LoadedPlugin plugin = runtime.plugin(pluginId);
        return store.setPluginEnabled(plugin.id, false).compose(v -> {
            AUDIT.info("Plugin '{}' disabled", plugin.id);
            if (plugin.state == PluginState.REFUSED) {
                return Future.succeededFuture(plugin.view());
            }
            return unload(plugin, PluginState.DISABLED, null).map(x -> plugin.view());
        });
    }

    /** Unloads the plugin and loads its zip again (a replaced zip is picked up, and checked again). */
    Future<PluginView> reload(String pluginId) {
        LoadedPlugin plugin = runtime.plugin(pluginId);
        AUDIT.info("Plugin '{}' reloaded", plugin.id);
        return unload(plugin, PluginState.LOADING, null).compose(v -> reloadZip(plugin)).map(LoadedPlugin::view);
    }

    private Future<LoadedPlugin> reloadZip(LoadedPlugin old) {
        runtime.plugins.remove(old.key);
        runtime.plugins.remove(old.id);
        return store.pluginSettings().compose(enabled -> load(old.zip, enabled)).map(v -> {
            LoadedPlugin now = runtime.plugins.get(old.id);
            return now != null ? now : runtime.plugins.values().stream()
                    .filter(p -> old.zip.equals(p.zip)).findFirst().orElse(old);
        });
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
