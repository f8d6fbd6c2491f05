package io.meridian.plugin;

import io.meridian.egress.CheckedHttp;
import io.meridian.egress.CheckedSockets;
import io.meridian.egress.EgressRule;
import io.meridian.egress.HostResolver;
import io.meridian.egress.OnSiteAddresses;
import io.meridian.spi.ConnectorDescriptor;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What the parts of the plugin host share: the plugins and connector instances it knows, and the one Vert.x context
 * on which their state changes. Changing state only on that context is what lets the parts do without locks; the
 * maps are concurrent so that views (console, API, JMX) can read them from anywhere without blocking.
 */
final class HostRuntime {

    final Vertx vertx;
    /** The host's own context: every change to a plugin or an instance happens here. */
    final Context context;
    final PluginSettings settings;
    final Clock clock;
    /** Which hosts are on site, decided from their addresses (docs/translation.md, "Residency"). */
    final EgressRule egressRule;
    /** The residency-checked HTTP client every instance's context hands out. */
    final CheckedHttp http;
    /** The residency-checked socket factory (IMAP, SMTP and other protocols) every instance's context hands out. */
    final CheckedSockets sockets;
    /** By plugin id; a zip whose id is not known yet (or that was refused before it had one) by "zip:" + file name. */
    final Map<String, LoadedPlugin> plugins = new ConcurrentHashMap<>();
    /** By instance id. */
    final Map<String, ConnectorInstance> instances = new ConcurrentHashMap<>();
    /** Set once the node stops: nothing new is started, and late answers of plugin calls are dropped. */
    volatile boolean stopping;

    HostRuntime(Vertx vertx, PluginSettings settings, Clock clock) {
        this(vertx, settings, clock, HostResolver.SYSTEM);
    }

    HostRuntime(Vertx vertx, PluginSettings settings, Clock clock, HostResolver resolver) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.settings = settings;
        this.clock = clock;
        this.egressRule = new EgressRule(resolver, OnSiteAddresses.parse(settings.onSiteAddresses()));
        this.http = new CheckedHttp(vertx, egressRule);
        this.sockets = new CheckedSockets(egressRule);
    }

    /** Runs {@code work} on the host's context; the result arrives on the caller's context. */
    <T> Future<T> onHost(Supplier<Future<T>> work) {
        Context caller = vertx.getOrCreateContext();
        if (caller == context) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
        }
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> {
            Future<T> result;
            try {
                result = work.get();
            } catch (RuntimeException e) {
                result = Future.failedFuture(e);
            }
            result.onComplete(ar -> caller.runOnContext(x -> promise.handle(ar)));
        });
        return promise.future();
    }

    void cancelTimer(long timer) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** The plugin with this id, or {@link NoSuchElementException}. */
    LoadedPlugin plugin(String pluginId) {
        LoadedPlugin plugin = pluginId == null ? null : plugins.get(pluginId);
        if (plugin == null) {
            throw new NoSuchElementException("no plugin '" + pluginId + "'");
        }
        return plugin;
    }

    /** The instance with this id, or {@link NoSuchElementException}. */
    ConnectorInstance instance(String instanceId) {
        ConnectorInstance instance = instanceId == null ? null : instances.get(instanceId);
        if (instance == null) {
            throw new NoSuchElementException("no connector instance '" + instanceId + "'");
        }
        return instance;
    }

    /** The connector factory of a started plugin, if it has one with that id. */
    Optional<LoadedPlugin.Factory> factory(String pluginId, String factoryId) {
        LoadedPlugin plugin = pluginId == null ? null : plugins.get(pluginId);
        if (plugin == null || plugin.state != PluginState.STARTED || factoryId == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(plugin.factories.get(factoryId));
    }

    /** The descriptor of a started plugin's connector factory. */
    Optional<ConnectorDescriptor> descriptor(String pluginId, String factoryId) {
        return factory(pluginId, factoryId).map(LoadedPlugin.Factory::descriptor);
    }
}
