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
    private final SecondFactors factors;

    /** {@code factors}: two-step sign-in, null for none. */
    SessionApi(AgentAccounts accounts, SignInFlow flow, SecondFactors factors) {
        this.accounts = accounts;
        this.flow = flow;
        this.factors = factors;
    }

    void addRoutes(Router router, Pages pages) {
        SignInBodyLimit bodyLimit = new SignInBodyLimit(pages);
        router.post(PATH).handler(bodyLimit).handler(this::signIn);
        router.get(PATH).handler(this::whoAmI);
        router.delete(PATH).handler(this::signOut);
        router.post(PASSWORD_PATH).handler(bodyLimit).handler(new AccessGuard(null, true)).handler(this::changePassword);
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
                passwordRight(ctx, signedIn.agent(), body.getValue("code") instanceof String code ? code : null);
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

    /**
     * The password was right. An account with a second factor needs {@code code} in the same request (its app's
     * code or a recovery code): 401 {@code second-factor-required} without, 401 {@code second-factor-rejected} when
     * wrong (counted like a wrong password), 423 once that locks the name. An account whose role requires one and
     * has none is signed in, but every other route answers 403 until it is set up in the console.
     */
    private void passwordRight(RoutingContext ctx, SignedInAgent agent, String code) {
        if (factors == null) {
            SessionState.signIn(ctx, agent);
            sessionBody(ctx, ctx.session(), agent);
            return;
        }
        boolean required = factors.required(agent);
        factors.enrolled(agent.id()).onComplete(enrolled -> {
            if (enrolled.failed()) {
                ctx.fail(enrolled.cause());
            } else if (!enrolled.result()) {
                signedIn(ctx, agent, required);
            } else if (code == null || code.isBlank()) {
                Problem.send(ctx, 401, "second-factor-required", "this account signs in with a second factor: send "
                        + "its authenticator app's code (or a recovery code) as \"code\"");
            } else {
                factors.check(agent.id(), code).onComplete(checked -> {
                    if (checked.failed()) {
                        ctx.fail(checked.cause());
                    } else if (checked.result() != SecondFactors.Check.WRONG) {
                        accounts.secondFactorPassed(agent.username()).onComplete(v -> signedIn(ctx, agent,
                                checked.result() == SecondFactors.Check.NOT_ENROLLED && required));
                    } else {
                        AUDIT.warn("Wrong second factor for '{}' from {}", agent.username(), SignInFlow.sourceOf(ctx));
                        accounts.secondFactorFailed(agent.username()).onComplete(lock -> {
                            if (lock.succeeded() && lock.result().isPresent()) {
                                Problem.send(ctx, 423, "account-locked", LoginPages.lockedMessage(lock.result().get()));
                            } else {
                                Problem.send(ctx, 401, "second-factor-rejected",
                                        "the code is not right, or was used already");
                            }
                        });
                    }
                });
            }
        });
    }

    private void signedIn(RoutingContext ctx, SignedInAgent agent, boolean setUpFirst) {
        SessionState.signIn(ctx, agent);
        SessionState.requireSecondFactorSetup(ctx, setUpFirst);
        sessionBody(ctx, ctx.session(), agent);
    }

    private void whoAmI(RoutingContext ctx) {
        // The request's agent as the guards see it: a session ended by an admin is ended here too.
        SignedInAgent agent = SessionState.agent(ctx);
        Session session = SessionState.existing(ctx);
        if (agent == null || session == null) {
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
                SignedInAgent changed = agent.passwordChanged();
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
