package io.meridian.security;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's two-step sign-in: the code page after a right password ({@value #CODE}), and the page where an agent
 * turns it on with an authenticator app (a QR code, then the app's code, then ten recovery codes shown once) or off
 * ({@value #SETUP}). Accounts of a role that requires it are sent to the setup page until it is on.
 */
final class SecondFactorPages {

    static final String CODE = "/console/login/code";
    static final String SETUP = "/console/two-step";
    /** The issuer authenticator apps show beside the account. */
    static final String ISSUER = "Meridian";
    private static final Logger AUDIT = LoggerFactory.getLogger("audit");

    private final AgentAccounts accounts;
    private final SecondFactors factors;
    private final Pages pages;

    SecondFactorPages(AgentAccounts accounts, SecondFactors factors, Pages pages) {
        this.accounts = accounts;
        this.factors = factors;
        this.pages = pages;
    }

    void addRoutes(Router router) {
        router.get(CODE).handler(this::codeForm);
        router.post(CODE).handler(this::code);
        AccessGuard setupAllowed = new AccessGuard(null, false, true);
        router.get(SETUP).handler(setupAllowed).handler(this::setup);
        router.post(SETUP + "/confirm").handler(setupAllowed).handler(this::confirm);
        router.post(SETUP + "/remove").handler(setupAllowed).handler(this::remove);
    }

    private void codeForm(RoutingContext ctx) {
        if (SessionState.pendingAgent(ctx) == null) {
            ctx.redirect(LoginPages.LOGIN);
            return;
        }
        renderCode(ctx, 200, null);
    }

    private void code(RoutingContext ctx) {
        SignedInAgent pending = SessionState.pendingAgent(ctx);
        if (pending == null) {
            ctx.redirect(LoginPages.LOGIN);
            return;
        }
        String given = ctx.request().getFormAttribute("code");
        String source = SignInFlow.sourceOf(ctx);
        accounts.lockedUntil(pending.username()).compose(lock -> lock.isPresent()
                ? Future.succeededFuture(Outcome.locked(lock.get()))
                : factors.check(pending.id(), given).compose(check -> switch (check) {
                    case APP_CODE, RECOVERY_CODE, NOT_ENROLLED -> accounts.secondFactorPassed(pending.username())
                            .map(v -> Outcome.passed(check));
                    case WRONG -> accounts.secondFactorFailed(pending.username())
                            .map(until -> until.map(Outcome::locked).orElse(Outcome.wrong()));
                })).onComplete(ar -> {
                    if (ar.failed()) {
                        ctx.fail(ar.cause());
                        return;
                    }
                    Outcome o = ar.result();
                    if (o.check() != null) {
                        AUDIT.info("Signed in: '{}' from {} ({})", pending.username(), source,
                                o.check() == SecondFactors.Check.RECOVERY_CODE ? "a recovery code"
                                        : o.check() == SecondFactors.Check.APP_CODE ? "the app's code" : "no second factor");
                        SessionState.completeSecondFactor(ctx, pending);
                        SessionState.requireSecondFactorSetup(ctx, o.check() == SecondFactors.Check.NOT_ENROLLED
                                && factors.required(pending));
                        ctx.redirect(pending.mustChangePassword() ? LoginPages.PASSWORD
                                : LoginPages.localConsoleTarget(ctx.request().getFormAttribute("next"))
                                        .orElse(LoginPages.HOME));
                    } else if (o.lockedUntil() != null) {
                        AUDIT.warn("Wrong second factor for '{}' from {}: locked until {}", pending.username(), source,
                                o.lockedUntil());
                        SessionState.signOut(ctx);
                        Map<String, Object> model = Pages.model(ctx, "Sign in", null);
                        model.put("error", LoginPages.lockedMessage(o.lockedUntil()));
                        model.put("username", pending.username());
                        model.put("firstStart", false);
                        pages.render(ctx, 423, "login", model);
                    } else {
                        AUDIT.warn("Wrong second factor for '{}' from {}", pending.username(), source);
                        renderCode(ctx, 401, "twostep.code.wrong");
                    }
                });
    }

    /** What a code at sign-in came to: passed (how), locked (until), or wrong. */
    private record Outcome(SecondFactors.Check check, java.time.Instant lockedUntil) {
        static Outcome passed(SecondFactors.Check how) {
            return new Outcome(how, null);
        }

        static Outcome locked(java.time.Instant until) {
            return new Outcome(null, until);
        }

        static Outcome wrong() {
            return new Outcome(null, null);
        }
    }

    private void setup(RoutingContext ctx) {
        SignedInAgent agent = ctx.get(AccessGuard.AGENT_KEY);
        renderSetup(ctx, 200, agent, null, List.of(), "1".equals(ctx.request().getParam("removed")));
    }

    private void confirm(RoutingContext ctx) {
        SignedInAgent agent = ctx.get(AccessGuard.AGENT_KEY);
        String secret = SessionState.enrollingSecret(ctx, Totp::newSecret);
        factors.confirm(agent, secret, ctx.request().getFormAttribute("code")).onComplete(ar -> {
            if (ar.succeeded()) {
                SessionState.forgetEnrollingSecret(ctx);
                SessionState.requireSecondFactorSetup(ctx, false);
                renderSetup(ctx, 200, agent, null, ar.result(), false);
            } else if (ar.cause() instanceof IllegalArgumentException) {
                renderSetup(ctx, 400, agent, "twostep.code.wrong", List.of(), false);
            } else {
                ctx.fail(ar.cause());
            }
        });
    }

    private void remove(RoutingContext ctx) {
        SignedInAgent agent = ctx.get(AccessGuard.AGENT_KEY);
        if (factors.required(agent)) {
            renderSetup(ctx, 403, agent, "twostep.remove.required", List.of(), false);
            return;
        }
        factors.check(agent.id(), ctx.request().getFormAttribute("code")).compose(check ->
                check == SecondFactors.Check.APP_CODE || check == SecondFactors.Check.RECOVERY_CODE
                        ? factors.remove(agent.id(), "by '" + agent.username() + "' with a code").map(true)
                        : accounts.secondFactorFailed(agent.username()).map(false)).onComplete(ar -> {
                            if (ar.failed()) {
                                ctx.fail(ar.cause());
                            } else if (ar.result()) {
                                ctx.redirect(SETUP + "?removed=1");
                            } else {
                                renderSetup(ctx, 400, agent, "twostep.code.wrong", List.of(), false);
                            }
                        });
    }

    private void renderCode(RoutingContext ctx, int status, String errorKey) {
        Map<String, Object> model = Pages.model(ctx, "Two-step sign-in", null);
        model.put("errorKey", errorKey == null ? "" : errorKey);
        LoginPages.localConsoleTarget(ctx.request().getParam("next")).ifPresent(n -> model.put("next", n));
        pages.render(ctx, status, "login-code", model);
    }

    private void renderSetup(RoutingContext ctx, int status, SignedInAgent agent, String errorKey,
            List<String> newCodes, boolean removed) {
        factors.enrolled(agent.id()).compose(on -> (on ? factors.recoveryCodesLeft(agent.id())
                : Future.succeededFuture(0)).map(left -> {
                    Map<String, Object> model = Pages.model(ctx, "Two-step sign-in", agent);
                    model.put("enrolled", on);
                    model.put("required", factors.required(agent));
                    model.put("codesLeft", left);
                    model.put("errorKey", errorKey == null ? "" : errorKey);
                    model.put("newCodes", newCodes.stream().map(c -> c.substring(0, 5) + "-" + c.substring(5))
                            .toList());
                    model.put("removed", removed);
                    if (!on) {
                        String secret = SessionState.enrollingSecret(ctx, Totp::newSecret);
                        String svg = QrCodes.svg(Totp.uri(ISSUER, agent.username(), secret));
                        model.put("qr", "data:image/svg+xml;base64,"
                                + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8)));
                        model.put("secret", secret.replaceAll("(.{4})(?!$)", "$1 "));
                    } else {
                        model.put("qr", "");
                        model.put("secret", "");
                    }
                    return model;
                })).onComplete(ar -> {
                    if (ar.failed()) {
                        ctx.fail(ar.cause());
                    } else {
                        pages.render(ctx, status, "two-step", ar.result());
                    }
                });
    }
}
