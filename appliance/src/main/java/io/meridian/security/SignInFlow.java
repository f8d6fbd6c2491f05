package io.meridian.security;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sign-in attempt as the console form and the REST API both make it: the password's length, then source
 * throttling (the attempt takes its place before any hashing), then the account check, then the log line. Logs
 * username and source address, never the password.
 */
final class SignInFlow {

    private static final Logger AUDIT = LoggerFactory.getLogger("audit");

    /** How an attempt ended. */
    sealed interface Outcome {
        record SignedIn(SignedInAgent agent) implements Outcome {
        }

        record Rejected() implements Outcome {
        }

        record Locked(Instant until) implements Outcome {
        }

        record Throttled(Duration retryAfter) implements Outcome {
        }

        /** Password checks are at capacity; nothing was checked or counted. */
        record Busy(Duration retryAfter) implements Outcome {
        }

        /** Longer than any password can be ({@link AccountRules#MAX_PASSWORD_CHARS}); refused without hashing. */
        record PasswordTooLong() implements Outcome {
        }
    }

    private final Vertx vertx;
    private final AgentAccounts accounts;
    private final SourceThrottle throttle;
    private final SecurityAlerts alerts;

    SignInFlow(Vertx vertx, AgentAccounts accounts, SourceThrottle throttle) {
        this(vertx, accounts, throttle, null);
    }

    /** {@code alerts}: told of each sign-in (an admin's new network), null for none. */
    SignInFlow(Vertx vertx, AgentAccounts accounts, SourceThrottle throttle, SecurityAlerts alerts) {
        this.alerts = alerts;
        this.vertx = vertx;
        this.accounts = accounts;
        this.throttle = throttle;
    }

    /** Checks the credentials; takes ownership of {@code password} and wipes it when done. */
    Future<Outcome> attempt(String source, String username, char[] password) {
        if (password.length > AccountRules.MAX_PASSWORD_CHARS) {
            Arrays.fill(password, '\0');
            AUDIT.warn("Sign-in for '{}' from {} refused: the password is longer than any can be", loggable(username),
                    source);
            return Future.succeededFuture(new Outcome.PasswordTooLong());
        }
        Optional<Duration> refused = throttle.reserve(source);
        if (refused.isPresent()) {
            Arrays.fill(password, '\0');
            AUDIT.warn("Sign-in for '{}' from {} refused: too many failed sign-ins from this address", loggable(username), source);
            return Future.succeededFuture(new Outcome.Throttled(refused.get()));
        }
        long delay = throttle.delayMillis(source);
        // A timer, not a sleep: the wait costs the event loop nothing, while each guess from this address costs more.
        Future<Void> waited = delay == 0 ? Future.succeededFuture() : vertx.timer(delay).mapEmpty();
        return waited.compose(v -> accounts.authenticate(username, password))
                .onComplete(done -> {
                    Arrays.fill(password, '\0');
                    boolean failed = done.succeeded() && (done.result() instanceof LoginResult.Rejected
                            || done.result() instanceof LoginResult.Locked);
                    throttle.release(source, failed);
                })
                .map(result -> outcome(source, username, result));
    }

    /**
     * Takes a place under the source throttle for a password check that is not a sign-in, such as the current
     * password of a change: empty if it may go ahead (then {@link #release} must follow), else how long to wait.
     */
    Optional<Duration> reserve(String source) {
        Optional<Duration> refused = throttle.reserve(source);
        refused.ifPresent(wait -> AUDIT.warn("Password check from {} refused: too many failed sign-ins from this "
                + "address", source));
        return refused;
    }

    /** Ends a check begun with {@link #reserve}; {@code failed} counts it as a failure of the address. */
    void release(String source, boolean failed) {
        throttle.release(source, failed);
    }

    private Outcome outcome(String source, String username, LoginResult result) {
        String who = loggable(username);
        if (result instanceof LoginResult.Success success) {
            AUDIT.info("Signed in: '{}' from {}", success.agent().username(), source);
            if (alerts != null) {
                alerts.signedIn(success.agent(), source);
            }
            return new Outcome.SignedIn(success.agent());
        }
        if (result instanceof LoginResult.Busy busy) {
            AUDIT.warn("Sign-in for '{}' from {} not checked: password checks are at capacity", who, source);
            return new Outcome.Busy(busy.retryAfter());
        }
        if (result instanceof LoginResult.Locked locked) {
            AUDIT.warn("Failed sign-in for '{}' from {}: locked until {}", who, source, locked.until());
            return new Outcome.Locked(locked.until());
        }
        AUDIT.warn("Failed sign-in for '{}' from {}", who, source);
        return new Outcome.Rejected();
    }

    /**
     * The address a request came from: the TCP peer. Forwarding headers are not trusted, since anyone can send them;
     * behind a proxy every sign-in therefore counts against the proxy's address (docs/security.md).
     */
    static String sourceOf(RoutingContext ctx) {
        SocketAddress remote = ctx.request().remoteAddress();
        return remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
    }

    /** The username as typed, made safe for a log line: no control characters (no forged lines), bounded length. */
    static String loggable(String username) {
        if (username == null) {
            return "";
        }
        String bounded = username.length() > 64 ? username.substring(0, 64) + "…" : username;
        StringBuilder b = new StringBuilder(bounded.length());
        bounded.codePoints().forEach(cp -> b.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        return b.toString();
    }
}
