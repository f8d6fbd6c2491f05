package io.meridian.security;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SessionHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The console's sign-in, sign-out and change-password pages. */
final class LoginPages {

    static final String HOME = "/console";
    static final String LOGIN = "/console/login";
    static final String LOGOUT = "/console/logout";
    static final String PASSWORD = "/console/password";
    static final String REJECTED = "Unknown username or wrong password.";
    static final String BUSY = "Too many sign-ins are being checked right now. Please try again in a moment.";
    static final String TOO_LONG = "The password must be at most " + AccountRules.MAX_PASSWORD_CHARS + " characters.";

    private static final Logger AUDIT = LoggerFactory.getLogger("audit");
    private static final DateTimeFormatter UNTIL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final int MAX_NEXT_CHARS = 512;

    private final Vertx vertx;
    private final AgentAccounts accounts;
    private final SignInFlow flow;
    private final Pages pages;
    private final Path initialAdminPasswordFile;
    private final SessionHandler sessions;
    private final SecondFactors factors;

    /** {@code factors}: two-step sign-in, null for none. */
    LoginPages(Vertx vertx, AgentAccounts accounts, SignInFlow flow, Pages pages, Path initialAdminPasswordFile,
            SessionHandler sessions, SecondFactors factors) {
        this.factors = factors;
        this.vertx = vertx;
        this.accounts = accounts;
        this.flow = flow;
        this.pages = pages;
        this.initialAdminPasswordFile = initialAdminPasswordFile;
        this.sessions = sessions;
    }

    void addRoutes(Router router) {
        router.get(LOGIN).handler(this::loginForm);
        SignInBodyLimit bodyLimit = new SignInBodyLimit(pages);
        router.post(LOGIN).handler(bodyLimit).handler(this::signIn);
        router.post(LOGOUT).handler(this::signOut);
        router.get(PASSWORD).handler(new AccessGuard(null, true)).handler(this::passwordForm);
        router.post(PASSWORD).handler(bodyLimit).handler(new AccessGuard(null, true)).handler(this::changePassword);
    }

    /**
     * {@code next} if it is a page of this console ({@code /console...}), so a sign-in link can never send the agent
     * to another site or back to the login page itself.
     */
    static Optional<String> localConsoleTarget(String next) {
        if (next == null || next.isEmpty() || next.length() > MAX_NEXT_CHARS) {
            return Optional.empty();
        }
        if (!(next.equals(HOME) || next.startsWith(HOME + "/") || next.startsWith(HOME + "?"))) {
            return Optional.empty();
        }
        for (int i = 0; i < next.length(); i++) {
            char c = next.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '\\') {
                return Optional.empty();
            }
        }
        if (next.startsWith(LOGIN) || next.startsWith(LOGOUT)) {
            return Optional.empty();
        }
        return Optional.of(next);
    }

    /** The answer to a sign-in form whose CSRF token was missing or stale: a fresh form, asking to sign in again. */
    void expired(RoutingContext ctx) {
        renderLogin(ctx, 403, "The sign-in form had expired. Please sign in again.", field(ctx, "username"), next(ctx));
    }

    private void loginForm(RoutingContext ctx) {
        SignedInAgent agent = SessionState.agent(ctx);
        if (agent != null) {
            ctx.redirect(agent.mustChangePassword() ? PASSWORD : next(ctx).orElse(HOME));
            return;
        }
        renderLogin(ctx, 200, null, "", next(ctx));
    }

    private void signIn(RoutingContext ctx) {
        String username = field(ctx, "username");
        String password = ctx.request().getFormAttribute("password");
        Optional<String> next = next(ctx);
        if (username.isBlank() || password == null || password.isEmpty()) {
            renderLogin(ctx, 400, "Enter your username and password.", username, next);
            return;
        }
        flow.attempt(SignInFlow.sourceOf(ctx), username, password.toCharArray()).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause()); // the node's fault: logged once, with the id the error page shows
                return;
            }
            SignInFlow.Outcome outcome = ar.result();
            if (outcome instanceof SignInFlow.Outcome.SignedIn signedIn) {
                passwordRight(ctx, signedIn.agent(), next);
            } else if (outcome instanceof SignInFlow.Outcome.Locked locked) {
                renderLogin(ctx, 423, lockedMessage(locked.until()), username, next);
            } else if (outcome instanceof SignInFlow.Outcome.Throttled throttled) {
                ctx.response().putHeader("Retry-After", Long.toString(throttled.retryAfter().toSeconds()));
                renderLogin(ctx, 429, throttledMessage(throttled.retryAfter()), username, next);
            } else if (outcome instanceof SignInFlow.Outcome.Busy busy) {
                ctx.response().putHeader("Retry-After", Long.toString(busy.retryAfter().toSeconds()));
                renderLogin(ctx, 503, BUSY, username, next);
            } else if (outcome instanceof SignInFlow.Outcome.PasswordTooLong) {
                renderLogin(ctx, 400, TOO_LONG, username, next);
            } else {
                renderLogin(ctx, 401, REJECTED, username, next);
            }
        });
    }

    /**
     * The password was right: with a second factor, on to its code page (not signed in yet); without one, signed in,
     * and sent to set one up first where the role requires it.
     */
    private void passwordRight(RoutingContext ctx, SignedInAgent agent, Optional<String> next) {
        if (factors == null) {
            SessionState.signIn(ctx, agent);
            ctx.redirect(agent.mustChangePassword() ? PASSWORD : next.orElse(HOME));
            return;
        }
        factors.enrolled(agent.id()).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else if (ar.result()) {
                SessionState.awaitSecondFactor(ctx, agent);
                ctx.redirect(SecondFactorPages.CODE + next.map(n -> "?next="
                        + java.net.URLEncoder.encode(n, java.nio.charset.StandardCharsets.UTF_8)).orElse(""));
            } else {
                SessionState.signIn(ctx, agent);
                boolean setUp = factors.required(agent);
                SessionState.requireSecondFactorSetup(ctx, setUp);
                ctx.redirect(agent.mustChangePassword() ? PASSWORD : setUp ? SecondFactorPages.SETUP
                        : next.orElse(HOME));
            }
        });
    }

    private void signOut(RoutingContext ctx) {
        SignedInAgent agent = SessionState.agent(ctx);
        SessionState.signOut(ctx);
        if (agent != null) {
            AUDIT.info("Signed out: '{}' from {}", agent.username(), SignInFlow.sourceOf(ctx));
        }
        ctx.redirect(LOGIN);
    }

    private void passwordForm(RoutingContext ctx) {
        SignedInAgent agent = ctx.get(AccessGuard.AGENT_KEY);
        boolean changed = "1".equals(ctx.request().getParam("changed")) && !agent.mustChangePassword();
        renderPassword(ctx, 200, agent, null, changed);
    }

    private void changePassword(RoutingContext ctx) {
        SignedInAgent agent = ctx.get(AccessGuard.AGENT_KEY);
        String current = ctx.request().getFormAttribute("current");
        String next = ctx.request().getFormAttribute("new");
        String confirm = ctx.request().getFormAttribute("confirm");
        if (current == null || current.isEmpty()) {
            renderPassword(ctx, 400, agent, "Enter your current password.", false);
            return;
        }
        if (next == null || !next.equals(confirm)) {
            renderPassword(ctx, 400, agent, "The new password and its confirmation differ.", false);
            return;
        }
        String source = SignInFlow.sourceOf(ctx);
        Optional<Duration> refused = flow.reserve(source);
        if (refused.isPresent()) {
            ctx.response().putHeader("Retry-After", Long.toString(refused.get().toSeconds()));
            renderPassword(ctx, 429, agent, throttledMessage(refused.get()), false);
            return;
        }
        accounts.changePassword(agent.id(), current.toCharArray(), next.toCharArray()).onComplete(ar -> {
            flow.release(source, ar.cause() instanceof WrongPasswordException);
            if (ar.succeeded()) {
                // A new session id and token after a password change: whatever leaked before is worthless now.
                SessionState.signIn(ctx, agent.passwordChanged());
                ctx.redirect(PASSWORD + "?changed=1");
            } else if (ar.cause() instanceof WrongPasswordException) {
                AUDIT.warn("Wrong current password in a password change by '{}' from {}", agent.username(), source);
                renderPassword(ctx, 400, agent, "The current password is wrong.", false);
            } else if (ar.cause() instanceof HashingBusyException busy) {
                ctx.response().putHeader("Retry-After", Long.toString(busy.retryAfter().toSeconds()));
                renderPassword(ctx, 503, agent, BUSY, false);
            } else if (ar.cause() instanceof AccountInputException invalid) {
                renderPassword(ctx, 400, agent, sentence(invalid), false);
            } else if (ar.cause() instanceof NoSuchElementException) {
                SessionState.signOut(ctx);
                ctx.redirect(LOGIN);
            } else {
                ctx.fail(ar.cause()); // the node's fault: logged once, with the id the error page shows
            }
        });
    }

    private void renderLogin(RoutingContext ctx, int status, String error, String username, Optional<String> next) {
        vertx.executeBlocking(() -> Files.exists(initialAdminPasswordFile), false).otherwise(false).onComplete(ar -> {
            Map<String, Object> model = Pages.model(ctx, "Sign in", null);
            if (error != null) {
                model.put("error", error);
            }
            model.put("username", username);
            next.ifPresent(n -> model.put("next", n));
            model.put("firstStart", ar.result());
            // The session handler keeps sessions only for 2xx/3xx answers; the form's token must survive a 4xx
            // (wrong password, expired form), or the next attempt would fail its CSRF check.
            Future<Void> saved = status < 400 ? Future.succeededFuture() : sessions.flush(ctx, true);
            saved.onComplete(done -> pages.render(ctx, status, "login", model));
        });
    }

    private void renderPassword(RoutingContext ctx, int status, SignedInAgent agent, String error, boolean changed) {
        Map<String, Object> model = Pages.model(ctx, "Change password", agent);
        if (error != null) {
            model.put("error", error);
        }
        model.put("mustChange", agent.mustChangePassword());
        model.put("changed", changed);
        model.put("minChars", AccountRules.MIN_PASSWORD_CHARS);
        pages.render(ctx, status, "password", model);
    }

    /** An input error as a sentence for a form, e.g. "The new password must be at least 12 characters." */
    static String sentence(AccountInputException e) {
        String subject = switch (e.field()) {
            case "username" -> "The username";
            case "displayName" -> "The display name";
            case "role" -> "The role";
            case "password" -> "The password";
            case "new" -> "The new password";
            case "current" -> "The current password";
            default -> e.field();
        };
        return subject + " " + e.reason() + ".";
    }

    static String lockedMessage(Instant until) {
        return "Too many failed sign-ins for this username. Try again after " + UNTIL.format(until) + ".";
    }

    static String throttledMessage(Duration retryAfter) {
        long minutes = Math.max(1, (retryAfter.toSeconds() + 59) / 60);
        return "Too many failed sign-ins from your address. Try again in " + minutes + (minutes == 1 ? " minute." : " minutes.");
    }

    private static String field(RoutingContext ctx, String name) {
        String value = ctx.request().getFormAttribute(name);
        return value == null ? "" : value;
    }

    private static Optional<String> next(RoutingContext ctx) {
        String next = ctx.request().getFormAttribute("next");
        if (next == null) {
            next = ctx.request().getParam("next");
        }
        return localConsoleTarget(next);
    }
}
