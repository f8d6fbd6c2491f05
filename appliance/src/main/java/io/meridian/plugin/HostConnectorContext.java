package io.meridian.plugin;

import io.meridian.spi.ConnectorContext;
import java.time.Clock;

/** What every connector instance gets from the host: who it is, a clock and a logger. Immutable. */
class HostConnectorContext implements ConnectorContext {

    private final String pluginId;
    private final String instanceId;
    private final Clock clock;
    private final System.Logger logger;

    HostConnectorContext(String pluginId, String instanceId, Clock clock) {
        this.pluginId = pluginId;
        this.instanceId = instanceId;
        this.clock = clock;
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
}
