package io.meridian.ops;

import io.meridian.web.LiveConnections;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;
import javax.management.JMException;
import javax.management.ObjectName;

/** The node's JMX MBean; every getter reads live counters and never blocks. */
public final class NodeFacts implements NodeMXBean {

    private final String version;
    private final String nodeId;
    private final String region;
    private final Instant started = Instant.now();
    private final LiveConnections live;
    private final LongSupplier openConversations;
    private ObjectName name;

    public NodeFacts(String version, String nodeId, String region, LiveConnections live, LongSupplier openConversations) {
        this.version = version;
        this.nodeId = nodeId;
        this.region = region;
        this.live = live;
        this.openConversations = openConversations;
    }

    public static String objectName(String nodeId) {
        return "io.meridian:type=Node,name=" + ObjectName.quote(nodeId);
    }

    public void register() throws JMException {
        name = MBeans.register(this, objectName(nodeId));
    }

    public void unregister() throws JMException {
        MBeans.unregister(name);
    }

    @Override
    public String getVersion() {
        return version;
    }

    @Override
    public String getNodeId() {
        return nodeId;
    }

    @Override
    public String getRegion() {
        return region;
    }

    @Override
    public long getUptimeSeconds() {
        return Duration.between(started, Instant.now()).toSeconds();
    }

    @Override
    public int getOpenWebSockets() {
        return live.total();
    }

    @Override
    public int getOpenVisitorWebSockets() {
        return live.visitors();
    }

    @Override
    public int getOpenConsoleWebSockets() {
        return live.consoles();
    }

    @Override
    public long getOpenConversations() {
        return openConversations.getAsLong();
    }
}
