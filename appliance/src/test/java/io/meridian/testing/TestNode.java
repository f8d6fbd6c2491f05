package io.meridian.testing;

import io.meridian.boot.MeridianNode;
import io.meridian.config.MeridianConfig;
import io.meridian.egress.HostResolver;
import io.meridian.security.Role;
import io.meridian.security.SignedInAgent;
import io.meridian.store.TestStores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A real Meridian node for tests: its own data directory, port 0 on 127.0.0.1, plain HTTP unless TLS is asked for.
 * Nothing is faked: real Derby (or PostgreSQL, {@link TestStores#defaultEngine()}), real keys, real HTTP server.
 */
public final class TestNode {

    public static final String KEYSTORE_PASSWORD = "test-keystore-password";

    private final MeridianNode node;

    private TestNode(MeridianNode node) {
        this.node = node;
    }

    /** Starts a node with plain HTTP on a free loopback port. {@code overrides} are MERIDIAN_* variables. */
    public static Future<TestNode> start(Vertx vertx, Path dataDir, Map<String, String> overrides) {
        return start(vertx, dataDir, overrides, Clock.systemUTC());
    }

    /** As {@link #start(Vertx, Path, Map)}, with {@code clock} as routing's "now" (business hours, queue times). */
    public static Future<TestNode> start(Vertx vertx, Path dataDir, Map<String, String> overrides, Clock clock) {
        return start(vertx, dataDir, overrides, clock, HostResolver.SYSTEM);
    }

    /** As {@link #start(Vertx, Path, Map, Clock)}, with the resolver the residency checks of connections use. */
    public static Future<TestNode> start(Vertx vertx, Path dataDir, Map<String, String> overrides, Clock clock,
            HostResolver resolver) {
        Map<String, String> env = new HashMap<>();
        env.put("MERIDIAN_DATA_DIR", dataDir.toString());
        env.put("MERIDIAN_HTTP_HOST", "127.0.0.1");
        env.put("MERIDIAN_HTTP_PORT", "0");
        env.put("MERIDIAN_TLS_ENABLED", "false");
        env.put("MERIDIAN_NODE_ID", "test-" + dataDir.getFileName());
        env.put("MERIDIAN_KEYSTORE_PASSWORD", KEYSTORE_PASSWORD);
        // Low-accuracy language models load in about a second and take ~20 MB; high accuracy takes seconds of CPU and
        // ~440 MB per JVM. Tests that judge detection quality build their own detector or override this.
        env.put("MERIDIAN_LANGUAGE_DETECTION_MODE", "low");
        // Admins sign in with a second factor by default; the tests of other things sign in with passwords alone, and
        // SecondFactorSignInTest (and any test that sets the key) checks the default.
        env.put("MERIDIAN_SECURITY_MFA_REQUIRED_ROLES", "");
        if (!overrides.containsKey("MERIDIAN_STORE_ENGINE")) {
            env.putAll(TestStores.nodeOverridesFor(dataDir));
        }
        env.putAll(overrides);
        MeridianConfig config = MeridianConfig.load(dataDir, null, env, new Properties());
        return MeridianNode.start(vertx, config, env, clock, resolver).map(TestNode::new);
    }

    public static Future<TestNode> start(Vertx vertx, Path dataDir) {
        return start(vertx, dataDir, Map.of());
    }

    public MeridianNode node() {
        return node;
    }

    public int port() {
        return node.port();
    }

    /** e.g. http://localhost:41234 */
    public String baseUrl() {
        return node.publicUrlValue();
    }

    /** An agent account that can sign in at once with {@code password} (no forced change). */
    public Future<SignedInAgent> createAgent(String username, String displayName, Role role, String password) {
        String initial = password + "-initial";
        return node.accounts().create(username, displayName, role, initial.toCharArray())
                .compose(agent -> node.accounts()
                        .changePassword(agent.id(), initial.toCharArray(), password.toCharArray())
                        .compose(v -> node.accounts().find(agent.id()))
                        .map(found -> found.orElseThrow()));
    }

    public Future<Void> stop() {
        return node.stop();
    }
}
