package io.meridian.routing;

/** The database refused a slot: the agent is full (possibly by another node's assignment). */
final class SlotRefused extends RuntimeException {

    /** The agent's load as the database counts it, to correct the engine's view. */
    final int active;

    SlotRefused(int active) {
        super("agent at capacity", null, false, false);
        this.active = active;
    }
}
