package io.meridian.security;

import io.meridian.web.JsonBodies;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The synchronizer-token check for every state-changing request under /console and /api. The token comes in the
 * form field {@code csrf} or the header {@code X-CSRF-Token} and must equal the session's.
 * <ul>
 * <li>Sign-in forms are checked against the token of the pre-login session (against login CSRF).</li>
 * <li>{@code POST /api/v1/session} with {@code Content-Type: application/json} needs no token: a script has no session
 * yet, and a cross-site HTML form cannot send that content type.</li>
 * <li>Requests without a signed-in agent carry no authority to abuse, so they pass to the route's
 * {@link ConsoleSecurity#require} guard, which answers 401 or redirects to the login page.</li>
 * </ul>
 */
final class CsrfGuard implements Handler<RoutingContext> {

    static final String HEADER = "X-CSRF-Token";
    static final String FORM_FIELD = "csrf";

    private static final Logger AUDIT = LoggerFactory.getLogger("audit");
    private static final Set<HttpMethod> STATE_CHANGING = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);

    private final Pages pages;
    private final LoginPages loginPages;

    CsrfGuard(Pages pages, LoginPages loginPages) {
        this.pages = pages;
        this.loginPages = loginPages;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        if (!STATE_CHANGING.contains(method)) {
            ctx.next();
            return;
        }
        String path = ctx.normalizedPath();
        boolean apiSignIn = method == HttpMethod.POST && path.equals(SessionApi.PATH);
        if (apiSignIn && JsonBodies.isJson(ctx)) {
            ctx.next();
            return;
        }
        boolean formSignIn = method == HttpMethod.POST
                && (path.equals(LoginPages.LOGIN) || path.equals(SecondFactorPages.CODE));
        Session session = SessionState.existing(ctx);
        boolean signedIn = session != null && SessionState.agent(session) != null;
        if (!signedIn && !formSignIn && !apiSignIn) {
            ctx.next();
            return;
        }
        if (session != null && SessionState.csrfMatches(session, presentedToken(ctx))) {
            ctx.next();
            return;
        }
        AUDIT.warn("Refused {} {} from {}: missing or wrong CSRF token", method, path, SignInFlow.sourceOf(ctx));
        if (formSignIn) {
            loginPages.expired(ctx);
        } else {
            pages.refuse(ctx, 403, "csrf", Pages.isApi(ctx)
                    ? "missing or wrong " + HEADER + " header; use the csrfToken of GET /api/v1/session"
                    : "This form has expired or did not come from the Meridian console. Go back, reload the page and try again.");
        }
    }

    private static String presentedToken(RoutingContext ctx) {
        String header = ctx.request().getHeader(HEADER);
        if (header != null) {
            return header;
        }
        return ctx.request().getFormAttribute(FORM_FIELD);
    }
}
