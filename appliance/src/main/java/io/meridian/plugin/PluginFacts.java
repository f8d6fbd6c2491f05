package io.meridian.plugin;

import io.vertx.core.Future;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** The plugins MBean of a node. Getters read live state and never block; operations wait at most {@code wait}. */
final class PluginFacts implements PluginsMXBean {

    private final PluginHost host;
    private final String nodeId;
    private final Duration wait;
    private ObjectName name;

    PluginFacts(PluginHost host, String nodeId, Duration wait) {
        this.host = host;
        this.nodeId = nodeId;
        this.wait = wait;
    }

    static String objectName(String nodeId) {
        return "io.meridian:type=Plugins,name=" + ObjectName.quote(nodeId);
    }

    void register() throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        name = new ObjectName(objectName(nodeId));
        if (server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
        server.registerMBean(this, name);
    }

    void unregister() throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        if (name != null && server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
    }

    @Override
    public String[] getPlugins() {
        return host.plugins().stream().map(p -> p.id() + " " + p.version() + " " + p.state()
                + " signature=" + p.signature() + " stuckThreads=" + p.stuckThreads()
                + (p.lastError() == null ? "" : " lastError=" + p.lastError())).toArray(String[]::new);
    }

    @Override
    public String[] getInstances() {
        return host.instances().stream().map(i -> i.id() + " " + i.pluginId() + "/" + i.factoryId() + " " + i.state()
                + " pendingOutbox=" + i.pendingOutbox() + " failedOutbox=" + i.failedOutbox()
                + " setAside=" + i.setAsideCount()
                + (i.lastError() == null ? "" : " lastError=" + i.lastError())).toArray(String[]::new);
    }

    @Override
    public int getStuckThreads() {
        return host.stuckThreads();
    }

    @Override
    public long getSetAsideItems() {
        return host.instances().stream().mapToLong(InstanceView::setAsideCount).sum();
    }

    @Override
    public long getPendingOutbox() {
        return host.instances().stream().mapToLong(InstanceView::pendingOutbox).sum();
    }

    @Override
    public String state(String pluginId) {
        return host.pluginView(pluginId).map(p -> p.state().name()).orElse("unknown plugin");
    }

    @Override
    public String enable(String pluginId) {
        return run(pluginId, host::enablePlugin);
    }

    @Override
    public String disable(String pluginId) {
        return run(pluginId, host::disablePlugin);
    }

    @Override
    public String reload(String pluginId) {
        return run(pluginId, host::reloadPlugin);
    }

    @Override
    public String rescan() {
        return await(host.rescan(), added -> added.isEmpty() ? "no new plugin zips" : added.stream()
                .map(p -> p.id() + " " + p.version() + " " + p.state().name()
                        + (p.lastError() == null ? "" : ": " + p.lastError()))
                .collect(Collectors.joining("; ")));
    }

    private String run(String pluginId, Function<String, Future<PluginView>> operation) {
        return await(operation.apply(pluginId),
                view -> view.state().name() + (view.lastError() == null ? "" : ": " + view.lastError()));
    }

    /** Waits at most {@code wait} for the operation (JMX calls are synchronous) and words its outcome. */
    private <T> String await(Future<T> operation, Function<T, String> answer) {
        try {
            return answer.apply(operation.toCompletionStage().toCompletableFuture()
                    .get(wait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            return "not done: " + Failures.describe(e.getCause());
        } catch (TimeoutException e) {
            return "still running after " + wait.toSeconds() + " s; see the Plugins attribute";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
