package io.meridian.ops;

/**
 * Tickets' service-level targets for JMX consoles ({@code io.meridian:type=ServiceLevels,name=<node id>}), as of the
 * node's last service-level round (every 30 seconds).
 */
public interface ServiceLevelsMXBean {

    /** Targets whose clock runs (first reply, next reply, resolution of open tickets). */
    long getRunningTargets();

    /** Running targets past their due time: breaching now. */
    long getBreachingTargets();

    /** Targets whose clock is paused (pending, on-hold tickets). */
    long getPausedTargets();

    /** When the counts were taken (ISO-8601), or empty before the first round. */
    String getCountedAt();
}
