package io.meridian.keys;

import io.meridian.keys.MasterKeyRotation.State;
import io.meridian.ops.MBeans;
import java.time.Duration;
import javax.management.JMException;
import javax.management.ObjectName;

/** The master key's MBean. The getters never block; {@link #rotate} waits for the rotation (up to six hours). */
public final class MasterKeyFacts implements MasterKeyMXBean {

    private final MasterKeyRotation rotation;
    private final String nodeId;
    private ObjectName name;

    public MasterKeyFacts(MasterKeyRotation rotation, String nodeId) {
        this.rotation = rotation;
        this.nodeId = nodeId;
    }

    public static String objectName(String nodeId) {
        return "io.meridian:type=MasterKey,name=" + ObjectName.quote(nodeId);
    }

    public void register() throws JMException {
        name = MBeans.register(this, objectName(nodeId));
    }

    public void unregister() throws JMException {
        MBeans.unregister(name);
    }

    @Override
    public boolean isRotating() {
        return rotation.state().running();
    }

    @Override
    public long getContactKeysVisited() {
        return rotation.state().contactsVisited();
    }

    @Override
    public long getContactKeysRewrapped() {
        return rotation.state().contactsRewrapped();
    }

    @Override
    public String getLastFinishedAt() {
        State s = rotation.state();
        return s.finishedAt() == null ? "" : s.finishedAt().toString();
    }

    @Override
    public String getLastFailure() {
        State s = rotation.state();
        return s.failure() == null ? "" : s.failure();
    }

    @Override
    public String rotate() {
        State done = MBeans.await(rotation.rotate("jmx"), Duration.ofHours(6), "The rotation");
        return "The master key was rotated: " + done.contactsRewrapped() + " of " + done.contactsVisited()
                + " customers' data keys re-wrapped under the new key, and the previous key destroyed.";
    }
}
