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
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the search index in step with the store, off the customer's path: the pipeline's indexing stage hands each
 * stored message over and returns at once; every half second a worker thread writes what came in (messages, and the
 * conversations they touched, read again from the store) and makes it searchable. A message is findable within about
 * a second of its acknowledgement.
 * <p>
 * The index is committed every 30 seconds and at stop, with the time up to which it holds everything. At start it
 * catches up from two minutes before that time (whatever was stored but not yet committed to the index when the node
 * stopped or crashed: writing a message twice replaces it), or rebuilds itself from every stored message when it is
 * new or was unreadable. When more than {@value #MAX_PENDING} messages wait, the stage stops queueing and the
 * indexer reads what it missed from the store once it has caught up, so a flood costs memory only up to that bound.
 */
public final class SearchIndexer implements Lifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(SearchIndexer.class);
    static final int MAX_PENDING = 20_000;
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
    private final Path dir;
    private final SecretKey key;
    private final Clock clock;
    private final Queue<IndexedMessage> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final Set<String> touched = ConcurrentHashMap.newKeySet();
    /** The creation time of the oldest message the stage did not queue (the queue was full); null when none. */
    private final AtomicReference<Instant> missedSince = new AtomicReference<>();
    private volatile ConversationIndex index;
    private volatile Future<Void> running = Future.succeededFuture();
    /** The last pass queued; each pass starts when the one before it ended. */
    private Future<Void> passes = Future.succeededFuture();
    private volatile boolean flushing;
    private volatile boolean stopped;
    private Instant lastCommit;
    private long timer = -1;

    public SearchIndexer(Vertx vertx, ConversationService conversations, Placements placements, Path dir,
            SecretKey key, Clock clock) {
        this.vertx = vertx;
        this.conversations = conversations;
        this.placements = placements;
        this.dir = dir;
        this.key = key;
        this.clock = clock;
    }

    /** The pipeline's indexing stage: queues the message and its conversation, and returns at once. */
    public Future<Void> index(LanguagedMessage message) {
        ChatMessage m = message.message();
        touched.add(m.conversationId());
        if (pendingCount.incrementAndGet() > MAX_PENDING) {
            pendingCount.decrementAndGet();
            missedSince.accumulateAndGet(m.createdAt(), (a, b) -> a == null || b.isBefore(a) ? b : a);
        } else {
            pending.add(new IndexedMessage(m.id(), m.conversationId(), m.text(), m.createdAt()));
        }
        return Future.succeededFuture();
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
            String from = opened.fresh() || until == null ? "" : TimeOrderedIds.before(until.minus(CATCH_UP_MARGIN));
            if (from.isEmpty()) {
                LOG.info("The search index is new: indexing every stored conversation in the background");
            }
            timer = vertx.setPeriodic(FLUSH_EVERY_MILLIS, t -> flushIfIdle());
            running = catchUp(from, until == null ? null : until.minus(CATCH_UP_MARGIN));
            return null;
        });
    }

    /** Reads what was stored after {@code fromId} (and conversations active since {@code since}) into the index. */
    private Future<Void> catchUp(String fromId, Instant since) {
        Future<Void> conversationsActive = since == null ? Future.succeededFuture()
                : conversations.activeSince(since, 100_000).map(ids -> {
                    touched.addAll(ids);
                    return null;
                });
        return conversationsActive.compose(v -> readAfter(fromId)).recover(e -> {
            LOG.warn("The search index could not catch up with the store: {}", e.toString());
            return Future.succeededFuture();
        });
    }

    private Future<Void> readAfter(String fromId) {
        if (stopped) {
            return Future.succeededFuture();
        }
        return conversations.messagesAfter(fromId, READ_BATCH).compose(batch -> {
            for (ChatMessage m : batch) {
                pending.add(new IndexedMessage(m.id(), m.conversationId(), m.text(), m.createdAt()));
                pendingCount.incrementAndGet();
                touched.add(m.conversationId());
            }
            Future<Void> written = flush();
            if (batch.size() < READ_BATCH) {
                return written;
            }
            String last = batch.get(batch.size() - 1).id();
            return written.compose(v -> readAfter(last));
        });
    }

    private void flushIfIdle() {
        if (flushing || stopped) {
            return;
        }
        Instant missed = missedSince.get();
        if (missed != null && pendingCount.get() == 0 && running.isComplete()) {
            missedSince.compareAndSet(missed, null);
            LOG.info("The search index reads the messages it had no room for, from {}", missed);
            running = readAfter(TimeOrderedIds.before(missed));
            return;
        }
        if (!pending.isEmpty() || !touched.isEmpty()) {
            flush();
        }
    }

    /** Writes what is queued; completes when it is searchable. One pass at a time: a pass waits for the one before. */
    private synchronized Future<Void> flush() {
        Promise<Void> done = Promise.promise();
        Future<Void> before = passes;
        passes = done.future();
        before.onComplete(v -> pass().onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("The search index could not be written: {}", ar.cause().toString());
            }
            done.complete();
        }));
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
                idx.commit(now);
                lastCommit = now;
            }
            return null;
        })).onComplete(ar -> {
            if (ar.failed()) {
                // Nothing is lost: the next pass tries again with what this one took.
                pending.addAll(messages);
                pendingCount.addAndGet(messages.size());
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
            try {
                idx.commit(clock.instant());
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
