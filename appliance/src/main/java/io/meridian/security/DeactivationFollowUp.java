package io.meridian.security;

import io.vertx.core.Future;

/** What other capabilities do when an admin deactivates an account: routing hands the agent's open work back. */
@FunctionalInterface
public interface DeactivationFollowUp {

    /** {@code agent} was deactivated by {@code by}; a failure is logged, the deactivation stands. */
    Future<?> deactivated(SignedInAgent agent, SignedInAgent by);
}
