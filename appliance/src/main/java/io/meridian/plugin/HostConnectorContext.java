package io.meridian.plugin;

import io.meridian.spi.ConnectorContext;
import io.meridian.spi.HttpEgress;
import java.time.Clock;
import javax.net.SocketFactory;

/**
 * What every connector instance gets from the host: who it is, a clock, a logger, and the residency-checked HTTP
 * client and socket factory bound to the instance's egress as decided when it started. Immutable.
 */
class HostConnectorContext implements ConnectorContext {

    private final String pluginId;
    private final String instanceId;
    private final Clock clock;
    private final System.Logger logger;
    private final HttpEgress http;
    private final SocketFactory sockets;

    HostConnectorContext(String pluginId, String instanceId, Clock clock, HttpEgress http, SocketFactory sockets) {
        this.pluginId = pluginId;
        this.instanceId = instanceId;
        this.clock = clock;
        this.http = http;
        this.sockets = sockets;
        this.logger = new Slf4jSystemLogger("io.meridian.plugin." + pluginId + "." + instanceId);
    }

    @Override
    public String pluginId() {
        return pluginId;
    }

    @Override
    public String instanceId() {
        return instanceId;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public System.Logger logger() {
        return logger;
    }

    @Override
    public HttpEgress http() {
        return http;
    }

    @Override
    public SocketFactory sockets() {
        return sockets;
    }
}
