package io.meridian.security;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;

/**
 * Ends an account's sessions at once (deactivation, a password reset): a session whose sign-in is older than the
 * account's latest revocation is no longer signed in, and live connections are told to close. Kept in the node's
 * memory, like the sessions themselves.
 */
final class SessionRevocations {

    /** Where the live connections hear that an agent's sessions ended: the message is the agent's id. */
    static final String ADDRESS = "meridian.security.sessions-revoked";
    private static final String MAP = "meridian.security.revoked-at";

    private SessionRevocations() {
    }

    static void revoke(Vertx vertx, String agentId) {
        LocalMap<String, Long> revoked = vertx.sharedData().getLocalMap(MAP);
        revoked.put(agentId, System.currentTimeMillis());
        vertx.eventBus().publish(ADDRESS, agentId);
    }

    /** Whether a session of {@code agentId} that signed in at {@code signedInAt} (epoch ms) has been ended since. */
    static boolean revoked(Vertx vertx, String agentId, long signedInAt) {
        LocalMap<String, Long> revoked = vertx.sharedData().getLocalMap(MAP);
        Long at = revoked.get(agentId);
        return at != null && signedInAt <= at;
    }
}
