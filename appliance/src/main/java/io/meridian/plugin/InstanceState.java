package io.meridian.plugin;

/** Where a configured connector instance stands. */
public enum InstanceState {
    /** Its plugin is not started (loading, failed, disabled or refused) or lacks its factory. */
    WAITING,
    /** Being created and started. */
    STARTING,
    /** Created and started; its last call succeeded. */
    RUNNING,
    /** Running, but its last call (send, poll, webhook...) failed or timed out; calls go on, retried. */
    DEGRADED,
    /** Creating or starting it failed (threw, hung, or its configuration is invalid); retried with back-off. */
    FAILED,
    /** Turned off by the admin. */
    DISABLED
}
