package io.meridian.routing;

/** Whether an agent takes new conversations: only {@link #ONLINE} agents are assigned work. */
public enum Presence {
    ONLINE,
    AWAY,
    OFFLINE
}
