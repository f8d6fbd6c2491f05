package io.meridian.audit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.meridian.lifecycle.Lifecycle;
import io.meridian.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/**
 * The audit log's lines, chained in the store: an appender on the logger named "audit" hands each line to a queue
 * (never blocking the thread that logs), and the node appends the queue to {@code audit_trail} about every second, in
 * one write, each entry hashed over the one before ({@link AuditEntry}). Every {@value #ANCHOR_MINUTES} minutes the
 * latest hash is written to the main log as an anchor, which an external system can record; {@link #verify} reads
 * the whole trail back and names the first entry that does not follow. One node per JVM: a second node in the same
 * JVM (tests) would also see the first one's lines.
 */
public final class AuditTrail implements Lifecycle {

    static final long DRAIN_MILLIS = 1_000;
    static final int ANCHOR_MINUTES = 10;
    /** Lines a drain writes at most; the rest wait for the next. */
    static final int PER_WRITE = 500;
    /** Lines kept while the store cannot take them; more are counted as lost and said so. */
    static final int MAX_WAITING = 100_000;
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

    /** The outcome of a verification: entries checked, the first that does not follow (if any), the latest hash. */
    public record Verification(long checked, OptionalLong brokenAt, String latestHash) {

        public boolean intact() {
            return brokenAt.isEmpty();
        }
    }

    private final Vertx vertx;
    private final Store store;
    private final AuditRecords records = new AuditRecords();
    private final ConcurrentLinkedDeque<AuditEntry> waiting = new ConcurrentLinkedDeque<>();
    private final AtomicInteger waitingCount = new AtomicInteger();
    private final AtomicInteger lost = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final Tap tap = new Tap();
    private volatile AuditEntry last;
    private long drainTimer = -1;
    private long anchorTimer = -1;

    public AuditTrail(Vertx vertx, Store store) {
        this.vertx = vertx;
        this.store = store;
    }

    @Override
    public Future<Void> start() {
        return store.read(records::last).map(found -> {
            last = found.orElse(null);
            Logger audit = (Logger) LoggerFactory.getLogger("audit");
            tap.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
            tap.setName("meridian-audit-trail");
            tap.start();
            audit.addAppender(tap);
            drainTimer = vertx.setPeriodic(DRAIN_MILLIS, t -> drain());
            anchorTimer = vertx.setPeriodic(ANCHOR_MINUTES * 60_000L, t -> anchor());
            return null;
        });
    }

    @Override
    public Future<Void> stop() {
        ((Logger) LoggerFactory.getLogger("audit")).detachAppender(tap);
        tap.stop();
        vertx.cancelTimer(drainTimer);
        vertx.cancelTimer(anchorTimer);
        return drain().<Void>mapEmpty().andThen(done -> anchor());
    }

    /** The latest entry's place and hash, for JMX and the anchor; 0 and the genesis hash before any. */
    public AuditEntry latest() {
        AuditEntry l = last;
        return l != null ? l : new AuditEntry(0, Instant.EPOCH, "", AuditEntry.GENESIS, AuditEntry.GENESIS);
    }

    /** Writes the lines waiting into the trail; completes with how many. */
    public Future<Integer> drain() {
        if (waiting.isEmpty() || !draining.compareAndSet(false, true)) {
            return Future.succeededFuture(0);
        }
        List<AuditEntry> lines = new ArrayList<>();
        for (AuditEntry e = waiting.pollFirst(); e != null; e = lines.size() < PER_WRITE ? waiting.pollFirst() : null) {
            lines.add(e);
        }
        waitingCount.addAndGet(-lines.size());
        return store.write(c -> {
            AuditEntry prev = records.last(c).orElse(null);
            List<AuditEntry> chained = new ArrayList<>();
            for (AuditEntry line : lines) {
                long seq = prev == null ? 1 : prev.seq() + 1;
                prev = AuditEntry.next(seq, line.at(), line.message(), prev == null ? AuditEntry.GENESIS : prev.hash());
                chained.add(prev);
            }
            records.insert(c, chained);
            return chained;
        }).map(chained -> {
            last = chained.get(chained.size() - 1);
            return chained.size();
        }).recover(e -> {
            // Back to the front, in order: the next drain tries them again.
            for (int i = lines.size() - 1; i >= 0; i--) {
                waiting.addFirst(lines.get(i));
            }
            waitingCount.addAndGet(lines.size());
            LOG.error("Audit trail: {} lines not stored yet ({}); trying again", lines.size(), e.toString());
            return Future.succeededFuture(0);
        }).onComplete(done -> draining.set(false));
    }

    /** Reads the whole trail, a page at a time, and checks every link. */
    public Future<Verification> verify() {
        return verifyFrom(0, AuditEntry.GENESIS, 0);
    }

    private Future<Verification> verifyFrom(long afterSeq, String prevHash, long checked) {
        return store.read(c -> records.after(c, afterSeq, 1_000)).compose(page -> {
            String expected = prevHash;
            long expectedSeq = afterSeq + 1;
            long n = checked;
            for (AuditEntry e : page) {
                if (e.seq() != expectedSeq || !e.follows(expected)) {
                    LOG.warn("Audit trail broken at entry {}", expectedSeq);
                    return Future.succeededFuture(new Verification(n, OptionalLong.of(expectedSeq), expected));
                }
                expected = e.hash();
                expectedSeq++;
                n++;
            }
            if (page.size() < 1_000) {
                return Future.succeededFuture(new Verification(n, OptionalLong.empty(), expected));
            }
            return verifyFrom(page.get(page.size() - 1).seq(), expected, n);
        });
    }

    /** Entries after {@code afterSeq}, for export. */
    public Future<List<AuditEntry>> after(long afterSeq, int limit) {
        return store.read(c -> records.after(c, afterSeq, limit));
    }

    /** The anchor: the latest place and hash in the main log, where an external system can pick it up. */
    private void anchor() {
        AuditEntry l = latest();
        LOG.info("Audit trail anchor: entry {} hash {}", l.seq(), l.hash());
    }

    private void take(ILoggingEvent event) {
        if (waitingCount.incrementAndGet() > MAX_WAITING) {
            waitingCount.decrementAndGet();
            if (lost.getAndIncrement() == 0) {
                LOG.error("Audit trail: more than {} lines waiting for the store; further lines are in audit.log only",
                        MAX_WAITING);
            }
            return;
        }
        String text = event.getFormattedMessage();
        waiting.addLast(new AuditEntry(0, Instant.ofEpochMilli(event.getTimeStamp()),
                text.length() > 2000 ? text.substring(0, 2000) : text, "", ""));
    }

    /** The appender on the "audit" logger: queues and returns at once. */
    private final class Tap extends AppenderBase<ILoggingEvent> {
        @Override
        protected void append(ILoggingEvent event) {
            take(event);
        }
    }

    /** Lines waiting to be written, for JMX. */
    public int waiting() {
        return Math.max(0, waitingCount.get());
    }
}
