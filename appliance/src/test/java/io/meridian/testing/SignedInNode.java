package io.meridian.testing;

import io.meridian.egress.HostResolver;
import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * A real test node with a web client and the agents a test signs in to its REST API: the set-up most HTTP tests share.
 * Start it in {@code @BeforeAll}, sign agents in with {@link #agent}, stop it in {@code @AfterAll}; or, for one test,
 * {@link #alone} in a try-with-resources block, which also closes the Vert.x it made.
 */
public final class SignedInNode implements AutoCloseable {

    private final Vertx vertx;
    private final TestNode node;
    private final WebClient web;
    private final boolean ownsVertx;

    private SignedInNode(Vertx vertx, TestNode node) {
        this(vertx, node, false);
    }

    private SignedInNode(Vertx vertx, TestNode node, boolean ownsVertx) {
        this.vertx = vertx;
        this.node = node;
        this.web = WebClient.create(vertx);
        this.ownsVertx = ownsVertx;
    }

    /** Starts a node in {@code dataDir} on a Vert.x of its own, which {@link #close} closes after the node. */
    public static SignedInNode alone(Path dataDir, Map<String, String> overrides) {
        Vertx vertx = Vertx.vertx();
        try {
            return new SignedInNode(vertx, Await.result(TestNode.start(vertx, dataDir, overrides), "starting the node"),
                    true);
        } catch (RuntimeException | Error e) {
            Await.result(vertx.close(), "closing vert.x");
            throw e;
        }
    }

    public Vertx vertx() {
        return vertx;
    }

    /** Starts a {@link TestNode} in {@code dataDir}; {@code overrides} are MERIDIAN_* variables. */
    public static SignedInNode start(Vertx vertx, Path dataDir, Map<String, String> overrides) {
        return new SignedInNode(vertx, Await.result(TestNode.start(vertx, dataDir, overrides), "starting the node"));
    }

    /** Starts a {@link TestNode} on {@code clock}. */
    public static SignedInNode start(Vertx vertx, Path dataDir, Map<String, String> overrides, Clock clock) {
        return new SignedInNode(vertx, Await.result(TestNode.start(vertx, dataDir, overrides, clock),
                "starting the node"));
    }

    /** Starts a {@link TestNode} whose connectors' connections are checked with {@code resolver}'s answers. */
    public static SignedInNode start(Vertx vertx, Path dataDir, Map<String, String> overrides, HostResolver resolver) {
        return new SignedInNode(vertx, Await.result(TestNode.start(vertx, dataDir, overrides, Clock.systemUTC(),
                resolver), "starting the node"));
    }

    public TestNode node() {
        return node;
    }

    public WebClient web() {
        return web;
    }

    /** Creates an account that can sign in at once with {@code password}, and signs it in. */
    public AgentSession agent(String username, String displayName, Role role, String password) {
        Await.result(node.createAgent(username, displayName, role, password), "creating agent " + username);
        return signIn(username, password);
    }

    /** Signs an existing account in. */
    public AgentSession signIn(String username, String password) {
        return AgentSession.open(vertx, web, node.port(), username, password);
    }

    /** Closes the web client and stops the node. */
    public void stop() {
        web.close();
        Await.result(node.stop(), "stopping the node");
    }

    /** Stops the node, and closes its Vert.x when {@link #alone} made it. */
    @Override
    public void close() {
        try {
            stop();
        } finally {
            if (ownsVertx) {
                Await.result(vertx.close(), "closing vert.x");
            }
        }
    }
}
