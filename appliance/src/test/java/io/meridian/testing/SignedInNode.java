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
 * Start it in {@code @BeforeAll}, sign agents in with {@link #agent}, stop it in {@code @AfterAll}.
 */
public final class SignedInNode {

    private final Vertx vertx;
    private final TestNode node;
    private final WebClient web;

    private SignedInNode(Vertx vertx, TestNode node) {
        this.vertx = vertx;
        this.node = node;
        this.web = WebClient.create(vertx);
    }

    /** Starts a {@link TestNode} in {@code dataDir}; {@code overrides} are MERIDIAN_* variables. */
    public static SignedInNode start(Vertx vertx, Path dataDir, Map<String, String> overrides) {
        return new SignedInNode(vertx, Await.result(TestNode.start(vertx, dataDir, overrides), "starting the node"));
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
}
