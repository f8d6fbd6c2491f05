package io.meridian.plugin;

import io.meridian.spi.SpiVersion;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.jar.Manifest;
import org.pf4j.CompoundPluginDescriptorFinder;
import org.pf4j.DefaultPluginLoader;
import org.pf4j.DefaultPluginFactory;
import org.pf4j.DefaultPluginManager;
import org.pf4j.ManifestPluginDescriptorFinder;
import org.pf4j.Plugin;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginDescriptorFinder;
import org.pf4j.PluginFactory;
import org.pf4j.PluginLoader;
import org.pf4j.PluginManager;
import org.pf4j.PluginRepository;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginState;
import org.pf4j.PluginStateEvent;
import org.pf4j.PluginStatusProvider;
import org.pf4j.PluginWrapper;
import org.pf4j.PropertiesPluginDescriptorFinder;

/**
 * PF4J, set up for one plugin. Each plugin gets a manager of its own, so a plugin stuck in its own code cannot hold a
 * lock or a data structure another plugin needs (PF4J's manager is not thread-safe, and each manager is only touched
 * from its plugin's own executor). The host chooses which expanded folder to load (after the signature check), so
 * this manager scans nothing by itself and keeps no enabled/disabled files: the host keeps that in its database.
 * <p>
 * The SPI's classes ({@code io.meridian.spi.*}) always come from the node, even if a plugin bundles a copy of the spi
 * jar, so a plugin's factories are instances of the very interfaces the host calls.
 * <p>
 * A plugin is started with {@link #startQuietly(String)}, which throws the plugin's failure instead of logging it with
 * a stack trace as PF4J's {@code startPlugin} does: the host retries a failing plugin with back-off and decides itself
 * how often a trace is worth logging.
 */
final class HostPluginManager extends DefaultPluginManager {

    HostPluginManager(Path pluginFolder) {
        super(List.of(pluginFolder.getParent()));
        setSystemVersion(SpiVersion.CURRENT);
        // SpiVersion.satisfies reads "1.0.0" as exactly 1.0.0; PF4J must agree rather than widen it to ">=1.0.0".
        setExactVersionAllowed(true);
    }

    /**
     * The descriptor of a plugin zip from its descriptor files read in memory ({@link PluginArchive#inspect}), before
     * anything is written to disk: {@code plugin.properties} if there is one, else the manifest, the order PF4J's own
     * finders use when they load the expanded folder later. PF4J's parsing is reused, so both read the same fields.
     *
     * @throws IOException if neither file is there, or the one used cannot be parsed
     */
    static PluginDescriptor readDescriptor(PluginArchive.Descriptors files) throws IOException {
        if (files.properties() != null) {
            Properties properties = new Properties();
            // Properties.load(InputStream) reads ISO-8859-1, as PF4J's finder does from the file.
            properties.load(new ByteArrayInputStream(files.properties()));
            return new PropertiesFromMemory().descriptor(properties);
        }
        if (files.manifest() != null) {
            return new ManifestFromMemory().descriptor(new Manifest(new ByteArrayInputStream(files.manifest())));
        }
        throw new IOException("neither plugin.properties nor a MANIFEST.MF");
    }

    private static PluginDescriptorFinder descriptorFinder() {
        return new CompoundPluginDescriptorFinder()
                .add(new PropertiesPluginDescriptorFinder())
                .add(new ManifestPluginDescriptorFinder());
    }

    /** PF4J's properties parsing, fed from memory. */
    private static final class PropertiesFromMemory extends PropertiesPluginDescriptorFinder {
        PluginDescriptor descriptor(Properties properties) {
            return createPluginDescriptor(properties);
        }
    }

    /** PF4J's manifest parsing, fed from memory. */
    private static final class ManifestFromMemory extends ManifestPluginDescriptorFinder {
        PluginDescriptor descriptor(Manifest manifest) {
            return createPluginDescriptor(manifest);
        }
    }

    /**
     * Starts a loaded plugin as PF4J's {@code startPlugin} does (the host's plugins have no dependencies: each has a
     * manager of its own), but throws what went wrong instead of logging it.
     */
    void startQuietly(String pluginId) throws Exception {
        PluginWrapper wrapper = getPlugin(pluginId);
        if (wrapper == null) {
            throw new IllegalStateException("PF4J did not load plugin '" + pluginId + "'");
        }
        PluginState before = wrapper.getPluginState();
        if (before.isStarted()) {
            return;
        }
        if (!getResolvedPlugins().contains(wrapper)) {
            throw new IllegalStateException("PF4J could not resolve plugin '" + pluginId + "'");
        }
        try {
            wrapper.getPlugin().start();
            wrapper.setPluginState(PluginState.STARTED);
            wrapper.setFailedException(null);
            startedPlugins.add(wrapper);
        } catch (Exception | LinkageError e) {
            wrapper.setPluginState(PluginState.FAILED);
            wrapper.setFailedException(e);
            if (e instanceof LinkageError linkage) {
                throw linkage;
            }
            throw (Exception) e;
        } finally {
            firePluginStateEvent(new PluginStateEvent(this, wrapper, before));
        }
    }

    /** PF4J's factory logs a stack trace and returns null when the plugin class cannot be made; this one throws. */
    @Override
    protected PluginFactory createPluginFactory() {
        return new DefaultPluginFactory() {
            @Override
            public Plugin create(PluginWrapper wrapper) {
                String className = wrapper.getDescriptor().getPluginClass();
                Class<?> pluginClass;
                try {
                    pluginClass = wrapper.getPluginClassLoader().loadClass(className);
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new PluginRuntimeException(e, "its plugin class '{}' cannot be loaded", className);
                }
                if (!Plugin.class.isAssignableFrom(pluginClass)
                        || java.lang.reflect.Modifier.isAbstract(pluginClass.getModifiers())) {
                    throw new PluginRuntimeException("its plugin class '{}' is not a concrete org.pf4j.Plugin",
                            className);
                }
                try {
                    try {
                        return (Plugin) pluginClass.getConstructor(PluginWrapper.class).newInstance(wrapper);
                    } catch (NoSuchMethodException e) {
                        return (Plugin) pluginClass.getConstructor().newInstance();
                    }
                } catch (java.lang.reflect.InvocationTargetException e) {
                    throw new PluginRuntimeException(e.getCause(), "its plugin class '{}' threw in its constructor: {}",
                            className, e.getCause());
                } catch (ReflectiveOperationException e) {
                    throw new PluginRuntimeException(e, "its plugin class '{}' cannot be made: {}", className, e);
                }
            }
        };
    }

    @Override
    protected PluginDescriptorFinder createPluginDescriptorFinder() {
        return descriptorFinder();
    }

    @Override
    protected PluginRepository createPluginRepository() {
        return new PluginRepository() {
            @Override
            public List<Path> getPluginPaths() {
                return List.of();
            }

            @Override
            public boolean deletePluginPath(Path pluginPath) {
                return false;
            }
        };
    }

    @Override
    protected PluginStatusProvider createPluginStatusProvider() {
        return new PluginStatusProvider() {
            @Override
            public boolean isPluginDisabled(String pluginId) {
                return false;
            }

            @Override
            public void disablePlugin(String pluginId) {
                // kept by the host, in plugin_settings
            }

            @Override
            public void enablePlugin(String pluginId) {
                // kept by the host, in plugin_settings
            }
        };
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new DefaultPluginLoader(this) {
            @Override
            protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
                return new SpiFromHostClassLoader(pluginManager, descriptor, getClass().getClassLoader());
            }
        };
    }

    /** Plugin-first class loading (PF4J's default), except the SPI and PF4J, which are the host's. */
    static final class SpiFromHostClassLoader extends PluginClassLoader {

        SpiFromHostClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader parent) {
            super(manager, descriptor, parent);
        }

        @Override
        protected boolean shouldDelegateToParent(String className) {
            return (className.startsWith("io.meridian.spi.") && !className.startsWith("io.meridian.spi.testkit."))
                    || super.shouldDelegateToParent(className);
        }
    }
}
