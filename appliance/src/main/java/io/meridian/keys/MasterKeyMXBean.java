package io.meridian.keys;

/**
 * The master key's rotation for JMX consoles and {@code bin/meridian rotate-master-key}
 * ({@code io.meridian:type=MasterKey,name=<node id>}).
 */
public interface MasterKeyMXBean {

    /** Whether a rotation runs now. */
    boolean isRotating();

    /** Customers' data keys visited by the running or last rotation. */
    long getContactKeysVisited();

    /** Of those, how many were re-wrapped under the new key. */
    long getContactKeysRewrapped();

    /** When the last rotation since the node started finished (ISO-8601; "" if none). */
    String getLastFinishedAt();

    /** Why the last rotation stopped before its end ("" if it did not). */
    String getLastFailure();

    /** Rotates the master key and waits until the previous one is destroyed; answers what was done. */
    String rotate();
}
