package io.meridian.ops;

/** The cluster as this node sees it, for JMX consoles ({@code io.meridian:type=Cluster,name=<node id>}). */
public interface ClusterMXBean {

    /** How many nodes are members now, this one included. */
    int getMemberCount();

    /**
     * Each member as "name (region, version) at host:port; agents online: …; connections: N console, M widget;
     * waiting: W", this node first, marked "(this node)".
     */
    String[] getMembers();
}
