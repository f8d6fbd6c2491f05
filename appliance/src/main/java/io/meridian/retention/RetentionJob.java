package io.meridian.retention;

import io.meridian.conversation.ConversationRetention;
import io.meridian.lifecycle.Lifecycle;
import io.meridian.retention.RetentionRun.Outcome;
import io.meridian.store.Store;
import io.meridian.ticket.ClosedTicketRetention;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retention job (docs/privacy.md#retention): once a day at {@code privacy.retention.run-at} (UTC), and whenever
 * an admin asks, it erases the transcripts, files and closed tickets the policies make due, skipping customers under
 * a legal hold; a dry run counts the same without changing anything. One run at a time. Every run is recorded with
 * its counts per home region (table {@code retention_runs}) and written to the audit trail: ids and counts only.
 * Erased conversations are forgotten by the search index and indexed again without words.
 */
public final class RetentionJob implements Lifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("audit");
    /** How long the scheduled run waits when an admin's run goes on at its time. */
    private static final Duration BUSY_RETRY = Duration.ofMinutes(10);
    /** Who started the daily run. */
    public static final String SCHEDULE = "schedule";
    /** Runs shown with the policies. */
    public static final int LISTED_RUNS = 10;

    private final Vertx vertx;
    private final Store store;
    private final ConversationRetention conversations;
    private final ClosedTicketRetention tickets;
    private final List<TranscriptParts> parts;
    private final KeptCustomers kept;
    private final Function<List<String>, Future<Void>> forgetInSearch;
    private final Function<String, Future<Void>> reindex;
    private final RetentionSettings settings;
    private final Clock clock;
    private final RetentionRecords records = new RetentionRecords();
    private volatile RetentionRun running;
    private volatile boolean stopping;
    private volatile Future<RetentionRun> current = Future.succeededFuture();
    private long timer = -1;

    /**
     * {@code kept}: whether a customer is under a legal hold or restricted; {@code forgetInSearch} and
     * {@code reindex}: the search index's, so erased words go and the conversation's facts stay findable.
     */
    public RetentionJob(Vertx vertx, Store store, ConversationRetention conversations, ClosedTicketRetention tickets,
            List<TranscriptParts> parts, KeptCustomers kept,
            Function<List<String>, Future<Void>> forgetInSearch, Function<String, Future<Void>> reindex,
            RetentionSettings settings, Clock clock) {
        this.vertx = vertx;
        this.store = store;
        this.conversations = conversations;
        this.tickets = tickets;
        this.parts = List.copyOf(parts);
        this.kept = kept;
        this.forgetInSearch = forgetInSearch;
        this.reindex = reindex;
        this.settings = settings;
        this.clock = clock;
    }

    public RetentionSettings settings() {
        return settings;
    }

    /**
     * Runs the job now ({@code dry}: counts only) as {@code by}; fails with {@link RetentionBusyException} while
     * another run goes on.
     */
    public synchronized Future<RetentionRun> run(String by, boolean dry) {
        Objects.requireNonNull(by, "by");
        if (running != null) {
            return Future.failedFuture(new RetentionBusyException("A retention run started at "
                    + running.startedAt() + " is still going on"));
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        RetentionRun started = new RetentionRun(UUID.randomUUID().toString(), now, null, dry, by, Outcome.RUNNING,
                0, null, List.of());
        running = started;
        Promise<RetentionRun> ended = Promise.promise();
        current = ended.future();
        store.write(c -> {
            records.insert(c, started);
            return null;
        }).compose(v -> {
            RetentionPass pass = new RetentionPass(vertx, store, conversations, tickets, parts, this::forget,
                    settings.policies(), settings.batchSize(), dry, now, kept, () -> stopping);
            return pass.run().transform(ar -> finish(started, pass, ar.failed() ? ar.cause() : null));
        }).onComplete(ar -> {
            synchronized (this) {
                running = null;
            }
            ended.handle(ar);
        });
        return ended.future();
    }

    private Future<RetentionRun> finish(RetentionRun started, RetentionPass pass, Throwable failure) {
        String detail = failure != null ? failure.toString()
                : stopping ? "the node stopped: the rest waits for the next run" : null;
        RetentionRun done = new RetentionRun(started.id(), started.startedAt(), clock.instant(), started.dryRun(),
                started.startedBy(), failure == null ? Outcome.DONE : Outcome.FAILED, pass.heldSkipped(), detail,
                pass.counts());
        if (failure != null) {
            LOG.warn("Retention run {} failed: what it erased before stays erased", started.id(), failure);
        }
        return store.write(c -> {
            records.finish(c, done);
            return done;
        }).onSuccess(this::audit);
    }

    private void audit(RetentionRun run) {
        RetentionCounts total = run.total();
        AUDIT.info("Retention {}{} by {} {}: {} conversations' transcripts ({} messages), {} files, {} closed tickets "
                + "{}; {} kept under a legal hold or a restriction", run.dryRun() ? "dry run " : "run ", run.id(),
                run.startedBy(),
                run.outcome() == Outcome.DONE ? "done" : "failed", total.conversations(), total.messages(),
                total.attachments(), total.tickets(), run.dryRun() ? "would go" : "erased or anonymised",
                run.heldSkipped());
    }

    /** Forgets the conversations' words and indexes them again, so their facts (channel, status...) stay findable. */
    private Future<Void> forget(List<String> conversationIds) {
        return forgetInSearch.apply(conversationIds).compose(v -> {
            conversationIds.forEach(reindex::apply);
            return Future.<Void>succeededFuture();
        }).recover(e -> {
            // The index holds keyed fingerprints only, and a rebuild reads the erased texts as empty.
            LOG.warn("The search index could not forget erased transcripts: {}", e.toString());
            return Future.succeededFuture();
        });
    }

    /** The latest runs, newest first. */
    public Future<List<RetentionRun>> latestRuns() {
        return store.read(c -> records.latest(c, LISTED_RUNS));
    }

    /** Whether a run goes on now. */
    public boolean busy() {
        return running != null;
    }

    /** Marks runs a stopped node left unfinished, then schedules the daily run (none while every policy keeps all). */
    @Override
    public Future<Void> start() {
        return store.write(c -> records.failUnfinished(c, clock.instant())).map(n -> {
            if (!settings.policies().keepsAll()) {
                schedule();
            }
            return null;
        });
    }

    private synchronized void schedule() {
        if (stopping) {
            return;
        }
        Instant now = clock.instant();
        Instant next = LocalDate.ofInstant(now, ZoneOffset.UTC).atTime(settings.runAt()).toInstant(ZoneOffset.UTC);
        if (!next.isAfter(now)) {
            next = next.plus(Duration.ofDays(1));
        }
        runIn(Math.max(1, Duration.between(now, next).toMillis()));
    }

    /** The scheduled run after {@code millis}; one an admin's run keeps waiting is tried again ten minutes later. */
    private synchronized void runIn(long millis) {
        if (stopping) {
            return;
        }
        timer = vertx.setTimer(millis, t -> run(SCHEDULE, false).onComplete(ar -> {
            if (ar.failed() && ar.cause() instanceof RetentionBusyException) {
                runIn(BUSY_RETRY.toMillis());
            } else {
                schedule();
            }
        }));
    }

    /** Cancels the schedule; a run going on stops after its current batch, and this waits for it. */
    @Override
    public Future<Void> stop() {
        synchronized (this) {
            stopping = true;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
        }
        return current.<Void>mapEmpty().otherwiseEmpty();
    }
}
