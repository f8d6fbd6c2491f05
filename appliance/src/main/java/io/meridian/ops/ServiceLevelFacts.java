package io.meridian.ops;

import io.meridian.ticket.SlaCounts;
import java.time.Instant;
import java.util.function.Supplier;
import javax.management.JMException;
import javax.management.ObjectName;

/** The service-level MBean; every getter reads the last round's counts and never blocks. */
public final class ServiceLevelFacts implements ServiceLevelsMXBean {

    private final String nodeId;
    private final Supplier<SlaCounts> counts;
    private ObjectName name;

    public ServiceLevelFacts(String nodeId, Supplier<SlaCounts> counts) {
        this.nodeId = nodeId;
        this.counts = counts;
    }

    public static String objectName(String nodeId) {
        return "io.meridian:type=ServiceLevels,name=" + ObjectName.quote(nodeId);
    }

    public void register() throws JMException {
        name = MBeans.register(this, objectName(nodeId));
    }

    public void unregister() throws JMException {
        MBeans.unregister(name);
    }

    @Override
    public long getRunningTargets() {
        return counts.get().running();
    }

    @Override
    public long getBreachingTargets() {
        return counts.get().overdue();
    }

    @Override
    public long getPausedTargets() {
        return counts.get().paused();
    }

    @Override
    public String getCountedAt() {
        Instant at = counts.get().at();
        return Instant.EPOCH.equals(at) ? "" : at.toString();
    }
}
