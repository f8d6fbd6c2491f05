package io.meridian.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meridian.conversation.VisitorProfile;
import io.meridian.testing.Await;
import io.meridian.testing.ChatPace;
import io.meridian.testing.MutableClock;
import io.meridian.testing.SignedInNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retention job over {@value #DEFAULT_MESSAGES} messages (docs/benchmarks.md "Retention"): closed conversations of
 * {@value #PER_CONVERSATION} messages each, all due; how long the dry run and the run take, and whether chat keeps its
 * latency meanwhile — another customer writes steadily, and each message's time to its acknowledgement is measured
 * alone and during the run. {@code -Dbench.retention.messages=} and {@code -Dbench.retention.batch=} change the
 * numbers.
 */
@Tag("bench")
class RetentionBench {

    private static final int DEFAULT_MESSAGES = 1_000_000;
    private static final int MESSAGES = Integer.getInteger("bench.retention.messages", DEFAULT_MESSAGES);
    private static final int PER_CONVERSATION = 100;
    private static final String BATCH = System.getProperty("bench.retention.batch", "100");
    /** The other customer's pace: one message every this many milliseconds. */
    private static final long CHAT_EVERY_MILLIS = 20;
    /** Conversations the bench's own fill writes per transaction. */
    private static final int FILL_CONVERSATIONS_PER_WRITE = 50;

    @TempDir
    Path dir;
    private final Vertx vertx = Vertx.vertx();
    private final MutableClock clock = new MutableClock(Instant.now());
    private SignedInNode desk;

    @AfterEach
    void tearDown() {
        if (desk != null) {
            desk.stop();
        }
        Await.result(vertx.close(), "closing vert.x");
    }

    @Test
    void retentionOfManyClosedConversationsWhileChatGoesOn() throws Exception {
        desk = SignedInNode.start(vertx, dir.resolve("data"), Map.of("MERIDIAN_NODE_REGION", "eu",
                "MERIDIAN_PRIVACY_RETENTION_TRANSCRIPTS_DAYS", "730", "MERIDIAN_PRIVACY_RETENTION_BATCH_SIZE", BATCH),
                clock);
        var node = desk.node().node();
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "BENCH machine: cores=%d load=%.1f jvm=%s heap-max=%d MB batch=%s",
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20, BATCH));

        // Each conversation is opened and closed through the service; its other messages come by the bench's own
        // bulk insert (sealed-size bodies): a million messages through the chat path would take most of an hour.
        long fillStart = System.nanoTime();
        int conversations = MESSAGES / PER_CONVERSATION;
        Map<String, String> contactOf = new HashMap<>();
        for (int done = 0; done < conversations; done += 200) {
            List<Future<Void>> batch = new ArrayList<>();
            for (int i = done; i < Math.min(conversations, done + 200); i++) {
                int n = i;
                batch.add(node.conversations().identifyVisitor(null, new VisitorProfile("de-DE", "Europe/Berlin",
                        "Kunde " + n, null)).compose(v -> node.conversations().appendVisitorMessage(v.contactId(),
                        "first-" + n, "Meine Bestellung " + n + " ist nicht angekommen").compose(a -> {
                            synchronized (contactOf) {
                                contactOf.put(a.message().conversationId(), v.contactId());
                            }
                            return node.hub().close(a.message().conversationId()).mapEmpty();
                        })));
            }
            Await.result(Future.all(batch), "opening conversations");
        }
        List<String> ids = new ArrayList<>(contactOf.keySet());
        SecureRandom random = new SecureRandom();
        Timestamp written = Timestamp.from(Instant.now());
        for (int from = 0; from < ids.size(); from += FILL_CONVERSATIONS_PER_WRITE) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + FILL_CONVERSATIONS_PER_WRITE));
            Await.result(node.store().write(c -> {
                Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
                try (PreparedStatement s = c.prepareStatement("INSERT INTO messages (id, conversation_id, "
                        + "contact_id, seq, author, client_msg_id, body_sealed, created_at) VALUES (?, ?, ?, ?, "
                        + "'VISITOR', ?, ?, ?)");
                        PreparedStatement u = c.prepareStatement("UPDATE conversations SET last_seq = ?, "
                                + "message_count = ? WHERE id = ?")) {
                    for (String conversation : chunk) {
                        for (int seq = 2; seq <= PER_CONVERSATION; seq++) {
                            byte[] body = new byte[120];
                            random.nextBytes(body);
                            s.setString(1, UUID.randomUUID().toString());
                            s.setString(2, conversation);
                            s.setString(3, contactOf.get(conversation));
                            s.setInt(4, seq);
                            s.setString(5, UUID.randomUUID().toString());
                            s.setBytes(6, body);
                            s.setTimestamp(7, written, utc);
                            s.addBatch();
                        }
                        s.executeBatch();
                        u.setInt(1, PER_CONVERSATION);
                        u.setInt(2, PER_CONVERSATION);
                        u.setString(3, conversation);
                        u.executeUpdate();
                    }
                }
                return null;
            }), "filling messages");
        }
        lines.add(String.format(Locale.ROOT, "BENCH filled %d messages in %d closed conversations in %.0f s",
                (long) conversations * PER_CONVERSATION, conversations, (System.nanoTime() - fillStart) / 1e9));

        clock.advance(Duration.ofDays(3 * 365));
        String talker = Await.result(node.conversations().identifyVisitor(null, VisitorProfile.empty()), "talker")
                .contactId();
        ChatPace pace = new ChatPace(vertx, CHAT_EVERY_MILLIS, () -> node.hub().visitorSays(talker,
                UUID.randomUUID().toString(), "Hallo, ist jemand da?").mapEmpty());
        lines.add(ChatPace.line("chat alone (5 s)", pace.during(() -> vertx.timer(5_000).mapEmpty())));

        RetentionJob job = node.retention();
        long dryStart = System.nanoTime();
        RetentionRun dry = Await.result(job.run("bench", true), "the dry run");
        lines.add(String.format(Locale.ROOT, "BENCH dry run: %d messages of %d conversations due, counted in %.1f s",
                dry.total().messages(), dry.total().conversations(), (System.nanoTime() - dryStart) / 1e9));
        assertEquals((long) conversations * PER_CONVERSATION, dry.total().messages());

        RetentionRun[] ran = new RetentionRun[1];
        long[] runTime = new long[1];
        List<Long> duringRun = pace.during(() -> {
            long start = System.nanoTime();
            return job.run("bench", false).map(r -> {
                runTime[0] = System.nanoTime() - start;
                ran[0] = r;
                return null;
            });
        });
        assertEquals(dry.total(), ran[0].total(), "the run erased what the dry run counted");
        lines.add(String.format(Locale.ROOT, "BENCH retention run: %d messages of %d conversations erased in %.1f s "
                + "(%.0f messages/s)", ran[0].total().messages(), ran[0].total().conversations(), runTime[0] / 1e9,
                ran[0].total().messages() / (runTime[0] / 1e9)));
        lines.add(ChatPace.line("chat during the retention run", duringRun));
        lines.forEach(System.out::println);
    }
}
