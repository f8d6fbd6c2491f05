package io.meridian.security;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * What Meridian keeps in a console session: the signed-in agent and the CSRF synchronizer token. The agent is kept
 * as JSON, a type every session store can hold.
 */
final class SessionState {

    static final String COOKIE = "meridian_session";
    private static final String AGENT = "meridian.agent";
    private static final String CSRF = "meridian.csrf";
    private static final String SIGNED_IN_AT = "meridian.signed-in-at";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SessionState() {
    }

    /**
     * The request's session if the browser sent a session cookie, else null. Requests without a cookie never
     * touch the session, so anonymous calls do not fill the session store.
     */
    static Session existing(RoutingContext ctx) {
        if (ctx.request().getCookie(COOKIE) == null) {
            return null;
        }
        return ctx.session();
    }

    /** The agent signed in to the request's session, or null; a session an admin ended is ended here. */
    static SignedInAgent agent(RoutingContext ctx) {
        Session session = existing(ctx);
        SignedInAgent agent = session == null ? null : agent(session);
        if (agent != null && SessionRevocations.revoked(ctx.vertx(), agent.id(), signedInAt(session))) {
            session.destroy();
            return null;
        }
        return agent;
    }

    /** When the session signed in (epoch ms); 0 for a session from before this was kept. */
    static long signedInAt(Session session) {
        Long at = session.get(SIGNED_IN_AT);
        return at == null ? 0 : at;
    }

    static SignedInAgent agent(Session session) {
        JsonObject json = session.get(AGENT);
        if (json == null) {
            return null;
        }
        return new SignedInAgent(json.getString("id"), json.getString("username"), json.getString("displayName"),
                Role.valueOf(json.getString("role")), json.getBoolean("mustChangePassword"));
    }

    /**
     * Binds the agent to the session under a new session id and a new CSRF token, so an id or token planted before
     * sign-in (session fixation) is worthless afterwards.
     */
    static void signIn(RoutingContext ctx, SignedInAgent agent) {
        Session session = ctx.session();
        session.regenerateId();
        session.put(AGENT, json(agent));
        session.put(SIGNED_IN_AT, System.currentTimeMillis());
        session.put(CSRF, newToken());
    }

    static void signOut(RoutingContext ctx) {
        Session session = existing(ctx);
        if (session != null) {
            session.destroy();
        }
    }

    /** The session's CSRF token, created on first use. */
    static String csrfToken(Session session) {
        String token = session.get(CSRF);
        if (token == null) {
            token = newToken();
            session.put(CSRF, token);
        }
        return token;
    }

    /** Whether {@code presented} is the session's token, compared in constant time. */
    static boolean csrfMatches(Session session, String presented) {
        String expected = session.get(CSRF);
        if (expected == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    /** The agent as the REST API shows it. */
    static JsonObject json(SignedInAgent agent) {
        return new JsonObject()
                .put("id", agent.id())
                .put("username", agent.username())
                .put("displayName", agent.displayName())
                .put("role", agent.role().name())
                .put("mustChangePassword", agent.mustChangePassword());
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
