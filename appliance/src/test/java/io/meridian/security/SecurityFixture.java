package io.meridian.security;

import io.meridian.config.MeridianConfig;
import io.meridian.console.Templates;
import io.meridian.crypto.PasswordHasher;
import io.meridian.store.Store;
import io.meridian.store.TestStores;
import io.meridian.testing.Await;
import io.meridian.web.WebServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * A real store (Derby in a temporary directory, or {@link TestStores#defaultEngine()}), real Argon2id accounts and a real web server on a free loopback port,
 * with {@link ConsoleSecurity} mounted and a few protected routes of the tests' own.
 */
final class SecurityFixture {

    static final String HOST = "127.0.0.1";

    private SecurityFixture() {
    }

    static Store openStore(Vertx vertx, Path dir) {
        return Await.result(vertx.executeBlocking(() -> TestStores.open(vertx, dir.resolve("db"), 16), false),
                "opening the store");
    }

    static void closeStore(Vertx vertx, Store store) {
        Await.result(vertx.executeBlocking(() -> {
            store.close();
            return null;
        }, false), "closing the store");
    }

    static AgentAccounts accounts(Vertx vertx, Store store, int maxFailures, Clock clock) {
        return new AgentAccounts(vertx, store, new PasswordHasher(), maxFailures, Duration.ofMinutes(15), clock);
    }

    /** A configuration as a node would load it, with {@code overrides} as MERIDIAN_* variables. */
    static MeridianConfig config(Path home, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("MERIDIAN_TLS_ENABLED", "false");
        env.putAll(overrides);
        return MeridianConfig.load(home, null, env, new Properties());
    }

    /** Creates an account that can sign in at once with {@code password}. */
    static SignedInAgent readyAgent(AgentAccounts accounts, String username, String displayName, Role role, String password) {
        String initial = password + "-initial";
        SignedInAgent created = Await.result(accounts.create(username, displayName, role, initial.toCharArray()),
                "creating " + username);
        Await.result(accounts.changePassword(created.id(), initial.toCharArray(), password.toCharArray()),
                "setting the password of " + username);
        return Await.result(accounts.find(created.id()), "reading " + username).orElseThrow();
    }

    /** A store in {@code dir} with accounts over it (five failures lock for 15 minutes), shared by a test class. */
    record AccountStore(Vertx vertx, Path dir, Store store, AgentAccounts accounts) {

        static AccountStore open(Vertx vertx, Path dir) {
            Store store = openStore(vertx, dir);
            return new AccountStore(vertx, dir, store,
                    new AgentAccounts(vertx, store, new PasswordHasher(), 5, Duration.ofMinutes(15)));
        }

        /** A web server over these accounts with the quick throttle; {@code config} holds MERIDIAN_* variables. */
        Server startServer(Map<String, String> config) {
            return start(vertx, SecurityFixture.config(dir, config), accounts, dir.resolve("initial-admin-password"),
                    quickThrottle());
        }

        /** As above, with the clock sessions' absolute limit is measured on. */
        Server startServer(Map<String, String> config, java.time.Clock clock) {
            return start(vertx, SecurityFixture.config(dir, config), accounts, dir.resolve("initial-admin-password"),
                    quickThrottle(), router -> { }, clock);
        }

        void close() {
            closeStore(vertx, store);
        }
    }

    /** A running web server; plain HTTP, as the tests' cookie jar needs. */
    record Server(Vertx vertx, String deploymentId, WebServer web) {

        int port() {
            return web.actualPort();
        }

        void stop() {
            Await.result(vertx.undeploy(deploymentId), "stopping the web server");
        }
    }

    static Server start(Vertx vertx, MeridianConfig config, AgentAccounts accounts, Path initialAdminPasswordFile,
            SourceThrottle throttle) {
        return start(vertx, config, accounts, initialAdminPasswordFile, throttle, router -> { });
    }

    /** As above, with {@code more} routes of the test's own beside the security ones. */
    static Server start(Vertx vertx, MeridianConfig config, AgentAccounts accounts, Path initialAdminPasswordFile,
            SourceThrottle throttle, Consumer<Router> more) {
        return start(vertx, config, accounts, initialAdminPasswordFile, throttle, more, java.time.Clock.systemUTC());
    }

    /** As above, with the clock sessions' absolute limit is measured on. */
    static Server start(Vertx vertx, MeridianConfig config, AgentAccounts accounts, Path initialAdminPasswordFile,
            SourceThrottle throttle, Consumer<Router> more, java.time.Clock clock) {
        Templates templates = new Templates();
        ConsoleSecurity security = new ConsoleSecurity(vertx, config, accounts, templates, initialAdminPasswordFile, throttle,
                null, null, clock);
        WebServer web = new WebServer(new HttpServerOptions().setHost(HOST).setPort(0), templates,
                List.of(security::mount, SecurityFixture::protectedRoutes, more),
                initialAdminPasswordFile.resolveSibling("uploads"));
        Future<String> deployed = vertx.deployVerticle(web);
        return new Server(vertx, Await.result(deployed, "starting the web server"), web);
    }

    /** A throttle with the real limits but a short first delay, so tests with a few failures stay fast. */
    static SourceThrottle quickThrottle() {
        return new SourceThrottle(SourceThrottle.WINDOW, SourceThrottle.REFUSE_AFTER, 1, 20, System::currentTimeMillis);
    }

    /** Routes standing in for the rest of the appliance: what a guarded page and guarded writes look like. */
    private static void protectedRoutes(Router router) {
        router.get("/console").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ))
                .handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain")
                        .end("inbox of " + ConsoleSecurity.agent(ctx).username()));
        router.get("/console/test/page").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ))
                .handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain")
                        .end("page for " + ConsoleSecurity.agent(ctx).username()));
        router.post("/console/test/action").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ))
                .handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain").end("done"));
        router.post("/api/v1/test/action").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ))
                .handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("done", true).put("by", ConsoleSecurity.agent(ctx).username()).encode()));
        router.get("/api/v1/test/admin").handler(ConsoleSecurity.require(Permission.ACCOUNTS_MANAGE))
                .handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("admin", ConsoleSecurity.agent(ctx).username()).encode()));
    }
}
