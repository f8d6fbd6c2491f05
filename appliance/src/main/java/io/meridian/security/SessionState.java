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
    private static final String HANDLE = "meridian.session-handle";
    private static final String ABSOLUTE_UNTIL = "meridian.absolute-until";
    /** Where {@link ConsoleSecurity#mount} leaves the absolute limit (ms) for the sign-ins of a request. */
    static final String ABSOLUTE_MILLIS_KEY = "meridian.security.absolute-millis";
    static final long DEFAULT_ABSOLUTE_MILLIS = 24 * 3600 * 1000L;
    /** Where {@link ConsoleSecurity#mount} leaves the {@link RoleCatalog} that gives each request its access. */
    static final String ROLES_KEY = "meridian.security.roles";
    /** Where {@link ConsoleSecurity#mount} leaves the node's clock, which the absolute limit is measured on. */
    static final String CLOCK_KEY = "meridian.security.clock";
    private static final String PENDING = "meridian.second-factor.pending";
    private static final String PENDING_AT = "meridian.second-factor.pending-at";
    private static final String SETUP_REQUIRED = "meridian.second-factor.setup-required";
    private static final String ENROLLING = "meridian.second-factor.enrolling";
    /** How long after the password the code may come. */
    static final long PENDING_FOR_MILLIS = 5 * 60 * 1000L;
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

    /**
     * The agent signed in to the request's session, or null. A session ended by its owner or an admin, or past its
     * absolute limit ({@code security.session.absolute-hours}) however busy, is ended here.
     */
    static SignedInAgent agent(RoutingContext ctx) {
        Session session = existing(ctx);
        SignedInAgent agent = session == null ? null : agent(session);
        if (agent == null) {
            return null;
        }
        String handle = session.get(HANDLE);
        Long until = session.get(ABSOLUTE_UNTIL);
        long now = System.currentTimeMillis();
        if (SessionRevocations.revoked(ctx.vertx(), agent.id(), signedInAt(session))
                || (handle != null && SignedInSessions.ended(ctx.vertx(), handle))
                || (until != null && clockOf(ctx).millis() > until)) {
            if (handle != null) {
                SignedInSessions.forget(ctx.vertx(), handle);
            }
            session.destroy();
            return null;
        }
        if (handle != null) {
            SignedInSessions.touch(ctx.vertx(), handle, now);
        }
        return resolved(ctx, agent);
    }

    private static java.time.Clock clockOf(RoutingContext ctx) {
        java.time.Clock clock = ctx.get(CLOCK_KEY);
        return clock == null ? java.time.Clock.systemUTC() : clock;
    }

    /** The handle of the request's signed-in session (what the sessions list names it by), or null. */
    static String handle(RoutingContext ctx) {
        Session session = existing(ctx);
        return session == null ? null : session.get(HANDLE);
    }

    /** When the session signed in (epoch ms); 0 for a session from before this was kept. */
    static long signedInAt(Session session) {
        Long at = session.get(SIGNED_IN_AT);
        return at == null ? 0 : at;
    }

    /**
     * The agent as the session holds it. An account with a defined role has no permission here: its access is the
     * role's as it is now, which {@link #agent(RoutingContext)} looks up for each request.
     */
    static SignedInAgent agent(Session session) {
        JsonObject json = session.get(AGENT);
        return json == null ? null : fromJson(json);
    }

    private static SignedInAgent fromJson(JsonObject json) {
        Role role = Role.valueOf(json.getString("role"));
        String roleId = json.getString("roleId");
        return new SignedInAgent(json.getString("id"), json.getString("username"), json.getString("displayName"),
                role, json.getBoolean("mustChangePassword"), roleId == null ? Access.of(role) : Access.none(roleId));
    }

    /** The agent with its role's access as the catalog {@link ConsoleSecurity#mount} left on the request has it. */
    private static SignedInAgent resolved(RoutingContext ctx, SignedInAgent agent) {
        RoleCatalog roles = ctx.get(ROLES_KEY);
        return roles == null ? agent : roles.resolve(agent);
    }

    /**
     * Binds the agent to the session under a new session id and a new CSRF token, so an id or token planted before
     * sign-in (session fixation) is worthless afterwards.
     */
    static void signIn(RoutingContext ctx, SignedInAgent agent) {
        Session session = ctx.session();
        session.regenerateId();
        long now = System.currentTimeMillis();
        String handle = newToken();
        Long absolute = ctx.get(ABSOLUTE_MILLIS_KEY);
        session.put(AGENT, json(agent));
        session.put(SIGNED_IN_AT, now);
        session.put(HANDLE, handle);
        session.put(ABSOLUTE_UNTIL, clockOf(ctx).millis() + (absolute == null ? DEFAULT_ABSOLUTE_MILLIS : absolute));
        session.put(CSRF, newToken());
        SignedInSessions.register(ctx.vertx(), handle, agent.id(), now, SignInFlow.sourceOf(ctx),
                ctx.request().getHeader("User-Agent"));
    }

    /**
     * The password was right and the account has a second factor: the session (under a new id, with a new CSRF
     * token) holds the agent as pending, not signed in, until the code is given within {@link #PENDING_FOR_MILLIS}.
     */
    static void awaitSecondFactor(RoutingContext ctx, SignedInAgent agent) {
        Session session = ctx.session();
        session.regenerateId();
        session.remove(AGENT);
        session.put(PENDING, json(agent));
        session.put(PENDING_AT, System.currentTimeMillis());
        session.put(CSRF, newToken());
    }

    /** The agent whose password was right and whose second factor is awaited, or null (none, or too long ago). */
    static SignedInAgent pendingAgent(RoutingContext ctx) {
        Session session = existing(ctx);
        if (session == null || session.get(PENDING) == null) {
            return null;
        }
        Long at = session.get(PENDING_AT);
        if (at == null || System.currentTimeMillis() - at > PENDING_FOR_MILLIS) {
            session.remove(PENDING);
            session.remove(PENDING_AT);
            return null;
        }
        return resolved(ctx, fromJson(session.get(PENDING)));
    }

    /** Signs the pending agent in (see {@link #signIn}) and forgets the pending state. */
    static void completeSecondFactor(RoutingContext ctx, SignedInAgent agent) {
        Session session = ctx.session();
        session.remove(PENDING);
        session.remove(PENDING_AT);
        signIn(ctx, agent);
    }

    /** Marks the signed-in session as one that must set up a second factor before anything else. */
    static void requireSecondFactorSetup(RoutingContext ctx, boolean required) {
        if (required) {
            ctx.session().put(SETUP_REQUIRED, true);
        } else {
            ctx.session().remove(SETUP_REQUIRED);
        }
    }

    static boolean secondFactorSetupRequired(RoutingContext ctx) {
        Session session = existing(ctx);
        return session != null && Boolean.TRUE.equals(session.get(SETUP_REQUIRED));
    }

    /** The secret being enrolled (shown as a QR code, not yet confirmed), kept in the session only. */
    static String enrollingSecret(RoutingContext ctx, java.util.function.Supplier<String> fresh) {
        Session session = ctx.session();
        String secret = session.get(ENROLLING);
        if (secret == null) {
            secret = fresh.get();
            session.put(ENROLLING, secret);
        }
        return secret;
    }

    static void forgetEnrollingSecret(RoutingContext ctx) {
        ctx.session().remove(ENROLLING);
    }

    static void signOut(RoutingContext ctx) {
        Session session = existing(ctx);
        if (session != null) {
            String handle = session.get(HANDLE);
            if (handle != null) {
                SignedInSessions.forget(ctx.vertx(), handle);
            }
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

    /**
     * The agent as the REST API shows it (and the session keeps it): {@code role} is the built-in role, AGENT for an
     * account with a defined role, whose id is {@code roleId} (null otherwise); {@code roleName} is the role's name.
     */
    static JsonObject json(SignedInAgent agent) {
        return new JsonObject()
                .put("id", agent.id())
                .put("username", agent.username())
                .put("displayName", agent.displayName())
                .put("role", agent.role().name())
                .put("roleId", agent.customRoleId())
                .put("roleName", agent.access().roleName())
                .put("mustChangePassword", agent.mustChangePassword());
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
