package io.meridian.search;

import io.meridian.conversation.ChatMessage;
import io.meridian.conversation.ConversationProfile;
import io.meridian.conversation.ConversationService;
import io.meridian.conversation.ConversationSummary;
import io.meridian.conversation.LanguagedMessage;
import io.meridian.lifecycle.Lifecycle;
import io.meridian.routing.RoutingService.Placement;
import io.meridian.store.TimeOrderedIds;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the search index in step with the store, off the customer's path: the pipeline's indexing stage hands each
 * stored message over and returns at once; every half second a worker thread writes what came in (messages, and the
 * conversations they touched, read again from the store) and makes it searchable. A message is findable within about
 * a second of its acknowledgement.
 * <p>
 * The index is committed every 30 seconds and at stop, with the time up to which it surely holds everything (not
 * past a catch-up still running or messages it had no room for). At start it catches up from two minutes before that
 * time (whatever was stored but not yet committed to the index when the node stopped or crashed, and conversations
 * closed, assigned or transferred since: writing a message twice replaces it), or rebuilds itself from every stored
 * message when it is new or was unreadable; a rebuild cut short by a stop goes on from the message it had reached.
 * When {@value #MAX_PENDING} messages (or {@value #MAX_PENDING_CHARS} characters) wait, the stage stops queueing and
 * the indexer reads what it missed from the store once the queue is half empty, so a flood costs memory only up to
 * that bound.
 */
public final class SearchIndexer implements Lifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(SearchIndexer.class);
    static final int MAX_PENDING = 20_000;
    /** And at most this many characters of text (about 64 MB). */
    static final long MAX_PENDING_CHARS = 32L * 1024 * 1024;
    private static final long FLUSH_EVERY_MILLIS = 500;
    private static final Duration COMMIT_EVERY = Duration.ofSeconds(30);
    private static final Duration CATCH_UP_MARGIN = Duration.ofMinutes(2);
    private static final int READ_BATCH = 500;
    private static final int CONVERSATIONS_PER_PASS = 1_000;

    /** Where conversations are now (team, assigned agent), by conversation id: routing's answer. */
    @FunctionalInterface
    public interface Placements {
        Future<Map<String, Placement>> of(List<String> conversationIds);
    }

    private final Vertx vertx;
    private final ConversationService conversations;
    private final Placements placements;
    private final Function<Instant, Future<List<String>>> routedSince;
    private final Path dir;
    private final SecretKey key;
    private final Clock clock;
    private final Queue<IndexedMessage> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final AtomicLong pendingChars = new AtomicLong();
    private final Set<String> touched = ConcurrentHashMap.newKeySet();
    /** The creation time of the oldest message the stage did not queue (the queue was full); null when none. */
    private final AtomicReference<Instant> missedSince = new AtomicReference<>();
    /** While a catch-up runs: the time up to which everything is surely in the index, and the id it read up to. */
    private volatile Instant catchUpFloor;
    private volatile String rebuildCursor;
    private volatile ConversationIndex index;
    private volatile Future<Void> running = Future.succeededFuture();
    /** The last pass queued; each pass starts when the one before it ended. */
    private Future<Void> passes = Future.succeededFuture();
    private volatile boolean flushing;
    private volatile boolean stopped;
    private Instant lastCommit;
    private long timer = -1;

    /** {@code routedSince}: the conversations routing queued, assigned or transferred since a time. */
    public SearchIndexer(Vertx vertx, ConversationService conversations, Placements placements,
            Function<Instant, Future<List<String>>> routedSince, Path dir, SecretKey key, Clock clock) {
        this.vertx = vertx;
        this.conversations = conversations;
        this.placements = placements;
        this.routedSince = routedSince;
        this.dir = dir;
        this.key = key;
        this.clock = clock;
    }

    /** The pipeline's indexing stage: queues the message and its conversation, and returns at once. */
    public Future<Void> index(LanguagedMessage message) {
        ChatMessage m = message.message();
        touched.add(m.conversationId());
        if (pendingCount.get() >= MAX_PENDING || pendingChars.get() + m.text().length() > MAX_PENDING_CHARS) {
            missedSince.accumulateAndGet(m.createdAt(), (a, b) -> a == null || b.isBefore(a) ? b : a);
        } else {
            queue(new IndexedMessage(m.id(), m.conversationId(), m.text(), m.createdAt()));
        }
        return Future.succeededFuture();
    }

    private void queue(IndexedMessage m) {
        pendingCount.incrementAndGet();
        pendingChars.addAndGet(m.text().length());
        pending.add(m);
    }

    /** The pipeline's reindexing stage: the conversation's state changed (closed, assigned, transferred). */
    public Future<Void> reindex(String conversationId) {
        touched.add(conversationId);
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> start() {
        return vertx.executeBlocking(() -> new ConversationIndex(dir, key), false).map(opened -> {
            index = opened;
            lastCommit = clock.instant();
            Instant until = opened.indexedUntil().orElse(null);
            String cursor = opened.rebuildCursor().orElse(null);
            timer = vertx.setPeriodic(FLUSH_EVERY_MILLIS, t -> flushIfIdle());
            if (opened.fresh() || until == null) {
                LOG.info("The search index is new: indexing every stored conversation in the background");
                running = catchUp("", Instant.EPOCH, null);
            } else if (cursor != null) {
                LOG.info("The search index goes on rebuilding itself from the store, after message {}", cursor);
                running = catchUp(cursor, until, null);
            } else {
                Instant since = until.minus(CATCH_UP_MARGIN);
                running = catchUp(TimeOrderedIds.before(since), since, since);
            }
            return null;
        });
    }

    /**
     * Reads what was stored after message {@code fromId} into the index, and the conversations that changed since
     * {@code changedSince} (if not null). Until it is done, commits record {@code floor} as the time up to which
     * everything is in, with the id read up to, so a restart goes on from there.
     */
    private Future<Void> catchUp(String fromId, Instant floor, Instant changedSince) {
        catchUpFloor = floor;
        rebuildCursor = fromId;
        Future<Void> changed = changedSince == null ? Future.succeededFuture()
                : conversations.activeSince(changedSince, 100_000)
                        .compose(ids -> routedSince.apply(changedSince).map(routed -> {
                            touched.addAll(ids);
                            touched.addAll(routed);
                            return (Void) null;
                        }));
        return changed.compose(v -> readAfter(fromId)).map(v -> {
            catchUpFloor = null;
            rebuildCursor = null;
            return (Void) null;
        }).recover(e -> {
            // The floor stays: the next start reads again from where this one could not go on.
            LOG.warn("The search index could not catch up with the store: {}", e.toString());
            return Future.succeededFuture();
        });
    }

    private Future<Void> readAfter(String fromId) {
        if (stopped) {
            return Future.failedFuture(new IllegalStateException("stopping"));
        }
        return conversations.messagesAfter(fromId, READ_BATCH).compose(batch -> {
            for (ChatMessage m : batch) {
                queue(new IndexedMessage(m.id(), m.conversationId(), m.text(), m.createdAt()));
                touched.add(m.conversationId());
            }
            Future<Void> written = flush();
            if (batch.isEmpty()) {
                return written;
            }
            String last = batch.get(batch.size() - 1).id();
            // Only once the batch is written may a commit say the rebuild got this far.
            Future<Void> recorded = written.map(v -> {
                rebuildCursor = last;
                return null;
            });
            return batch.size() < READ_BATCH ? recorded : recorded.compose(v -> readAfter(last));
        });
    }

    private void flushIfIdle() {
        if (flushing || stopped) {
            return;
        }
        Instant missed = missedSince.get();
        if (missed != null && pendingCount.get() < MAX_PENDING / 2 && running.isComplete()) {
            missedSince.compareAndSet(missed, null);
            // The id of a message is made a little before its time is recorded: start well before.
            Instant since = missed.minus(CATCH_UP_MARGIN);
            LOG.info("The search index reads the messages it had no room for, from {}", since);
            running = catchUp(TimeOrderedIds.before(since), since, null);
            return;
        }
        if (!pending.isEmpty() || !touched.isEmpty()) {
            flush();
        }
    }

    /** Up to when everything is surely in the index now: what a commit records. */
    private Instant indexedUntil(Instant now) {
        Instant until = now;
        Instant floor = catchUpFloor;
        if (floor != null && floor.isBefore(until)) {
            until = floor;
        }
        Instant missed = missedSince.get();
        if (missed != null && missed.minus(CATCH_UP_MARGIN).isBefore(until)) {
            until = missed.minus(CATCH_UP_MARGIN);
        }
        return until;
    }

    /** Writes what is queued; completes when it is searchable. One pass at a time: a pass waits for the one before. */
    private Future<Void> flush() {
        return inTurn(this::pass).recover(e -> {
            LOG.warn("The search index could not be written: {}", e.toString());
            return Future.succeededFuture();
        });
    }

    /**
     * Removes an erased customer's conversations (their words, names and messages) from the index, after writing
     * what is queued, and commits at once so a restart cannot bring them back. Fails if the index cannot be written.
     */
    public Future<Void> forget(List<String> conversationIds) {
        List<String> ids = List.copyOf(conversationIds);
        return flush().compose(v -> inTurn(() -> {
            ConversationIndex idx = index;
            if (idx == null || ids.isEmpty()) {
                return Future.succeededFuture();
            }
            ids.forEach(touched::remove);
            return blocking(() -> {
                for (String id : ids) {
                    idx.forget(id);
                }
                idx.refresh();
                Instant now = clock.instant();
                idx.commit(indexedUntil(now), rebuildCursor);
                lastCommit = now;
                return null;
            });
        }));
    }

    /** Runs {@code work} once every pass before it ended; one at a time. */
    private synchronized Future<Void> inTurn(java.util.function.Supplier<Future<Void>> work) {
        Promise<Void> done = Promise.promise();
        Future<Void> before = passes;
        passes = done.future().recover(e -> Future.succeededFuture());
        before.onComplete(v -> work.get().onComplete(done));
        return done.future();
    }

    private Future<Void> pass() {
        ConversationIndex idx = index;
        if (idx == null) {
            return Future.succeededFuture();
        }
        flushing = true;
        List<IndexedMessage> messages = new ArrayList<>();
        for (IndexedMessage m; (m = pending.poll()) != null; ) {
            pendingCount.decrementAndGet();
            pendingChars.addAndGet(-m.text().length());
            messages.add(m);
        }
        List<String> ids = new ArrayList<>();
        for (String id : touched) {
            if (ids.size() == CONVERSATIONS_PER_PASS) {
                break;
            }
            touched.remove(id);
            ids.add(id);
        }
        return describe(ids).compose(described -> blocking(() -> {
            idx.addMessages(messages);
            idx.putConversations(described);
            idx.refresh();
            Instant now = clock.instant();
            if (Duration.between(lastCommit, now).compareTo(COMMIT_EVERY) >= 0) {
                idx.commit(indexedUntil(now), rebuildCursor);
                lastCommit = now;
            }
            return null;
        })).onComplete(ar -> {
            if (ar.failed()) {
                // Nothing is lost: the next pass tries again with what this one took.
                messages.forEach(this::queue);
                touched.addAll(ids);
            }
            flushing = false;
        }).mapEmpty();
    }

    /** The conversations as the index holds them, read again from the store (and routing). */
    private Future<List<IndexedConversation>> describe(List<String> ids) {
        if (ids.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        return conversations.profiles(ids).compose(profiles -> placements.of(ids).map(where -> {
            List<IndexedConversation> out = new ArrayList<>(profiles.size());
            for (ConversationProfile p : profiles) {
                ConversationSummary s = p.summary();
                Placement placed = where.get(s.id());
                Instant activity = s.lastMessageAt() != null ? s.lastMessageAt() : s.createdAt();
                out.add(new IndexedConversation(s.id(), s.contactId(), s.status().name(), s.channel(), placed == null ? null : placed.teamId(),
                        placed == null ? null : placed.assignedAgentId(), p.language(), p.region(), s.contactName(), s.createdAt(), activity));
            }
            return out;
        }));
    }

    /** Runs {@code work} against the index on a worker thread. */
    <T> Future<T> blocking(Callable<T> work) {
        return vertx.executeBlocking(work, false);
    }

    /** The index, once started; null before. */
    ConversationIndex index() {
        return index;
    }

    /** Completes once everything handed over so far (and the catch-up, if running) is searchable. For tests. */
    public Future<Void> settled() {
        return running.compose(v -> flush());
    }

    @Override
    public Future<Void> stop() {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        ConversationIndex idx = index;
        if (idx == null) {
            return Future.succeededFuture();
        }
        return running.eventually(this::flush).compose(v -> blocking(() -> {
            index = null; // searches from now on are refused, not run on a closed index
            try {
                idx.commit(indexedUntil(clock.instant()), rebuildCursor);
            } finally {
                idx.close();
            }
            return null;
        })).recover(e -> {
            LOG.warn("The search index did not close cleanly (it catches up at the next start): {}", e.toString());
            return Future.succeededFuture();
        }).mapEmpty();
    }

}
