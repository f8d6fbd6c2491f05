package io.meridian.ops;

/** Facts about this node for JMX consoles ({@code io.meridian:type=Node,name=<node id>}). */
public interface NodeMXBean {

    String getVersion();

    String getNodeId();

    String getRegion();

    long getUptimeSeconds();

    int getOpenWebSockets();

    int getOpenVisitorWebSockets();

    int getOpenConsoleWebSockets();

    long getOpenConversations();
}
