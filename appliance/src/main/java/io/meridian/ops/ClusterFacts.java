package io.meridian.ops;

import io.meridian.cluster.ClusterMembers;
import javax.management.JMException;
import javax.management.ObjectName;

/** The cluster's JMX MBean, read from {@link ClusterMembers}' last refresh; never blocks. */
public final class ClusterFacts implements ClusterMXBean {

    private final ClusterMembers members;
    private final String nodeId;
    private ObjectName name;

    public ClusterFacts(ClusterMembers members, String nodeId) {
        this.members = members;
        this.nodeId = nodeId;
    }

    public static String objectName(String nodeId) {
        return "io.meridian:type=Cluster,name=" + ObjectName.quote(nodeId);
    }

    /** Registers the MBean when this node is clustered; nothing otherwise. */
    public void register() throws JMException {
        if (!members.clustered()) {
            return;
        }
        name = MBeans.register(this, objectName(nodeId));
    }

    public void unregister() throws JMException {
        MBeans.unregister(name);
    }

    @Override
    public int getMemberCount() {
        return members.members().size();
    }

    @Override
    public String[] getMembers() {
        return members.members().stream().map(m -> m.name() + " (" + m.region() + ", " + m.version() + ") at "
                + m.busAddress() + (m.self() ? " (this node)" : "") + (m.load() == null ? "; load unknown"
                : "; agents online: " + (m.load().agentsOnline().isEmpty() ? "none"
                        : String.join(", ", m.load().agentsOnline())) + "; connections: "
                        + m.load().consoleConnections() + " console, " + m.load().visitorConnections()
                        + " widget; waiting: " + m.load().waiting())).toArray(String[]::new);
    }
}
