package io.meridian.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.testing.Await;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The wire form of event records: what goes in comes out, at any position in a buffer; what cannot go is refused. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecordCodecTest {

    enum Mood { CALM, ANGRY }

    record Inner(String name, Mood mood) {
    }

    record Everything(String text, boolean flag, int count, long big, double ratio, Boolean maybe, Integer boxed,
            Instant at, Mood mood, Inner inner, List<String> ids) implements BusEvent {
    }

    record WithNumbers(List<Integer> numbers) implements BusEvent {
    }

    record NotRegistered(String id) implements BusEvent {
    }

    private Vertx vertx;

    @AfterEach
    void tearDown() {
        if (vertx != null) {
            Await.result(vertx.close(), "closing Vert.x");
        }
    }

    /** Verifies that every kind of component, null ones included, comes back equal from behind other bytes. */
    @Test
    void aRecordComesBackEqualFromTheWire() {
        RecordCodec<Everything> codec = new RecordCodec<>(Everything.class);
        Everything full = new Everything("Grüße, 你好 \"quoted\"", true, -7, 1L << 40, 0.25, false, 3,
                Instant.parse("2026-12-06T06:30:00.123Z"), Mood.ANGRY, new Inner("Ana", Mood.CALM),
                List.of("c-1", "ü 你"));
        Everything sparse = new Everything(null, false, 0, 0, 0, null, null, null, null, null, null);
        Everything empty = new Everything("", false, 0, 0, 0, null, null, null, null, null, List.of());
        for (Everything e : List.of(full, sparse, empty)) {
            Buffer wire = Buffer.buffer("previous message");
            int pos = wire.length();
            codec.encodeToWire(wire, e);
            wire.appendString("next message");
            assertEquals(e, codec.decodeFromWire(pos, wire));
        }
    }

    /** Verifies that a component the wire form does not know is refused when the codec is made, naming it. */
    @Test
    void aComponentWithoutAWireFormIsRefusedAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RecordCodec<>(WithNumbers.class));
        assertTrue(e.getMessage().contains("WithNumbers.numbers"), e.getMessage());
    }

    /** Verifies that a wire form without a primitive component is refused, not read as zero or false. */
    @Test
    void aMissingPrimitiveIsRefused() {
        Buffer json = Buffer.buffer("{\"text\":\"x\"}");
        Buffer wire = Buffer.buffer().appendInt(json.length()).appendBuffer(json);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RecordCodec<>(Everything.class).decodeFromWire(0, wire));
        assertTrue(e.getMessage().contains("flag"), e.getMessage());
    }

    /**
     * Verifies that the bus refuses to publish a record that has no codec (so an event cannot skip registration and
     * still work on one node), and delivers it once its codec is registered.
     */
    @Test
    void theBusRefusesARecordWithoutItsCodec() {
        vertx = Vertx.vertx();
        NotRegistered event = new NotRegistered("c-1");
        assertThrows(IllegalArgumentException.class, () -> vertx.eventBus().publish("meridian.test", event));

        RecordCodec.register(vertx.eventBus(), List.of(NotRegistered.class));
        Promise<NotRegistered> received = Promise.promise();
        MessageConsumer<NotRegistered> consumer = vertx.eventBus().consumer("meridian.test",
                m -> received.tryComplete(m.body()));
        Await.result(consumer.completion(), "the consumer registered");
        vertx.eventBus().send("meridian.test", event);
        assertEquals(event, Await.result(received.future(), "the event delivered"));
    }
}
