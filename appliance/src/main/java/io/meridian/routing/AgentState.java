package io.meridian.routing;

import java.time.Instant;

/** One console account's routing state in the engine: profile, presence, load and idle time. Guarded by the engine. */
final class AgentState {

    final String id;
    final String username;
    String displayName;
    AgentProfile profile;
    Presence presence = Presence.OFFLINE;
    int active;
    /** Conversations of other regions the agent has (their home regions say), and those being given to them now. */
    int elsewhere;
    int offered;
    Instant idleSince = Instant.EPOCH;

    AgentState(String id, String username, String displayName) {
        this.id = id;
        this.username = username;
        this.displayName = displayName;
    }

    /** Online, with a routing profile, and below its maximum of conversations (here and in other regions). */
    boolean free() {
        return presence == Presence.ONLINE && profile != null && load() < profile.maxConversations();
    }

    /** The conversations the agent has, in this region and others, and those being given to them. */
    int load() {
        return active + elsewhere + offered;
    }
}
