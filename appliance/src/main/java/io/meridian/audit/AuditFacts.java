package io.meridian.audit;

import io.meridian.ops.MBeans;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.ObjectName;

/** The audit trail's MBean. The getters never block; {@link #verify} is an operation an admin runs on purpose. */
public final class AuditFacts implements AuditMXBean {

    private final AuditTrail trail;
    private final String nodeId;
    private ObjectName name;

    public AuditFacts(AuditTrail trail, String nodeId) {
        this.trail = trail;
        this.nodeId = nodeId;
    }

    public static String objectName(String nodeId) {
        return "io.meridian:type=AuditTrail,name=" + ObjectName.quote(nodeId);
    }

    public void register() throws JMException {
        name = MBeans.register(this, objectName(nodeId));
    }

    public void unregister() throws JMException {
        MBeans.unregister(name);
    }

    @Override
    public long getLatestEntry() {
        return trail.latest().seq();
    }

    @Override
    public String getLatestHash() {
        return trail.latest().hash();
    }

    @Override
    public int getWaiting() {
        return trail.waiting();
    }

    @Override
    public String verify() {
        try {
            AuditTrail.Verification v = trail.verify().toCompletionStage().toCompletableFuture()
                    .get(5, TimeUnit.MINUTES);
            return v.intact() ? "intact: " + v.checked() + " entries, latest hash " + v.latestHash()
                    : "broken at entry " + v.brokenAt().getAsLong() + " (the " + v.checked() + " before it are intact)";
        } catch (Exception e) {
            return "not verified: " + e;
        }
    }
}
