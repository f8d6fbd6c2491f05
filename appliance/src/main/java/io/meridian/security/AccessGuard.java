package io.meridian.security;

import io.meridian.web.Problem;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Lets a request through only with a signed-in account whose role grants {@code required} (null: any signed-in
 * account); see {@link ConsoleSecurity#require}. The password page itself passes accounts that must still change the
 * password.
 */
final class AccessGuard implements Handler<RoutingContext> {

    /** Where the signed-in agent of a request that passed the guard is kept for {@link ConsoleSecurity#agent}. */
    static final String AGENT_KEY = "meridian.security.agent";
    /** Where {@link ConsoleSecurity#mount} leaves its {@link Pages} for guards, which are created statically. */
    static final String PAGES_KEY = "meridian.security.pages";

    private final Permission required;
    private final boolean allowPendingPasswordChange;
    private final boolean allowPendingSecondFactorSetup;

    AccessGuard(Permission required, boolean allowPendingPasswordChange) {
        this(required, allowPendingPasswordChange, allowPendingPasswordChange);
    }

    /** {@code allowPendingSecondFactorSetup}: the pages where a required second factor is set up pass too. */
    AccessGuard(Permission required, boolean allowPendingPasswordChange, boolean allowPendingSecondFactorSetup) {
        this.required = required;
        this.allowPendingPasswordChange = allowPendingPasswordChange;
        this.allowPendingSecondFactorSetup = allowPendingSecondFactorSetup;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Pages pages = ctx.get(PAGES_KEY);
        if (pages == null) {
            ctx.fail(500, new IllegalStateException("require on " + ctx.normalizedPath()
                    + ", outside /console and /api where ConsoleSecurity handles sessions"));
            return;
        }
        boolean api = Pages.isApi(ctx);
        SignedInAgent agent = SessionState.agent(ctx);
        if (agent == null) {
            if (api) {
                Problem.send(ctx, 401, "unauthenticated", "sign in first (POST /api/v1/session); the session may have expired");
            } else {
                ctx.redirect(loginAddress(ctx));
            }
            return;
        }
        if (agent.mustChangePassword() && !allowPendingPasswordChange) {
            if (api) {
                Problem.send(ctx, 403, "password-change-required",
                        "this account must change its password first (POST /api/v1/session/password or the console)");
            } else {
                ctx.redirect(LoginPages.PASSWORD);
            }
            return;
        }
        if (!allowPendingSecondFactorSetup && SessionState.secondFactorSetupRequired(ctx)) {
            if (api) {
                Problem.send(ctx, 403, "second-factor-setup-required",
                        "this account must set up two-step sign-in first, in the console (/console/two-step)");
            } else {
                ctx.redirect(SecondFactorPages.SETUP);
            }
            return;
        }
        if (required != null && !agent.may(required)) {
            pages.refuse(ctx, 403, "forbidden", "This needs the " + required.key() + " permission.");
            return;
        }
        ctx.put(AGENT_KEY, agent);
        ctx.next();
    }

    /** The login page, remembering a page the agent asked for so the sign-in can return there. */
    private static String loginAddress(RoutingContext ctx) {
        if (ctx.request().method() != HttpMethod.GET) {
            return LoginPages.LOGIN;
        }
        return LoginPages.localConsoleTarget(ctx.request().uri())
                .map(next -> LoginPages.LOGIN + "?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8))
                .orElse(LoginPages.LOGIN);
    }
}
