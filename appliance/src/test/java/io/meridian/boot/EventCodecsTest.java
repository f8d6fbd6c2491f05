package io.meridian.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.bus.BusEvent;
import io.meridian.bus.RecordCodec;
import io.meridian.console.ConsolePreferenceChanged;
import io.meridian.conversation.Author;
import io.meridian.conversation.ChatMessage;
import io.meridian.conversation.ConsoleConnectionChanged;
import io.meridian.conversation.ConversationClosed;
import io.meridian.conversation.MessageStored;
import io.meridian.conversation.Typing;
import io.meridian.language.ReadingLanguageChanged;
import io.meridian.routing.AgentMentioned;
import io.meridian.routing.AgentPresenceChanged;
import io.meridian.routing.ConversationRouted;
import io.meridian.routing.NoteAdded;
import io.meridian.routing.QueuePlace;
import io.meridian.routing.Presence;
import io.meridian.routing.RoutingSetupChanged;
import io.meridian.testing.Await;
import io.meridian.translation.MessageTranslated;
import io.meridian.translation.TranslationStored;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.eventbus.MessageConsumer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every event the node puts on the bus has its codec registered at node start, and comes back equal through the
 * codec's wire form and through a real event bus.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventCodecsTest {

    private static final Instant AT = Instant.parse("2026-12-06T07:00:00.123Z");
    private static final ChatMessage MESSAGE = new ChatMessage("m-1", "c-1", 3, Author.VISITOR, "contact-1", null,
            "client-9", "Mi pedido 12345 no ha llegado", AT);

    /** One event of each type, with realistic values (and nulls where a field may be null). */
    static final List<BusEvent> SAMPLES = List.of(
            new MessageStored(MESSAGE, true, false, true),
            new MessageStored(new ChatMessage("m-2", "c-1", 4, Author.AGENT, "agent-1", "Ana", null, "Hello", AT),
                    false, true, false),
            new ConversationClosed("c-1"),
            new ConsoleConnectionChanged("agent-1", "ana", true),
            new ConversationRouted("c-1", "queued", "care", null, "no agent online"),
            new RoutingSetupChanged("calendar"),
            new AgentPresenceChanged("agent-1", Presence.AWAY, "console disconnected for 30 s"),
            new NoteAdded("c-1", "note-1"),
            new QueuePlace("c-1", 3, 420L), new QueuePlace("c-2", null),
            Typing.customer("c-1"), Typing.agent("c-1", "Ana"),
            new AgentMentioned("c-1", "note-1", "Jonas", "@ana can you look?", AT),
            new io.meridian.residency.GivenFromRegion("eu", "c-1"),
            new io.meridian.residency.RegionChanged("eu", java.util.List.of("c-1", "c-2"), true, 4, 1),
            new io.meridian.ticket.TicketSlaNotice("EU-10001", "first-reply", true),
            new TranslationStored("m-1", "c-1", "TRANSLATED"),
            new MessageTranslated("c-1", "m-1", "es", "en", "My order 12345 has not arrived", "apertium"),
            new ReadingLanguageChanged("agent-1", null),
            new ConsolePreferenceChanged("agent-1", "fr", "Europe/Paris"));

    private Vertx vertx;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        EventCodecs.register(vertx.eventBus());
    }

    @AfterEach
    void tearDown() {
        Await.result(vertx.close(), "closing Vert.x");
    }

    /**
     * Verifies that each event type in the node's classes (every implementation of {@link BusEvent}) is a record
     * whose default codec {@link EventCodecs#register} registered: registering another one for it is refused.
     */
    @Test
    void everyEventTypeOfTheNodeHasItsCodecRegistered() throws Exception {
        Set<Class<?>> found = eventTypesOfTheNode();
        assertTrue(found.contains(MessageStored.class) && found.contains(ConsolePreferenceChanged.class),
                "the scan finds the node's events: " + found);
        for (Class<?> type : found) {
            assertTrue(type.isRecord(), type.getName() + " is a record, so its codec can carry it");
            assertThrows(IllegalStateException.class, () -> probe(type),
                    type.getName() + " has no codec registered by EventCodecs.register");
        }
        assertEquals(found, new HashSet<>(EventCodecs.EVENTS), "EventCodecs lists exactly the node's events");
    }

    /** Verifies that each event comes back equal from its codec's wire form (as another node would read it). */
    @Test
    void everyEventComesBackEqualFromTheWire() throws Exception {
        assertEquals(eventTypesOfTheNode(), SAMPLES.stream().map(Object::getClass).collect(Collectors.toSet()),
                "a sample of every event type");
        for (BusEvent event : SAMPLES) {
            Buffer wire = Buffer.buffer(new byte[] {1, 2, 3});
            codec(event).encodeToWire(wire, event);
            Object back = codec(event).decodeFromWire(3, wire);
            assertNotSame(event, back);
            assertEquals(event, back);
        }
    }

    /** Verifies that each event sent on the node's bus reaches a consumer equal to what was sent. */
    @Test
    void everyEventTravelsTheBus() {
        List<Future<Object>> received = new ArrayList<>();
        List<MessageConsumer<Object>> consumers = new ArrayList<>();
        for (int i = 0; i < SAMPLES.size(); i++) {
            Promise<Object> got = Promise.promise();
            received.add(got.future());
            MessageConsumer<Object> c = vertx.eventBus().consumer("meridian.test." + i, m -> got.tryComplete(m.body()));
            Await.result(c.completion(), "consumer " + i);
            consumers.add(c);
        }
        for (int i = 0; i < SAMPLES.size(); i++) {
            vertx.eventBus().send("meridian.test." + i, SAMPLES.get(i));
        }
        for (int i = 0; i < SAMPLES.size(); i++) {
            assertEquals(SAMPLES.get(i), Await.result(received.get(i), "event " + i + " delivered"));
        }
        consumers.forEach(MessageConsumer::unregister);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static MessageCodec<Object, Object> codec(BusEvent event) {
        return (MessageCodec) new RecordCodec<>((Class<? extends Record>) event.getClass());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void probe(Class<?> type) {
        vertx.eventBus().registerDefaultCodec((Class) type, new RecordCodec<>((Class) type));
    }

    /** The concrete implementations of {@link BusEvent} among the node's compiled classes. */
    static Set<Class<?>> eventTypesOfTheNode() throws IOException, URISyntaxException {
        Path classes = Path.of(BusEvent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<Class<?>> found = new HashSet<>();
        try (Stream<Path> files = Files.walk(classes.resolve("io/meridian"))) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String name = classes.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".")
                        .replaceAll("\\.class$", "");
                try {
                    Class<?> type = Class.forName(name, false, BusEvent.class.getClassLoader());
                    if (BusEvent.class.isAssignableFrom(type) && !type.isInterface()) {
                        found.add(type);
                    }
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new AssertionError("cannot load " + name, e);
                }
            }
        }
        return found;
    }
}
