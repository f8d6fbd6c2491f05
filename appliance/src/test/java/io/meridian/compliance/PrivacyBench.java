package io.meridian.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.VisitorProfile;
import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.ChatPace;
import io.meridian.testing.SignedInNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A customer's copy of their data and their erasure, for a customer with {@value #DEFAULT_MESSAGES} messages
 * (docs/benchmarks.md "Privacy"): how long each takes, how large the archive is, and whether chat keeps its latency
 * meanwhile — another customer writes steadily and each message's time to its acknowledgement (committed) is
 * measured before, during the export and during the erasure; then the master key rotation over
 * {@code bench.privacy.contacts} customers' keys, measured the same way.
 */
@Tag("bench")
class PrivacyBench {

    private static final int DEFAULT_MESSAGES = 10_000;
    private static final int MESSAGES = Integer.getInteger("bench.privacy.messages", DEFAULT_MESSAGES);
    /** Customers whose data keys the master key rotation re-wraps. */
    private static final int CONTACTS = Integer.getInteger("bench.privacy.contacts", 50_000);
    /** The other customer's pace: one message every this many milliseconds. */
    private static final long CHAT_EVERY_MILLIS = 20;
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
    void exportAndErasureOfACustomerWithManyMessagesWhileChatGoesOn() throws Exception {
        desk = SignedInNode.start(vertx, dir.resolve("data"), Map.of("MERIDIAN_NODE_REGION", "eu"));
        AgentSession admin = desk.agent("boss", "The Boss", Role.ADMIN, PASSWORD);
        var conversations = desk.node().node().conversations();
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "BENCH machine: cores=%d load=%.1f jvm=%s heap-max=%d MB",
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20));

        String customer = Await.result(conversations.identifyVisitor(null, new VisitorProfile("de-DE",
                "Europe/Berlin", "Bench Kunde", "bench@example.com")), "the customer").contactId();
        long seedStart = System.nanoTime();
        for (int done = 0; done < MESSAGES; done += 500) {
            List<Future<?>> batch = new ArrayList<>();
            for (int i = done; i < Math.min(MESSAGES, done + 500); i++) {
                batch.add(conversations.appendVisitorMessage(customer, "seed-" + i, "Nachricht " + i
                        + ": meine Bestellung ist noch nicht angekommen, bitte melden Sie sich bei mir."));
            }
            Await.result(Future.all(batch), "seeding");
        }
        lines.add(String.format(Locale.ROOT, "BENCH seeded %d messages of one customer in %.1f s", MESSAGES,
                (System.nanoTime() - seedStart) / 1e9));

        String talker = Await.result(conversations.identifyVisitor(null, VisitorProfile.empty()), "another")
                .contactId();
        var hub = desk.node().node().hub();
        ChatPace pace = new ChatPace(vertx, CHAT_EVERY_MILLIS, () -> hub.visitorSays(talker, UUID.randomUUID().toString(),
                "Hallo, ist jemand da?").mapEmpty());

        List<Long> baseline = pace.during(() -> vertx.timer(5_000).mapEmpty());
        lines.add(ChatPace.line("chat alone (5 s)", baseline));

        String request = admin.postJson("/api/v1/privacy/requests", new JsonObject().put("contactId", customer)
                .put("kind", "access").put("verifiedBy", "email_reply")).bodyAsJsonObject().getString("id");
        SubjectRequests requests = desk.node().node().subjectRequests();
        long[] exportTime = new long[1];
        ExportFile[] made = new ExportFile[1];
        List<Long> duringExport = pace.during(() -> {
            long start = System.nanoTime();
            return requests.export(request, "bench").map(m -> {
                exportTime[0] = System.nanoTime() - start;
                made[0] = m.export();
                return null;
            });
        });
        assertEquals(MESSAGES, made[0].messages());
        lines.add(String.format(Locale.ROOT, "BENCH export of %d messages: %.1f s, archive %.1f MB (%d bytes per "
                + "message)", made[0].messages(), exportTime[0] / 1e9, made[0].bytes() / 1e6,
                made[0].bytes() / Math.max(1, made[0].messages())));
        lines.add(ChatPace.line("chat during the export", duringExport));

        long[] eraseTime = new long[1];
        List<Long> duringErasure = pace.during(() -> {
            long start = System.nanoTime();
            return desk.node().node().erasure().erase(customer, "bench").map(e -> {
                eraseTime[0] = System.nanoTime() - start;
                return null;
            });
        });
        assertTrue(Await.result(conversations.contactShredded(customer), "erased"));
        lines.add(String.format(Locale.ROOT, "BENCH erasure of a customer with %d messages: %.0f ms", MESSAGES,
                eraseTime[0] / 1e6));
        lines.add(ChatPace.line("chat during the erasure", duringErasure));

        // The master key rotated over many customers' data keys (docs/backup.md).
        long contactsStart = System.nanoTime();
        for (int done = 0; done < CONTACTS; done += 500) {
            List<Future<?>> batch = new ArrayList<>();
            for (int i = done; i < Math.min(CONTACTS, done + 500); i++) {
                batch.add(conversations.identifyVisitor(null, new VisitorProfile("en-GB", "Europe/London",
                        "Customer " + i, null)));
            }
            Await.result(Future.all(batch), "more customers");
        }
        lines.add(String.format(Locale.ROOT, "BENCH seeded %d more customers in %.1f s", CONTACTS,
                (System.nanoTime() - contactsStart) / 1e9));
        var rotation = desk.node().node().masterKeyRotation();
        long[] rotateTime = new long[1];
        long[] rewrapped = new long[1];
        List<Long> duringRotation = pace.during(() -> {
            long start = System.nanoTime();
            return rotation.rotate("bench").map(state -> {
                rotateTime[0] = System.nanoTime() - start;
                rewrapped[0] = state.contactsRewrapped();
                return null;
            });
        });
        assertTrue(rewrapped[0] >= CONTACTS, rewrapped[0] + " keys re-wrapped");
        lines.add(String.format(Locale.ROOT, "BENCH master key rotation over %d customers' keys: %.1f s (%.0f keys/s)",
                rewrapped[0], rotateTime[0] / 1e9, rewrapped[0] / (rotateTime[0] / 1e9)));
        lines.add(ChatPace.line("chat during the rotation", duringRotation));
        lines.forEach(System.out::println);
    }
}
