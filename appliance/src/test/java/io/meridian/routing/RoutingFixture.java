package io.meridian.routing;

import io.meridian.boot.EventCodecs;
import io.meridian.conversation.ChannelHooks;
import io.meridian.conversation.ChatHub;
import io.meridian.conversation.ConversationService;
import io.meridian.conversation.MessagePipeline;
import io.meridian.conversation.OutboundSink;
import io.meridian.conversation.VisitorProfile;
import io.meridian.crypto.BlindIndex;
import io.meridian.crypto.Crypto;
import io.meridian.crypto.DataKeys;
import io.meridian.crypto.PasswordHasher;
import io.meridian.language.DetectedLanguage;
import io.meridian.language.LanguageDetector;
import io.meridian.security.AgentAccounts;
import io.meridian.security.Role;
import io.meridian.security.SignedInAgent;
import io.meridian.store.Store;
import io.meridian.store.StoreTesting;
import io.meridian.store.StoreEngine;
import io.meridian.store.TestStores;
import io.meridian.testing.SignedInNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real encrypted store in a temporary directory with conversations, accounts and routing services over it, and a
 * conf/ folder of its own for routing.yaml and calendars, on a Vert.x instance of its own that {@link #close} closes.
 * Nothing is faked except the language detector.
 */
final class RoutingFixture implements AutoCloseable {

    static final String PASSWORD = "correct-horse-battery-staple";

    /**
     * A real node whose routing setup is {@code setup}, written to {@code dir/conf/routing.yaml} (with an empty
     * calendars folder beside it), its data in {@code dir/node}: the set-up of the routing HTTP tests.
     */
    static SignedInNode nodeWithSetup(Vertx vertx, Path dir, String setup) throws IOException {
        return SignedInNode.start(vertx, dir.resolve("node"), setupFiles(dir, setup));
    }

    /** As {@link #nodeWithSetup}, on a Vert.x of the node's own ({@link SignedInNode#alone}). */
    static SignedInNode nodeAloneWithSetup(Path dir, String setup) throws IOException {
        return SignedInNode.alone(dir.resolve("node"), setupFiles(dir, setup));
    }

    /** Writes the setup and an empty calendars folder; the variables that point the node at them. */
    private static Map<String, String> setupFiles(Path dir, String setup) throws IOException {
        Files.createDirectories(dir.resolve("conf/calendars"));
        Files.writeString(dir.resolve("conf/routing.yaml"), setup, StandardCharsets.UTF_8);
        return Map.of("MERIDIAN_ROUTING_FILE", dir.resolve("conf/routing.yaml").toString(),
                "MERIDIAN_ROUTING_CALENDARS_DIR", dir.resolve("conf/calendars").toString());
    }
    /** Says every text is English. */
    static final LanguageDetector ENGLISH = (text, hints) -> new DetectedLanguage("en", 0.9, DetectedLanguage.Source.TEXT);

    final Vertx vertx;
    final Store store;
    final ConversationService conversations;
    final ChatHub hub;
    final MessagePipeline pipeline = new MessagePipeline();
    /** The service started with {@code listen}: the one the pipeline's routing stages reach. */
    volatile RoutingService listening;
    final AgentAccounts accounts;
    final Path conf;

    RoutingFixture(Path dir) throws IOException {
        this(dir, OutboundSink.NONE);
    }

    /** {@code outbox}: where replies on channel conversations are queued (a test's recorder). */
    RoutingFixture(Path dir, OutboundSink outbox) throws IOException {
        this(dir, outbox, TestStores.defaultEngine());
    }

    /** On the store of {@code engine}. */
    RoutingFixture(Path dir, OutboundSink outbox, StoreEngine engine) throws IOException {
        this.vertx = Vertx.vertx();
        EventCodecs.register(vertx.eventBus()); // as the node does before anything publishes
        this.store = TestStores.open(vertx, dir.resolve("db"), 64, engine);
        // As on a node: routing resets a reopened conversation inside the transaction that reopens it.
        this.conversations = new ConversationService(vertx, store, new DataKeys(new SecretKeySpec(Crypto.randomBytes(32),
                "AES")), new BlindIndex(new SecretKeySpec(Crypto.randomBytes(32), "HmacSHA256")), "eu",
                new ChannelHooks(outbox, new RoutingReopening()));
        this.hub = new ChatHub(vertx, conversations, pipeline);
        // As on a node, opened and closed conversations reach routing through the pipeline, once a service listens.
        pipeline.start(new MessagePipeline.Stages(m -> Future.succeededFuture(Optional.empty()),
                MessagePipeline.nothing(),
                m -> listening == null ? Future.succeededFuture() : listening.routeOpened(m),
                MessagePipeline.nothing(), MessagePipeline.nothing(),
                id -> listening == null ? Future.succeededFuture() : listening.conversationClosed(id),
                id -> Future.succeededFuture()));
        this.accounts = new AgentAccounts(vertx, store, new PasswordHasher(), 5, Duration.ofMinutes(15));
        this.conf = Files.createDirectories(dir.resolve("conf"));
        Files.createDirectories(conf.resolve("calendars"));
    }

    /** A routing service over the fixture's store, started without event-bus listeners (tests drive it). */
    RoutingService service(Clock clock, LanguageDetector detector) {
        return service(clock, detector, new RoutingTimings(Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(15)),
                false);
    }

    /**
     * A routing service with the given timings; {@code listen} also starts its event-bus listeners (console
     * connections, opened and closed conversations) and its periodic sweep, as on a node.
     */
    RoutingService service(Clock clock, LanguageDetector detector, RoutingTimings timings, boolean listen) {
        RoutingService s = new RoutingService(vertx, store, hub, accounts, detector, clock,
                new SetupFiles(conf.resolve("routing.yaml"), conf.resolve("calendars")),
                new OffHoursReplies(Path.of("../conf/templates")), timings);
        StoreTesting.await(s.start(listen));
        if (listen) {
            listening = s;
        }
        return s;
    }

    /** Where a conversation stands in the database: its routing state, team and agent (null if never routed). */
    String[] routingRow(String conversationId) {
        return StoreTesting.await(store.read(c -> {
            try (var s = c.prepareStatement(
                    "SELECT state, team_id, agent_id, priority FROM conversation_routing WHERE conversation_id = ?")) {
                s.setString(1, conversationId);
                try (var rs = s.executeQuery()) {
                    return rs.next() ? new String[] {rs.getString(1), rs.getString(2), rs.getString(3),
                        String.valueOf(rs.getInt(4))} : null;
                }
            }
        }));
    }

    /** The contact of a conversation. */
    String contactOf(String conversationId) {
        return StoreTesting.await(conversations.facts(conversationId)).orElseThrow().contactId();
    }

    void writeSetup(String yaml, Map<String, String> calendars) throws IOException {
        Files.writeString(conf.resolve("routing.yaml"), yaml, StandardCharsets.UTF_8);
        for (Map.Entry<String, String> c : calendars.entrySet()) {
            Files.writeString(conf.resolve("calendars").resolve(c.getKey()), c.getValue(), StandardCharsets.UTF_8);
        }
    }

    SignedInAgent agent(String username, String displayName) {
        return StoreTesting.await(accounts.create(username, displayName, Role.AGENT, PASSWORD.toCharArray()));
    }

    /** A new visitor from New York who wrote {@code text}, routed by {@code routing}: the conversation's id. */
    String queued(RoutingService routing, String text) {
        String id = newConversation("en-US", "America/New_York", text);
        StoreTesting.await(routing.route(id, text));
        return id;
    }

    /** The ids of the teams in force in {@code routing}'s setup, in order. */
    static List<String> teamIds(RoutingService routing) {
        return routing.engine().setup().teams().stream().map(Team::id).toList();
    }

    /** A new visitor (with browser locale and zone) who wrote {@code text}: the new conversation's id. */
    String newConversation(String locale, String timeZone, String text) {
        String contact = StoreTesting.await(conversations.identifyVisitor(null,
                new VisitorProfile(locale, timeZone, null, null))).contactId();
        return StoreTesting.await(conversations.appendVisitorMessage(contact, UUID.randomUUID().toString(), text))
                .message().conversationId();
    }

    @Override
    public void close() {
        store.close();
        StoreTesting.await(vertx.close());
    }
}
