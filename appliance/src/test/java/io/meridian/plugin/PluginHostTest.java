package io.meridian.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.meridian.plugin.fixtures.EchoChannel;
import io.meridian.plugin.fixtures.EchoChannelFactory;
import io.meridian.plugin.fixtures.ExplodingPlugin;
import io.meridian.plugin.fixtures.FixtureControl;
import io.meridian.plugin.fixtures.PollingChannelFactory;
import io.meridian.protocol.AgentSession;
import io.meridian.protocol.WidgetVisitor;
import io.meridian.security.Role;
import io.meridian.spi.channel.ChannelIdentity;
import io.meridian.spi.channel.InboundMessage;
import io.meridian.spi.channel.OutboundMessage;
import io.meridian.spi.testkit.PluginZipBuilder;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.meridian.testing.TestNode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The plugin host on a real node, with plugin zips built on the fly from the fixtures: signed and not, compatible and
 * not, well-behaved, throwing and hanging. Plugin calls time out after 2 s and retries wait at most 1 s here.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class PluginHostTest {

    private static final String NODE_ID = "plugin-host-test";
    private static final String ADMIN_PASSWORD = "Plugin-admin-pw-1";
    private static final String AGENT_PASSWORD = "Plugin-agent-pw-1";
    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    @TempDir
    static Path root;

    private static Vertx vertx;
    private static SignedInNode desk;
    private static TestNode node;
    private static WebClient web;
    private static AgentSession admin;
    private static AgentSession agent;
    private static ListAppender<ILoggingEvent> hostLog;
    private static ListAppender<ILoggingEvent> pf4jLog;

    @BeforeAll
    static void startNode(Vertx v) throws Exception {
        vertx = v;
        hostLog = new ListAppender<>();
        hostLog.start();
        ((Logger) LoggerFactory.getLogger(PluginHost.class)).addAppender(hostLog);
        pf4jLog = new ListAppender<>();
        pf4jLog.start();
        ((Logger) LoggerFactory.getLogger("org.pf4j")).addAppender(pf4jLog);

        Path plugins = Files.createDirectories(root.resolve("plugins"));
        Path keys = Files.createDirectories(root.resolve("trusted-keys"));
        Path connectors = Files.createDirectories(root.resolve("connectors"));
        KeyPair trusted = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair stranger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Files.writeString(keys.resolve("release.pem"), PluginZipBuilder.publicKeyPem(trusted.getPublic()));

        echoPlugin("echo").extension(PollingChannelFactory.class).signedWith(trusted.getPrivate()).writeInto(plugins);
        echoPlugin("slow").signedWith(trusted.getPrivate()).writeInto(plugins);
        echoPlugin("spare").signedWith(trusted.getPrivate()).writeInto(plugins);
        echoPlugin("future").requires(">=2.0.0").signedWith(trusted.getPrivate()).writeInto(plugins);
        echoPlugin("unsigned").writeInto(plugins);
        echoPlugin("exploding").pluginClass(ExplodingPlugin.class.getName()).addClass(ExplodingPlugin.class)
                .signedWith(trusted.getPrivate()).writeInto(plugins);
        Path tampered = echoPlugin("tampered").signedWith(trusted.getPrivate()).writeInto(plugins);
        // Signed by a key nobody trusts: exactly what a swapped or forged zip looks like.
        Files.writeString(tampered.resolveSibling(tampered.getFileName() + ".sig"),
                PluginZipBuilder.sign(Files.readAllBytes(tampered), stranger.getPrivate()));

        Files.writeString(connectors.resolve("support.yaml"), """
                plugin: echo
                factory: echo
                name: Support channel
                values:
                  endpoint: https://echo.example.com/api
                  token: file-token-123
                """);
        Files.writeString(connectors.resolve("spareline.yaml"), """
                plugin: spare
                factory: echo
                values:
                  endpoint: https://spare.example.com/api
                  token: spare-token
                """);

        desk = SignedInNode.start(vertx, root.resolve("data"), Map.of(
                "MERIDIAN_NODE_ID", NODE_ID,
                "MERIDIAN_PLUGINS_DIR", plugins.toString(),
                "MERIDIAN_PLUGINS_TRUSTED_KEYS_DIR", keys.toString(),
                "MERIDIAN_PLUGINS_CONNECTORS_DIR", connectors.toString(),
                "MERIDIAN_PLUGINS_ALLOW_UNSIGNED", "false",
                "MERIDIAN_PLUGINS_CALL_TIMEOUT_SECONDS", "2",
                "MERIDIAN_PLUGINS_RETRY_MAX_SECONDS", "1",
                "MERIDIAN_PLUGINS_MAX_CONCURRENT_CALLS", "2",
                "MERIDIAN_PLUGINS_WEBHOOK_MAX_BYTES", "4096"));
        node = desk.node();
        web = desk.web();
        Await.result(node.node().plugins().initialLoad(), "loading the plugins");
        admin = desk.agent("root", "Root", Role.ADMIN, ADMIN_PASSWORD);
        agent = desk.agent("amy", "Amy", Role.AGENT, AGENT_PASSWORD);
    }

    private static PluginZipBuilder echoPlugin(String id) {
        return PluginZipBuilder.plugin(id).version("1.0.0").requires(">=1.0.0 & <2.0.0").provider("Meridian tests")
                .extension(EchoChannelFactory.class).addClass(EchoChannel.class);
    }

    @AfterAll
    static void stopNode() {
        FixtureControl.releaseHangs();
        if (desk != null) {
            desk.stop();
        }
        ((Logger) LoggerFactory.getLogger(PluginHost.class)).detachAppender(hostLog);
        ((Logger) LoggerFactory.getLogger("org.pf4j")).detachAppender(pf4jLog);
    }

    /**
     * Verifies that every zip in the plugins folder is listed with the right outcome: signed and compatible ones
     * started with their connectors and egress; the rest refused or failed with a reason an admin can act on.
     */
    @Test
    void discoversPluginsAndReportsWhyOthersDidNotLoad() {
        Map<String, JsonObject> plugins = plugins();
        JsonObject echo = plugins.get("echo");
        assertEquals("started", echo.getString("state"), echo.encodePrettily());
        assertEquals("verified", echo.getString("signature"));
        assertTrue(echo.getString("signatureDetail").contains("release.pem"), echo.getString("signatureDetail"));
        assertEquals(Set.of("echo", "poller"), ids(echo.getJsonArray("factories")));
        JsonObject echoFactory = echo.getJsonArray("factories").getJsonObject(0);
        assertEquals("channel", echoFactory.getString("kind"));
        assertTrue(echoFactory.getString("egress").contains("endpoint"), echoFactory.getString("egress"));
        assertEquals("started", plugins.get("slow").getString("state"));

        assertEquals("refused", plugins.get("unsigned").getString("state"));
        assertTrue(plugins.get("unsigned").getString("lastError").contains("not signed"));
        assertEquals("refused", plugins.get("tampered").getString("state"));
        assertEquals("invalid", plugins.get("tampered").getString("signature"));
        assertTrue(plugins.get("tampered").getString("lastError").startsWith("bad signature"),
                plugins.get("tampered").getString("lastError"));
        assertEquals("refused", plugins.get("future").getString("state"));
        assertEquals("failed", plugins.get("exploding").getString("state"));
        assertTrue(plugins.get("exploding").getString("lastError").contains("exploding on purpose at start"),
                plugins.get("exploding").getString("lastError"));

        assertEquals(403, agent.get("/api/v1/plugins").statusCode(), "agents may not see the plugin admin API");
    }

    /** Verifies that a plugin needing another SPI version is refused with one log line naming all three facts. */
    @Test
    void incompatiblePluginRequiresIsRefusedWithOneClearLogLine() {
        JsonObject future = plugins().get("future");
        assertEquals("requires SPI version '>=2.0.0', but this node provides SPI " + io.meridian.spi.SpiVersion.CURRENT,
                future.getString("lastError"));
        List<String> lines = hostLog.list.stream()
                .filter(e -> e.getLevel() == Level.ERROR && e.getFormattedMessage().contains("'future'"))
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains(">=2.0.0") && lines.get(0).contains("SPI " + io.meridian.spi.SpiVersion.CURRENT), lines.get(0));
    }

    /** Verifies that an instance from conf/connectors is created with its values, the secret and defaults included. */
    @Test
    void connectorFileValuesReachTheConnector() {
        awaitInstanceState("support", "running");
        assertEquals(Map.of("endpoint", "https://echo.example.com/api", "token", "file-token-123", "greeting", "hello"),
                FixtureControl.CONFIGS.get("support"));
        JsonObject support = get(admin, "/api/v1/plugin-instances/support");
        assertTrue(support.getString("source").endsWith("support.yaml"), support.encode());
        assertEquals(new JsonObject().put("token", "set"), support.getJsonObject("secrets"));
        assertFalse(support.encode().contains("file-token-123"), "the secret is never shown: " + support.encode());
    }

    /**
     * Verifies that a secret entered through the API reaches the connector, is never returned by the API or the
     * console form (which says "set — leave blank to keep"), and survives an edit that leaves it blank.
     */
    @Test
    void secretIsPassedButNeverShownAgain() {
        String secret = "S3cr3t-" + UUID.randomUUID();
        HttpResponse<Buffer> created = put(admin, "/api/v1/plugin-instances/marked", new JsonObject()
                .put("plugin", "echo").put("factory", "echo").put("name", "Marked")
                .put("values", new JsonObject().put("endpoint", "https://marked.example.com").put("token", secret)));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        assertFalse(created.bodyAsString().contains(secret));
        awaitInstanceState("marked", "running");
        assertEquals(secret, FixtureControl.CONFIGS.get("marked").get("token"));

        JsonObject shown = get(admin, "/api/v1/plugin-instances/marked");
        assertFalse(shown.encode().contains(secret), shown.encode());
        assertEquals("set", shown.getJsonObject("secrets").getString("token"));
        HttpResponse<Buffer> form = admin.get("/console/plugins/instances/marked");
        assertEquals(200, form.statusCode());
        assertTrue(form.bodyAsString().contains("set — leave blank to keep"), form.bodyAsString());
        assertFalse(form.bodyAsString().contains(secret));

        FixtureControl.CONFIGS.remove("marked");
        HttpResponse<Buffer> edited = put(admin, "/api/v1/plugin-instances/marked", new JsonObject()
                .put("plugin", "echo").put("factory", "echo").put("name", "Marked again")
                .put("values", new JsonObject().put("endpoint", "https://marked.example.com").put("token", "")));
        assertEquals(200, edited.statusCode(), edited.bodyAsString());
        Await.until(() -> FixtureControl.CONFIGS.containsKey("marked"), "the edited instance is created again");
        assertEquals(secret, FixtureControl.CONFIGS.get("marked").get("token"), "a blank secret keeps the stored one");

        HttpResponse<Buffer> invalid = put(admin, "/api/v1/plugin-instances/broken-config", new JsonObject()
                .put("plugin", "echo").put("factory", "echo")
                .put("values", new JsonObject().put("endpoint", "not a url")));
        assertEquals(400, invalid.statusCode());
        JsonObject problems = invalid.bodyAsJsonObject().getJsonObject("problems");
        assertTrue(problems.containsKey("endpoint") && problems.containsKey("token"), invalid.bodyAsString());
    }

    /**
     * Verifies that a webhook becomes a stored customer message in a new conversation on the instance's channel,
     * announced live to consoles, and that a redelivery of the same external id stores nothing new.
     */
    @Test
    void webhookCreatesAConversationIdempotently() {
        AgentSession.LiveFeed feed = Await.result(agent.live(), "opening the live feed");
        String external = "<" + UUID.randomUUID() + "@mail.example.com>";
        HttpResponse<Buffer> first = hook("/hooks/echo/support", "ana@example.com", external, "¿Dónde está mi pedido?");
        assertEquals(200, first.statusCode(), first.bodyAsString());
        JsonObject result = first.bodyAsJsonObject();
        assertFalse(result.getBoolean("duplicate"));
        String conversationId = result.getString("conversationId");
        feed.expect("conversation.opened", conversationId);

        JsonObject conversation = get(agent, "/api/v1/conversations/" + conversationId);
        assertEquals("support", conversation.getString("channel"), conversation.encode());
        JsonArray messages = get(agent, "/api/v1/conversations/" + conversationId + "/messages")
                .getJsonArray("messages");
        assertEquals(1, messages.size());
        assertEquals("¿Dónde está mi pedido?", messages.getJsonObject(0).getString("text"));

        HttpResponse<Buffer> again = hook("/hooks/echo/support", "ana@example.com", external, "¿Dónde está mi pedido?");
        assertEquals(200, again.statusCode());
        assertTrue(again.bodyAsJsonObject().getBoolean("duplicate"));
        assertEquals(result.getString("messageId"), again.bodyAsJsonObject().getString("messageId"));
        assertEquals(1, get(agent, "/api/v1/conversations/" + conversationId + "/messages")
                .getJsonArray("messages").size(), "a redelivery stores nothing");
        Await.result(feed.close(), "closing the live feed");
    }

    /** Verifies the webhook's refusals: unknown instance 404, too large 413, connector throwing 502, all problems. */
    @Test
    void webhookFailuresAreProblemDocuments() {
        HttpResponse<Buffer> unknown = hook("/hooks/echo/nobody", "x@example.com", "e1", "hi");
        assertProblem(unknown, 404);
        HttpResponse<Buffer> wrongPlugin = hook("/hooks/slow/support", "x@example.com", "e2", "hi");
        assertProblem(wrongPlugin, 404);
        HttpResponse<Buffer> tooLarge = hook("/hooks/echo/support", "x@example.com", "e3", "x".repeat(5000));
        assertProblem(tooLarge, 413);
        HttpResponse<Buffer> exploded = Await.result(web.post(node.port(), AgentSession.HOST, "/hooks/echo/support")
                .putHeader("x-fail", "1").sendBuffer(Buffer.buffer("boom")), "failing webhook");
        assertProblem(exploded, 502);
        assertFalse(exploded.bodyAsString().contains("exploded") || exploded.bodyAsString().contains("at io."),
                "no internals leak: " + exploded.bodyAsString());
    }

    /** Verifies that a polling connector's polls deliver its messages and never run two at once. */
    @Test
    void pollingConnectorDeliversAndNeverOverlaps() {
        FixtureControl.toPoll("polled").add(InboundMessage.builder("p-1",
                new ChannelIdentity("telegram", "4711", "Tomás")).text("Hola desde Telegram").build());
        FixtureControl.toPoll("polled").add(InboundMessage.builder("p-2",
                new ChannelIdentity("telegram", "4711", "Tomás")).text("¿Hay alguien?").build());
        // A kind longer than 16 characters (the SPI allows 32) is stored too, as another contact.
        FixtureControl.toPoll("polled").add(InboundMessage.builder("p-3",
                new ChannelIdentity("facebook-messenger", "m-99", null)).text("Hello from Messenger").build());
        HttpResponse<Buffer> created = put(admin, "/api/v1/plugin-instances/polled", new JsonObject()
                .put("plugin", "echo").put("factory", "poller").put("name", "Telegram"));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        Await.until(() -> FixtureControl.toPoll("polled").isEmpty() && FixtureControl.POLLS.get() >= 4,
                "the polls took the queued messages");
        // Telegram's two messages share one conversation; the Messenger contact has one of its own.
        Await.until(() -> polledMessageCounts().equals(List.of(1L, 2L)), "the polled messages are stored");
        assertEquals(1, FixtureControl.MAX_POLLING_AT_ONCE.get(), "polls must never overlap");
    }

    /**
     * Verifies the outbox: replies to a channel conversation wait while the connector fails (retried, nothing lost),
     * then all go out once it recovers, in order, each exactly once, with the outbox id as idempotency key.
     */
    @Test
    void outboxDeliversEverythingOnceAfterTheConnectorRecovers() {
        FixtureControl.SEND_MODE.put("support", FixtureControl.Mode.FAIL);
        String conversationId = hook("/hooks/echo/support", "bea@example.com", UUID.randomUUID().toString(),
                "My parcel is late").bodyAsJsonObject().getString("conversationId");
        List<String> replies = List.of("Sorry to hear that.", "Let me check.", "It ships today.");
        for (String text : replies) {
            HttpResponse<Buffer> sent = agent.postJson("/api/v1/conversations/" + conversationId + "/messages",
                    new JsonObject().put("clientMessageId", UUID.randomUUID().toString()).put("text", text));
            assertEquals(201, sent.statusCode(), sent.bodyAsString());
        }
        int before = FixtureControl.sent("support").size();
        Await.until(() -> FixtureControl.counter(FixtureControl.SEND_ATTEMPTS, "support").get() >= 3,
                "the dispatcher keeps trying");
        JsonArray entries = get(admin, "/api/v1/plugin-instances/support/outbox").getJsonArray("entries");
        List<JsonObject> ours = entries.stream().map(o -> (JsonObject) o)
                .filter(e -> conversationId.equals(e.getString("conversationId"))).toList();
        assertEquals(3, ours.size(), entries.encodePrettily());
        assertTrue(ours.stream().allMatch(e -> "pending".equals(e.getString("status"))), entries.encodePrettily());
        assertTrue(ours.stream().anyMatch(e -> e.getInteger("attempts") >= 1), entries.encodePrettily());
        assertEquals(before, FixtureControl.sent("support").size(), "nothing is sent while the connector fails");

        FixtureControl.SEND_MODE.put("support", FixtureControl.Mode.OK);
        Await.until(() -> ours(conversationId).size() == 3, "all three replies are sent after recovery");
        sleep(1500); // a duplicate would show up within a dispatcher pass or two
        List<OutboundMessage> delivered = ours(conversationId);
        // Replies to e-mail addresses go out as mails: the reply template around each agent's text.
        assertEquals(replies.size(), delivered.size(), "each once");
        for (int i = 0; i < replies.size(); i++) {
            assertTrue(delivered.get(i).text().contains(replies.get(i)), "in order: " + delivered.get(i).text());
            assertTrue(delivered.get(i).html() != null && delivered.get(i).html().contains(replies.get(i)));
        }
        assertEquals(3, new HashSet<>(delivered.stream().map(OutboundMessage::outboxId).toList()).size());
        assertEquals("bea@example.com", delivered.get(0).to().address());
        assertEquals("email", delivered.get(0).to().kind());
        JsonArray after = get(admin, "/api/v1/plugin-instances/support/outbox").getJsonArray("entries");
        assertTrue(after.stream().map(o -> (JsonObject) o).filter(e -> conversationId.equals(e.getString("conversationId")))
                .allMatch(e -> "sent".equals(e.getString("status"))), after.encodePrettily());
    }

    /**
     * Verifies that a connector hanging in send (ignoring interrupts) is cut off at its deadline, its stuck thread is
     * counted (JMX too), and meanwhile chat goes on: a widget visitor's messages are acknowledged and other
     * connectors keep working.
     */
    @Test
    void hungCallIsIsolatedWhileChatKeepsWorking() throws Exception {
        HttpResponse<Buffer> created = put(admin, "/api/v1/plugin-instances/slowline", new JsonObject()
                .put("plugin", "slow").put("factory", "echo")
                .put("values", new JsonObject().put("endpoint", "https://slow.example.com").put("token", "t")));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        awaitInstanceState("slowline", "running");
        FixtureControl.SEND_MODE.put("slowline", FixtureControl.Mode.HANG);
        String conversationId = hook("/hooks/slow/slowline", "cy@example.com", UUID.randomUUID().toString(),
                "Hello?").bodyAsJsonObject().getString("conversationId");
        assertEquals(201, agent.postJson("/api/v1/conversations/" + conversationId + "/messages",
                new JsonObject().put("clientMessageId", "r1").put("text", "We are on it")).statusCode());

        Await.until(() -> FixtureControl.HANGING.get() >= 1, "the send hangs in the plugin");
        JsonObject degraded = awaitInstanceState("slowline", "degraded");
        assertTrue(degraded.getString("lastError").contains("did not finish within 2 s"), degraded.encode());
        ObjectName mbean = new ObjectName(PluginFacts.objectName(NODE_ID));
        Await.until(() -> stuckThreads(mbean) >= 1, "the stuck thread is counted");

        // Chat is unaffected while the plugin's thread is stuck.
        WidgetVisitor visitor = WidgetVisitor.open(vertx, node.port());
        try {
            visitor.hello(null);
            long start = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                visitor.say("¿Sigue ahí? " + i);
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 5000, "five acks took " + millis + " ms while a plugin hung");
        } finally {
            Await.result(visitor.close(), "closing the visitor");
        }
        assertEquals(200, hook("/hooks/echo/support", "dan@example.com", UUID.randomUUID().toString(), "hi")
                .statusCode(), "another plugin's connector still answers");

        FixtureControl.SEND_MODE.put("slowline", FixtureControl.Mode.OK);
        FixtureControl.releaseHangs();
        Await.until(() -> stuckThreads(mbean) == 0, "the stuck thread is released and no longer counted");
        Await.until(() -> ours("slowline", conversationId).stream().anyMatch(m -> m.text().contains("We are on it")),
                "the reply goes out once the connector answers again");
    }

    /** Verifies that a connector whose start throws is FAILED with the reason, retried, and runs once it can. */
    @Test
    void failingStartIsRetriedWithBackoffUntilItWorks() {
        FixtureControl.FAIL_START.put("flaky", true);
        HttpResponse<Buffer> created = put(admin, "/api/v1/plugin-instances/flaky", new JsonObject()
                .put("plugin", "echo").put("factory", "echo")
                .put("values", new JsonObject().put("endpoint", "https://flaky.example.com").put("token", "t")));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        JsonObject failed = awaitInstanceState("flaky", "failed");
        assertTrue(failed.getString("lastError").contains("cannot reach the test service"), failed.encode());
        Await.until(() -> FixtureControl.counter(FixtureControl.START_ATTEMPTS, "flaky").get() >= 3,
                "start is retried");
        FixtureControl.FAIL_START.put("flaky", false);
        awaitInstanceState("flaky", "running");

        // The plugin whose own start throws keeps failing, retried, and the node serves chat all along.
        Await.until(() -> hostLog.list.stream().filter(e -> e.getFormattedMessage()
                .startsWith("Plugin 'exploding' 1.0.0 failed to start")).count() >= 2, "the failing plugin is retried");
        WidgetVisitor visitor = WidgetVisitor.open(vertx, node.port());
        try {
            visitor.hello(null);
            assertEquals("ack", visitor.say("Is the shop open?").getString("type"));
        } finally {
            Await.result(visitor.close(), "closing the visitor");
        }
    }

    /**
     * Verifies that a plugin failing at every start logs one error line per retry, each with the reason, and its
     * stack trace once, and that PF4J itself logs no trace per attempt.
     */
    @Test
    void failingPluginLogsOneLinePerRetryAndItsStackTraceOnce() {
        Await.until(() -> explodingStartFailures().size() >= 3, "the failing plugin is retried three times");
        List<ILoggingEvent> failures = explodingStartFailures();
        assertTrue(failures.stream().allMatch(e -> e.getFormattedMessage().contains("exploding on purpose at start")
                && e.getFormattedMessage().contains("retrying in")), failures.toString());
        assertTrue(failures.get(0).getThrowableProxy() != null, "the first failure comes with its stack trace");
        assertEquals("exploding on purpose at start", failures.get(0).getThrowableProxy().getMessage());
        assertEquals(1, failures.stream().filter(e -> e.getThrowableProxy() != null).count(),
                "only the first of " + failures.size() + " identical failures has a stack trace");
        List<String> pf4jErrors = snapshot(pf4jLog).stream().filter(e -> e.getLevel() == Level.ERROR)
                .map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("exploding")).toList();
        assertEquals(List.of(), pf4jErrors, "PF4J logs nothing of its own for a failed start");
    }

    private static List<ILoggingEvent> explodingStartFailures() {
        return snapshot(hostLog).stream()
                .filter(e -> e.getFormattedMessage().startsWith("Plugin 'exploding' 1.0.0 failed to start")).toList();
    }

    /** The events so far: logback appends under the appender's lock, so copying under it never races. */
    private static List<ILoggingEvent> snapshot(ListAppender<ILoggingEvent> appender) {
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    /** Verifies disable, enable and reload through the node's Plugins MBean, with their effect on instances. */
    @Test
    void enableAndDisableThroughJmx() throws Exception {
        ObjectName mbean = new ObjectName(PluginFacts.objectName(NODE_ID));
        awaitInstanceState("spareline", "running");
        String[] listed = (String[]) JMX.getAttribute(mbean, "Plugins");
        assertTrue(List.of(listed).stream().anyMatch(l -> l.startsWith("spare 1.0.0 STARTED")), List.of(listed).toString());

        Object disabled = JMX.invoke(mbean, "disable", new Object[] {"spare"}, new String[] {String.class.getName()});
        assertEquals("DISABLED", disabled);
        assertEquals("disabled", plugins().get("spare").getString("state"));
        awaitInstanceState("spareline", "waiting");
        assertTrue(FixtureControl.counter(FixtureControl.CLOSED, "spareline").get() >= 1, "its connector was closed");
        assertProblem(hook("/hooks/spare/spareline", "eve@example.com", "s1", "hi"), 503);

        Object enabled = JMX.invoke(mbean, "enable", new Object[] {"spare"}, new String[] {String.class.getName()});
        assertEquals("STARTED", enabled);
        awaitInstanceState("spareline", "running");
        assertEquals(200, hook("/hooks/spare/spareline", "eve@example.com", "s2", "hi").statusCode());

        Object reloaded = JMX.invoke(mbean, "reload", new Object[] {"spare"}, new String[] {String.class.getName()});
        assertEquals("STARTED", reloaded);
        awaitInstanceState("spareline", "running");
        assertEquals("unknown plugin", JMX.invoke(mbean, "state", new Object[] {"nope"},
                new String[] {String.class.getName()}));
    }

    /**
     * Verifies the console page: admins only, every state-changing form needs the CSRF token, values are escaped,
     * and an instance can be created from the form rendered from the connector's descriptor.
     */
    @Test
    void consolePageListsAndCreatesInstancesSafely() {
        assertEquals(403, agent.get("/console/plugins").statusCode());
        HttpResponse<Buffer> page = admin.get("/console/plugins");
        assertEquals(200, page.statusCode());
        String html = page.bodyAsString();
        assertTrue(html.contains("data-plugin-id=\"echo\"") && html.contains("data-instance-id=\"support\""), html);
        assertTrue(html.contains("name=\"csrf\" value=\"" + admin.csrfToken() + "\""));

        HttpResponse<Buffer> form = admin.get("/console/plugins/instances/new?plugin=echo&factory=echo");
        assertEquals(200, form.statusCode());
        assertTrue(form.bodyAsString().contains("name=\"v.endpoint\"") && form.bodyAsString().contains("type=\"password\""),
                form.bodyAsString());

        MultiMap fields = MultiMap.caseInsensitiveMultiMap()
                .add("mode", "new").add("id", "formmade").add("plugin", "echo").add("factory", "echo")
                .add("name", "<script>alert(1)</script>").add("enabled", "true")
                .add("v.endpoint", "https://form.example.com").add("v.token", "form-secret");
        HttpRequest<Buffer> withoutToken = web.request(HttpMethod.POST, node.port(), AgentSession.HOST,
                "/console/plugins/instances").putHeader("Cookie", admin.cookie());
        assertEquals(403, Await.result(withoutToken.sendForm(fields), "posting without CSRF").statusCode());

        HttpResponse<Buffer> saved = Await.result(admin.request(HttpMethod.POST, "/console/plugins/instances")
                .sendForm(fields), "posting the form");
        assertEquals(302, saved.statusCode(), saved.bodyAsString());
        awaitInstanceState("formmade", "running");
        String after = admin.get("/console/plugins").bodyAsString();
        assertTrue(after.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the name is escaped");
        assertFalse(after.contains("<script>alert(1)</script>"));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static Map<String, JsonObject> plugins() {
        JsonObject body = get(admin, "/api/v1/plugins");
        return body.getJsonArray("plugins").stream().map(o -> (JsonObject) o)
                .collect(java.util.stream.Collectors.toMap(p -> p.getString("id"), p -> p));
    }

    private static List<Long> polledMessageCounts() {
        return get(agent, "/api/v1/conversations?status=open").getJsonArray("conversations").stream()
                .map(o -> (JsonObject) o).filter(c -> "polled".equals(c.getString("channel")))
                .map(c -> c.getLong("messageCount")).sorted().toList();
    }

    private static Set<String> ids(JsonArray array) {
        Set<String> ids = new HashSet<>();
        array.forEach(o -> ids.add(((JsonObject) o).getString("id")));
        return ids;
    }

    private static JsonObject get(AgentSession session, String uri) {
        HttpResponse<Buffer> response = session.get(uri);
        assertEquals(200, response.statusCode(), uri + ": " + response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    private static HttpResponse<Buffer> put(AgentSession session, String uri, JsonObject body) {
        return Await.result(session.request(HttpMethod.PUT, uri).putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(body.encode())), "PUT " + uri);
    }

    private static HttpResponse<Buffer> hook(String path, String from, String externalId, String text) {
        return Await.result(web.post(node.port(), AgentSession.HOST, path)
                .putHeader("x-from", from).putHeader("x-external-id", externalId)
                .sendBuffer(Buffer.buffer(text.getBytes(StandardCharsets.UTF_8))), "POST " + path);
    }

    private static void assertProblem(HttpResponse<Buffer> response, int status) {
        assertEquals(status, response.statusCode(), response.bodyAsString());
        assertEquals("application/problem+json", response.getHeader("Content-Type"), response.bodyAsString());
        assertEquals(status, response.bodyAsJsonObject().getInteger("status"));
    }

    private static JsonObject awaitInstanceState(String id, String state) {
        JsonObject[] last = new JsonObject[1];
        try {
            Await.until(() -> {
                HttpResponse<Buffer> r = admin.get("/api/v1/plugin-instances/" + id);
                last[0] = r.statusCode() == 200 ? r.bodyAsJsonObject() : null;
                return last[0] != null && state.equals(last[0].getString("state"));
            }, "instance " + id + " is " + state);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last seen: " + last[0], e);
        }
        return last[0];
    }

    private static List<OutboundMessage> ours(String conversationId) {
        return ours("support", conversationId);
    }

    private static List<OutboundMessage> ours(String instance, String conversationId) {
        return FixtureControl.sent(instance).stream().filter(m -> m.conversationId().equals(conversationId)).toList();
    }

    private static int stuckThreads(ObjectName mbean) {
        try {
            return ((Number) JMX.getAttribute(mbean, "StuckThreads")).intValue();
        } catch (Exception e) {
            throw new AssertionError("reading StuckThreads", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
