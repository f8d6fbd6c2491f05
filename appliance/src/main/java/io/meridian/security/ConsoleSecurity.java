package io.meridian.security;

import io.meridian.config.ConfigKeys;
import io.meridian.config.MeridianConfig;
import io.meridian.console.Templates;
import io.meridian.conversation.PersonalDataMasking;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.sstore.LocalSessionStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Who may use the console and the agent API: sessions, CSRF protection, sign-in with lockout and throttling,
 * password changes and the admin's account pages (docs/security.md). {@link #mount} installs it all; other
 * capabilities protect their routes with {@link #require}.
 */
public final class ConsoleSecurity {

    /**
     * Where the node says that an agent's sessions ended (deactivated, password reset), with the agent's id: a live
     * connection of that agent closes.
     */
    private static final String READ_SCOPE_KEY = "meridian.security.read-scope";
    public static final String SESSIONS_ENDED_ADDRESS = SessionRevocations.ADDRESS;
    /** Where live connections hear that a defined role changed or went: the message is the role's id. */
    public static final String ROLE_CHANGED_ADDRESS = RoleCatalog.CHANGED_ADDRESS;

    private final Vertx vertx;
    private final AgentAccounts accounts;
    private final Path initialAdminPasswordFile;
    private final Pages pages;
    private final SignInFlow flow;
    private final boolean secureCookie;
    private final Duration sessionTimeout;
    private final Duration absoluteLimit;
    private final SecurityAlerts alerts;
    /** What sessions' absolute limit is measured on: the system clock, or a test's. */
    private final Clock clock;
    private final SecondFactors factors;
    private final Supplier<List<Map.Entry<String, String>>> teams;
    private ReadScope readScope = ReadScope.EVERYTHING;

    /**
     * {@code factors}: two-step sign-in, null for none (tests of other things); {@code teams}: the routing setup's
     * teams (id, name), which the roles page offers as a role's scope.
     */
    public ConsoleSecurity(Vertx vertx, MeridianConfig config, AgentAccounts accounts, Templates templates,
            Path initialAdminPasswordFile, SecondFactors factors, SecurityAlerts alerts,
            Supplier<List<Map.Entry<String, String>>> teams) {
        this(vertx, config, accounts, templates, initialAdminPasswordFile, new SourceThrottle(), factors, alerts,
                Clock.systemUTC(), teams);
    }

    /** With a given source throttle and clock, so tests reach their limits without waiting minutes or hours. */
    ConsoleSecurity(Vertx vertx, MeridianConfig config, AgentAccounts accounts, Templates templates,
            Path initialAdminPasswordFile, SourceThrottle throttle, SecondFactors factors, SecurityAlerts alerts,
            Clock clock) {
        this(vertx, config, accounts, templates, initialAdminPasswordFile, throttle, factors, alerts, clock, List::of);
    }

    private ConsoleSecurity(Vertx vertx, MeridianConfig config, AgentAccounts accounts, Templates templates,
            Path initialAdminPasswordFile, SourceThrottle throttle, SecondFactors factors, SecurityAlerts alerts,
            Clock clock, Supplier<List<Map.Entry<String, String>>> teams) {
        this.teams = teams;
        this.clock = clock;
        this.factors = factors;
        this.vertx = vertx;
        this.accounts = accounts;
        this.initialAdminPasswordFile = initialAdminPasswordFile;
        this.pages = new Pages(templates);
        this.flow = new SignInFlow(vertx, accounts, throttle, alerts);
        this.alerts = alerts;
        this.secureCookie = config.bool(ConfigKeys.TLS_ENABLED);
        this.sessionTimeout = Duration.ofMinutes(config.integer(ConfigKeys.SESSION_TIMEOUT_MINUTES));
        this.absoluteLimit = Duration.ofHours(config.integer(ConfigKeys.SESSION_ABSOLUTE_HOURS));
    }

    /** What accounts whose role is scoped to teams or regions may read; set before {@link #mount}. */
    public ConsoleSecurity scopedBy(ReadScope scope) {
        this.readScope = java.util.Objects.requireNonNull(scope, "scope");
        return this;
    }

    /** The scope lists ask before they show records; see {@link #readable}. */
    public static ReadScope readScope(RoutingContext ctx) {
        ReadScope scope = ctx.get(READ_SCOPE_KEY);
        return scope == null ? ReadScope.EVERYTHING : scope;
    }

    /**
     * Those of {@code items} the request's account may read, in their order: all of them unless its role is scoped to
     * teams or regions. {@code idOf} gives each item's record of {@code kind}.
     */
    public static <T> Future<List<T>> readable(RoutingContext ctx, List<T> items, ReadScope.Kind kind,
            Function<T, String> idOf) {
        Access access = agent(ctx).access();
        if (!access.scoped() || items.isEmpty()) {
            return Future.succeededFuture(items);
        }
        return readScope(ctx).within(access, kind, items.stream().map(idOf).toList())
                .map(within -> items.stream().filter(item -> within.contains(idOf.apply(item))).toList());
    }

    /**
     * {@code json} as the request's account may see it: unchanged with the {@code personal-data.unmasked} permission,
     * else masked in place ({@link PersonalDataMasking#json}; {@code customerName} may be null).
     */
    public static JsonObject forReader(RoutingContext ctx, JsonObject json, String customerName) {
        return agent(ctx).may(Permission.PERSONAL_DATA_UNMASKED) ? json : PersonalDataMasking.json(json, customerName);
    }

    /**
     * Mounts, in this order: session handling for /console* and /api/*, the CSRF check for every state-changing
     * request there, and the sign-in, password, session API and account routes. Call it from the web verticle's
     * start (the session store's expiry timer then belongs to that verticle) before mounting protected routes.
     */
    public void mount(Router router) {
        SessionHandler sessions = SessionHandler.create(LocalSessionStore.create(vertx))
                .setSessionCookieName(SessionState.COOKIE)
                .setSessionCookiePath("/")
                .setCookieHttpOnlyFlag(true)
                .setCookieSecureFlag(secureCookie)
                .setCookieSameSite(CookieSameSite.STRICT)
                .setSessionTimeout(sessionTimeout.toMillis())
                // Only requests that use the session get a cookie and a stored session: anonymous API calls do not.
                .setLazySession(true);
        Handler<RoutingContext> attachPages = ctx -> {
            ctx.put(AccessGuard.PAGES_KEY, pages);
            ctx.put(SessionState.ROLES_KEY, accounts.roles());
            ctx.put(SessionState.ABSOLUTE_MILLIS_KEY, absoluteLimit.toMillis());
            ctx.put(SessionState.CLOCK_KEY, clock);
            ctx.put(READ_SCOPE_KEY, readScope);
            ctx.next();
        };
        LoginPages loginPages = new LoginPages(vertx, accounts, flow, pages, initialAdminPasswordFile, sessions,
                factors);
        CsrfGuard csrf = new CsrfGuard(pages, loginPages);
        for (String area : new String[] {"/console*", "/api/*"}) {
            router.route(area).handler(attachPages);
            router.route(area).handler(sessions);
            router.route(area).handler(csrf);
        }
        // A record outside a scoped role's teams or regions is "not found", whatever the route does with it.
        String area = "/(?:api/v1|console)/";
        String rest = "(?:/.*)?";
        router.routeWithRegex(area + "conversations/([^/]+)" + rest).handler(
                new ScopeGuard(readScope, ReadScope.Kind.CONVERSATION, pages));
        router.routeWithRegex(area + "contacts/([^/]+)" + rest).handler(
                new ScopeGuard(readScope, ReadScope.Kind.CONTACT, pages));
        router.routeWithRegex(area + "messages/([^/]+)" + rest).handler(
                new ScopeGuard(readScope, ReadScope.Kind.MESSAGE, pages));
        router.routeWithRegex(area + "attachments/([^/]+)" + rest).handler(
                new ScopeGuard(readScope, ReadScope.Kind.ATTACHMENT, pages));
        router.routeWithRegex(area + "tickets/([^/]+)" + rest).handler(
                new ScopeGuard(readScope, ReadScope.Kind.TICKET, pages));
        router.routeWithRegex(area + "regions/([^/]+)" + rest).handler(
                new ScopeGuard(readScope, ReadScope.Kind.REGION, pages));
        Handler<RoutingContext> audited = new UnmaskedReadAudit();
        router.getWithRegex("/console/(conversations|contacts)/[^/]+").handler(audited);
        router.getWithRegex("/api/v1/(conversations/[^/]+/messages|contacts/[^/]+)").handler(audited);
        if (alerts != null) {
            new SecurityAlertPages(alerts, pages).addRoutes(router);
            // Customer records opened and exports downloaded, counted per account for the volume alerts.
            Handler<RoutingContext> opened = counted(false);
            router.getWithRegex("/console/(conversations|contacts)/[^/]+").handler(opened);
            router.getWithRegex("/api/v1/(conversations/[^/]+/messages|contacts/[^/]+)").handler(opened);
            router.getWithRegex("/api/v1/privacy/exports/[^/]+").handler(counted(true));
        }
        loginPages.addRoutes(router);
        new SessionApi(accounts, flow, factors).addRoutes(router, pages);
        new SessionListPages(pages, sessionTimeout, absoluteLimit).addRoutes(router);
        if (factors != null) {
            new SecondFactorPages(accounts, factors, pages).addRoutes(router);
        }
        new AgentAdminPages(accounts, pages).addRoutes(router);
        new AgentAdminApi(accounts, factors).addRoutes(router);
        new RolePages(accounts.roles(), pages, teams).addRoutes(router);
        new RoleAdminApi(accounts.roles()).addRoutes(router);
    }

    private Handler<RoutingContext> counted(boolean export) {
        return ctx -> {
            SignedInAgent agent = SessionState.agent(ctx);
            if (agent != null) {
                if (export) {
                    alerts.exportDownloaded(agent.id(), agent.username());
                } else {
                    alerts.recordOpened(agent.id(), agent.username());
                }
            }
            ctx.next();
        };
    }

    /**
     * Guard for a protected route. Without a session: console pages redirect to /console/login?next=…, API paths
     * answer 401 problem+json. With a password still to change: console pages redirect to /console/password, API
     * paths answer 403 "password-change-required". A role without {@code permission}: 403 page or problem naming it.
     */
    public static Handler<RoutingContext> require(Permission permission) {
        return new AccessGuard(permission, false);
    }

    /** Guard for what every signed-in account may do for itself (its settings, presence, sessions). */
    public static Handler<RoutingContext> requireSignedIn() {
        return new AccessGuard(null, false);
    }

    /** The signed-in agent of a request that passed {@link #require} or {@link #requireSignedIn}. */
    public static SignedInAgent agent(RoutingContext ctx) {
        SignedInAgent agent = ctx.get(AccessGuard.AGENT_KEY);
        if (agent == null) {
            agent = SessionState.agent(ctx);
        }
        if (agent == null) {
            throw new IllegalStateException("no signed-in agent: guard " + ctx.normalizedPath() + " with require");
        }
        return agent;
    }

    /** The session's synchronizer token, for forms ({@code csrf} field) and the page's meta tag. */
    public static String csrfToken(RoutingContext ctx) {
        Session session = ctx.session();
        if (session == null) {
            throw new IllegalStateException("no session on " + ctx.normalizedPath() + ": ConsoleSecurity.mount covers "
                    + "only /console and /api");
        }
        return SessionState.csrfToken(session);
    }
}
