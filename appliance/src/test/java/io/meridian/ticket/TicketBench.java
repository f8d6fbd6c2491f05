package io.meridian.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.VisitorProfile;
import io.meridian.protocol.AgentSession;
import io.meridian.protocol.WidgetVisitor;
import io.meridian.routing.BusinessCalendar;
import io.meridian.routing.OpeningHours;
import io.meridian.routing.ShiftInterval;
import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tickets under load (docs/benchmarks.md "Tickets"), on a node with a service-level policy counted in a team's
 * business hours: ticket creation through REST (many requests in flight) and through the message path (web chats
 * whose first message makes a ticket), then the service levels of 100,000 open tickets counted again after the team's
 * hours change.
 */
@Tag("bench")
class TicketBench {

    private static final int REST = Integer.getInteger("bench.tickets.rest", 2_000);
    private static final int IN_FLIGHT = Integer.getInteger("bench.tickets.inFlight", 16);
    private static final int CHATS = Integer.getInteger("bench.tickets.chats", 500);
    private static final int OPEN = Integer.getInteger("bench.tickets.open", 100_000);
    private static final String PASSWORD = "benchmarks are measured";

    @TempDir
    Path dir;
    private final Vertx vertx = Vertx.vertx();
    private SignedInNode desk;

    @AfterEach
    void tearDown() {
        if (desk != null) {
            desk.stop();
        }
        Await.result(vertx.close(), "closing vert.x");
    }

    @Test
    void ticketsThroughRestAndTheMessagePathThenARecountOfOpenTickets() throws Exception {
        Path sla = Files.writeString(dir.resolve("sla.yaml"), String.join("\n", "policies:", "  - name: Standard",
                "    first-reply: 4h", "    next-reply: 8h", "    resolution: 3d", ""));
        desk = SignedInNode.start(vertx, dir.resolve("data"), Map.of("MERIDIAN_NODE_REGION", "eu",
                "MERIDIAN_TICKETS_SLA_FILE", sla.toString(), "MERIDIAN_TICKETS_CREATE_FROM_CHANNELS", "web"));
        AgentSession boss = desk.agent("boss", "The Boss", Role.ADMIN, PASSWORD);
        var team = Await.result(boss.request(HttpMethod.PUT, "/api/v1/routing/teams/emea")
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(new JsonObject()
                        .put("name", "Europe").put("time-zone", "Europe/Berlin")
                        .put("hours", new JsonObject().put("mon-fri", new JsonArray().add("09:00-17:00")))
                        .encode())), "team emea");
        assertEquals(2, team.statusCode() / 100, team.bodyAsString());
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "BENCH machine: cores=%d load=%.1f jvm=%s heap-max=%d MB",
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20));

        // 1. REST: POST /api/v1/tickets for a contact, IN_FLIGHT requests at a time; half warm-up, half measured.
        List<String> contacts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            contacts.add(Await.result(desk.node().node().conversations().identifyVisitor(null,
                    new VisitorProfile("de-DE", "Europe/Berlin", "Kunde " + i, null)), "a contact").contactId());
        }
        rest(boss, contacts, REST / 2);
        Instant restStart = Instant.now();
        List<Long> restMicros = rest(boss, contacts, REST / 2);
        double restSeconds = Duration.between(restStart, Instant.now()).toNanos() / 1e9;
        lines.add(String.format(Locale.ROOT, "BENCH tickets by REST: %d in %.1f s = %.0f tickets/s, %d in flight; "
                + "latency p50 %.1f ms, p99 %.1f ms, worst %.1f ms", restMicros.size(), restSeconds,
                restMicros.size() / restSeconds, IN_FLIGHT, pct(restMicros, 50) / 1e3, pct(restMicros, 99) / 1e3,
                pct(restMicros, 100) / 1e3));

        // 2. The message path: CHATS visitors each send a first message; each conversation becomes a ticket.
        long before = count("SELECT COUNT(*) FROM tickets");
        List<WidgetVisitor> visitors = new ArrayList<>();
        for (int i = 0; i < CHATS; i++) {
            WidgetVisitor v = WidgetVisitor.open(vertx, desk.node().port());
            Await.result(v.send(new JsonObject().put("type", "hello").put("locale", "en-GB")), "hello");
            v.expect("welcome");
            visitors.add(v);
        }
        Instant chatStart = Instant.now();
        for (WidgetVisitor v : visitors) {
            v.send(WidgetVisitor.message(UUID.randomUUID().toString(), "My parcel did not arrive, order "
                    + UUID.randomUUID().toString().substring(0, 8)));
        }
        Await.until(() -> count("SELECT COUNT(*) FROM tickets") >= before + CHATS, Duration.ofMinutes(10),
                "every chat a ticket");
        double chatSeconds = Duration.between(chatStart, Instant.now()).toNanos() / 1e9;
        lines.add(String.format(Locale.ROOT, "BENCH tickets by the message path: %d chats' first messages to %d "
                + "tickets in %.1f s = %.0f tickets/s (each with its number told to the customer)", CHATS, CHATS,
                chatSeconds, CHATS / chatSeconds));
        visitors.forEach(WidgetVisitor::close);

        // 3. OPEN open tickets of team emea with first reply and resolution running; the team's hours change.
        Tickets tickets = desk.node().node().tickets();
        Instant now = Instant.now();
        Instant seedStart = Instant.now();
        for (int done = 0; done < OPEN; done += 1_000) {
            int from = done;
            Await.result(tickets.store.write(c -> {
                for (int i = from; i < Math.min(OPEN, from + 1_000); i++) {
                    String id = UUID.randomUUID().toString();
                    tickets.records.insert(c, new TicketRecords.Row(id, "B-" + (100_000 + i), "contact-" + i,
                            new byte[48], "open", "normal", null, null, "emea", "bench", now, now, null));
                    tickets.levels.start(c, id, new SlaPolicy.Facts("normal", "emea", "web", java.util.Set.of(),
                            "eu", Map.of()), "open", now.minusSeconds(i % 3_600));
                }
                return null;
            }), "seeding");
        }
        lines.add(String.format(Locale.ROOT, "BENCH seeded %d open tickets (%d running targets) in %.0f s", OPEN,
                count("SELECT COUNT(*) FROM ticket_sla WHERE state = 'running'"),
                Duration.between(seedStart, Instant.now()).toMillis() / 1e3));
        // The hours before the change were 08:00-18:00: every running target's open time left counts again.
        EnumMap<DayOfWeek, List<ShiftInterval>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY)) {
            week.put(d, List.of(new ShiftInterval(LocalTime.of(8, 0), LocalTime.of(18, 0))));
        }
        BusinessCalendar longer = new BusinessCalendar(ZoneId.of("Europe/Berlin"), new OpeningHours(week, Map.of()),
                List.of());
        TicketUpkeep upkeep = desk.node().node().ticketUpkeep();
        // Meanwhile customers chat (a new one every 20 messages, within the widget's rate limit): how long a message
        // waits for its ack while the recount runs.
        Instant recountStart = Instant.now();
        Future<Integer> recount = upkeep.hoursChanged(Map.of("emea", longer));
        List<Long> ackMicros = new ArrayList<>();
        WidgetVisitor probe = null;
        while (!recount.isComplete()) {
            if (ackMicros.size() % 20 == 0) {
                if (probe != null) {
                    probe.close();
                }
                probe = WidgetVisitor.open(vertx, desk.node().port());
                Await.result(probe.send(new JsonObject().put("type", "hello").put("locale", "en-GB")), "hello");
                probe.expect("welcome");
            }
            long t0 = System.nanoTime();
            probe.say("still there? " + ackMicros.size());
            ackMicros.add((System.nanoTime() - t0) / 1_000);
            Thread.sleep(100);
        }
        int moved = Await.result(recount, "the recount");
        double recountSeconds = Duration.between(recountStart, Instant.now()).toNanos() / 1e9;
        lines.add(String.format(Locale.ROOT, "BENCH recount after a change of hours: %d of %d open tickets' targets "
                + "moved in %.1f s (%.0f targets/s, writes of %d); a chat message acked meanwhile: p50 %.0f ms, "
                + "p99 %.0f ms, worst %.0f ms (%d messages)", moved, OPEN, recountSeconds, moved / recountSeconds,
                TicketUpkeep.RECOUNT_BATCH, pct(ackMicros, 50) / 1e3, pct(ackMicros, 99) / 1e3,
                pct(ackMicros, 100) / 1e3, ackMicros.size()));
        assertTrue(moved >= OPEN, "every open ticket's targets moved: " + moved);
        lines.forEach(System.out::println);
    }

    /** Creates {@code n} tickets, {@link #IN_FLIGHT} at a time; returns each request's time in microseconds. */
    private List<Long> rest(AgentSession agent, List<String> contacts, int n) throws InterruptedException {
        ConcurrentLinkedQueue<Long> micros = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(n);
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(IN_FLIGHT);
        for (int i = 0; i < n; i++) {
            slots.acquire();
            long t0 = System.nanoTime();
            agent.request(HttpMethod.POST, "/api/v1/tickets").putHeader("Content-Type", "application/json")
                    .sendBuffer(Buffer.buffer(new JsonObject().put("contactId", contacts.get(i % contacts.size()))
                            .put("subject", "Refund for order " + i).put("teamId", "emea").encode()))
                    .onComplete(ar -> {
                        if (ar.succeeded() && ar.result().statusCode() == 201) {
                            micros.add((System.nanoTime() - t0) / 1_000);
                        }
                        slots.release();
                        done.countDown();
                    });
        }
        assertTrue(done.await(10, TimeUnit.MINUTES));
        assertEquals(n, micros.size(), "every ticket made");
        return new ArrayList<>(micros);
    }

    private long count(String sql) {
        return Await.result(desk.node().node().tickets().store.read(c -> {
            try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }), sql);
    }

    private static double pct(List<Long> values, int percentile) {
        List<Long> sorted = values.stream().sorted().toList();
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index));
    }
}
