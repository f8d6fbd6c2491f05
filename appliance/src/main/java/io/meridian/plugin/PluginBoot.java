package io.meridian.plugin;

import io.meridian.spi.ConnectorDescriptor;
import io.meridian.spi.ConnectorFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loading and starting one plugin's code and finding its connector factories. Runs on the plugin's own thread (a
 * {@link PluginCalls} call), never on an event loop: a plugin's class initialisers and {@code start()} may block.
 */
final class PluginBoot {

    // The host's parts log under the host's name, so an admin finds every plugin line under one logger.
    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

    private PluginBoot() {
    }

    /**
     * Loads the expanded plugin folder with a PF4J manager of its own, starts the plugin and lists its connector
     * factories by id. Throws what the plugin threw if it fails to start.
     *
     * @param managerMade receives the manager as soon as it exists, so the host can unload what was loaded even if
     *        starting fails
     */
    static Map<String, LoadedPlugin.Factory> loadAndStart(Path folder, String id, Consumer<HostPluginManager> managerMade)
            throws Exception {
        HostPluginManager manager = new HostPluginManager(folder);
        managerMade.accept(manager);
        String loaded = manager.loadPlugin(folder);
        if (!id.equals(loaded)) {
            throw new IllegalStateException("the zip's descriptor names plugin '" + loaded + "', not '" + id + "'");
        }
        manager.startQuietly(id);
        @SuppressWarnings("rawtypes")
        List<ConnectorFactory> found = manager.getExtensions(ConnectorFactory.class, id);
        Map<String, LoadedPlugin.Factory> factories = new LinkedHashMap<>();
        for (ConnectorFactory<?, ?> factory : found) {
            ConnectorKind kind = ConnectorKind.of(factory);
            if (kind == null) {
                LOG.warn("Plugin '{}': {} implements no extension point this node knows; ignored", id,
                        factory.getClass().getName());
                continue;
            }
            ConnectorDescriptor descriptor = factory.descriptor();
            String factoryId = factory.id();
            if (descriptor == null || factoryId == null) {
                throw new IllegalStateException(factory.getClass().getName() + " has no id or descriptor");
            }
            if (factories.containsKey(factoryId)) {
                throw new IllegalStateException("two connector factories with the id '" + factoryId + "'");
            }
            factories.put(factoryId, new LoadedPlugin.Factory(factoryId, kind, descriptor, factory));
        }
        return factories;
    }
}
