package io.meridian.testing;

import io.meridian.egress.HostResolver;
import io.meridian.protocol.AgentSession;
import io.meridian.security.Permission;
import io.meridian.security.Role;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

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
    /** The admin that creates roles and their accounts for {@link #agentWithPermissions}, signed in at first use. */
    private AgentSession roleAdmin;

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

    /**
     * Creates, through the REST API as an admin of the test's own, a role with exactly {@code permissions} scoped to
     * {@code teams} and {@code regions} (empty: all), and an account {@code username} holding it; the account sets
     * its own password at first sign-in, as a person does, and is returned signed in. Each call makes a role of its
     * own, named after the account.
     */
    public AgentSession agentWithPermissions(String username, Set<Permission> permissions, Set<String> teams,
            Set<String> regions) {
        AgentSession admin = roleAdmin();
        HttpResponse<Buffer> role = admin.postJson("/api/v1/roles", new JsonObject()
                .put("name", "Role of " + username)
                .put("permissions", new JsonArray(permissions.stream().map(Permission::key).sorted().toList()))
                .put("teams", new JsonArray(teams.stream().sorted().toList()))
                .put("regions", new JsonArray(regions.stream().sorted().toList())));
        if (role.statusCode() != 201) {
            throw new IllegalStateException("creating the role of " + username + " answered " + role.statusCode()
                    + ": " + role.bodyAsString());
        }
        String initial = "Initial-" + username + "-pw-1";
        HttpResponse<Buffer> account = admin.postJson("/api/v1/agents", new JsonObject().put("username", username)
                .put("displayName", username).put("role", role.bodyAsJsonObject().getString("id"))
                .put("password", initial));
        if (account.statusCode() != 201) {
            throw new IllegalStateException("creating the account " + username + " answered " + account.statusCode()
                    + ": " + account.bodyAsString());
        }
        return Await.result(AgentSession.firstSignIn(vertx, web, node.port(), username, initial,
                "Chosen-" + username + "-pw-1"), "signing in as " + username);
    }

    /** The admin {@link #agentWithPermissions} works as (username {@code role-admin}), signed in. */
    public synchronized AgentSession roleAdmin() {
        if (roleAdmin == null) {
            roleAdmin = agent("role-admin", "Role Admin", Role.ADMIN, "Role-admin-test-pw-1");
        }
        return roleAdmin;
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
