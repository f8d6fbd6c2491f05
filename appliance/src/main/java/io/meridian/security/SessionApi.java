package io.meridian.security;

import io.meridian.web.JsonBodies;
import io.meridian.web.Problem;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /api/v1/session}: sign in, who am I, sign out, and change the own password, for scripts and the console. */
final class SessionApi {

    static final String PATH = "/api/v1/session";
    static final String PASSWORD_PATH = PATH + "/password";

    private static final Logger AUDIT = LoggerFactory.getLogger("audit");

    private final AgentAccounts accounts;
    private final SignInFlow flow;

    SessionApi(AgentAccounts accounts, SignInFlow flow) {
        this.accounts = accounts;
        this.flow = flow;
    }

    void addRoutes(Router router, Pages pages) {
        SignInBodyLimit bodyLimit = new SignInBodyLimit(pages);
        router.post(PATH).handler(bodyLimit).handler(this::signIn);
        router.get(PATH).handler(this::whoAmI);
        router.delete(PATH).handler(this::signOut);
        router.post(PASSWORD_PATH).handler(bodyLimit).handler(new AccessGuard(Role.AGENT, true)).handler(this::changePassword);
    }

    private void signIn(RoutingContext ctx) {
        JsonObject body = JsonBodies.read(ctx);
        if (body == null) {
            return;
        }
        String username = JsonBodies.requiredString(ctx, body, "username");
        if (username == null) {
            return;
        }
        String password = JsonBodies.requiredString(ctx, body, "password");
        if (password == null) {
            return;
        }
        flow.attempt(SignInFlow.sourceOf(ctx), username, password.toCharArray()).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause()); // the node's fault: logged once, with the id the problem document carries
                return;
            }
            SignInFlow.Outcome outcome = ar.result();
            if (outcome instanceof SignInFlow.Outcome.SignedIn signedIn) {
                SessionState.signIn(ctx, signedIn.agent());
                sessionBody(ctx, ctx.session(), signedIn.agent());
            } else if (outcome instanceof SignInFlow.Outcome.Locked locked) {
                ctx.response().putHeader("Retry-After", Long.toString(Math.max(1,
                        Duration.between(Instant.now(), locked.until()).toSeconds())));
                Problem.send(ctx, 423, "account-locked", LoginPages.lockedMessage(locked.until()));
            } else if (outcome instanceof SignInFlow.Outcome.Throttled throttled) {
                ctx.response().putHeader("Retry-After", Long.toString(throttled.retryAfter().toSeconds()));
                Problem.send(ctx, 429, "too-many-attempts", LoginPages.throttledMessage(throttled.retryAfter()));
            } else if (outcome instanceof SignInFlow.Outcome.Busy busy) {
                ctx.response().putHeader("Retry-After", Long.toString(busy.retryAfter().toSeconds()));
                Problem.send(ctx, 503, "sign-in-busy", LoginPages.BUSY);
            } else if (outcome instanceof SignInFlow.Outcome.PasswordTooLong) {
                Problem.send(ctx, 400, "invalid-field", "password: must be at most " + AccountRules.MAX_PASSWORD_CHARS
                        + " characters");
            } else {
                Problem.send(ctx, 401, "invalid-credentials", LoginPages.REJECTED);
            }
        });
    }

    private void whoAmI(RoutingContext ctx) {
        Session session = SessionState.existing(ctx);
        SignedInAgent agent = session == null ? null : SessionState.agent(session);
        if (agent == null) {
            Problem.send(ctx, 401, "unauthenticated", "no session, or it expired; sign in with POST " + PATH);
            return;
        }
        sessionBody(ctx, session, agent);
    }

    private void signOut(RoutingContext ctx) {
        SignedInAgent agent = SessionState.agent(ctx);
        SessionState.signOut(ctx);
        if (agent != null) {
            AUDIT.info("Signed out: '{}' from {}", agent.username(), SignInFlow.sourceOf(ctx));
        }
        ctx.response().setStatusCode(204).end();
    }

    private void changePassword(RoutingContext ctx) {
        SignedInAgent agent = ctx.get(AccessGuard.AGENT_KEY);
        JsonObject body = JsonBodies.read(ctx);
        if (body == null) {
            return;
        }
        String current = JsonBodies.requiredString(ctx, body, "current");
        if (current == null) {
            return;
        }
        String next = JsonBodies.requiredString(ctx, body, "new");
        if (next == null) {
            return;
        }
        String source = SignInFlow.sourceOf(ctx);
        Optional<Duration> refused = flow.reserve(source);
        if (refused.isPresent()) {
            ctx.response().putHeader("Retry-After", Long.toString(refused.get().toSeconds()));
            Problem.send(ctx, 429, "too-many-attempts", LoginPages.throttledMessage(refused.get()));
            return;
        }
        accounts.changePassword(agent.id(), current.toCharArray(), next.toCharArray()).onComplete(ar -> {
            flow.release(source, ar.cause() instanceof WrongPasswordException);
            if (ar.succeeded()) {
                SignedInAgent changed = new SignedInAgent(agent.id(), agent.username(), agent.displayName(), agent.role(),
                        false);
                SessionState.signIn(ctx, changed);
                sessionBody(ctx, ctx.session(), changed);
            } else if (ar.cause() instanceof WrongPasswordException) {
                AUDIT.warn("Wrong current password in a password change by '{}' from {}", agent.username(), source);
                Problem.send(ctx, 400, "invalid-field", "current: is not the account's current password");
            } else if (ar.cause() instanceof HashingBusyException busy) {
                ctx.response().putHeader("Retry-After", Long.toString(busy.retryAfter().toSeconds()));
                Problem.send(ctx, 503, "sign-in-busy", LoginPages.BUSY);
            } else if (ar.cause() instanceof AccountInputException invalid) {
                Problem.send(ctx, 400, "invalid-field", invalid.getMessage());
            } else if (ar.cause() instanceof NoSuchElementException) {
                SessionState.signOut(ctx);
                Problem.send(ctx, 401, "unauthenticated", "the account no longer exists");
            } else {
                ctx.fail(ar.cause()); // the node's fault: logged once, with the id the problem document carries
            }
        });
    }

    /** {@code {"agent":{…},"csrfToken":"…"}}, the answer of sign-in and of who-am-I. */
    private static void sessionBody(RoutingContext ctx, Session session, SignedInAgent agent) {
        JsonObject body = new JsonObject()
                .put("agent", SessionState.json(agent))
                .put("csrfToken", SessionState.csrfToken(session));
        ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
