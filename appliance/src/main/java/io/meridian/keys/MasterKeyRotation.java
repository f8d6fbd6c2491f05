package io.meridian.keys;

import io.meridian.backup.Backups;
import io.meridian.crypto.DataKeys;
import io.meridian.crypto.KeyVault;
import io.meridian.crypto.RewrapBatch;
import io.meridian.lifecycle.Lifecycle;
import io.meridian.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rotates the master key while the node serves. The key store first gets a new master key with the old one kept
 * beside it (one atomic file replacement), and from then on new data keys are wrapped under the new key while the old
 * still opens what it wrapped. The owners of wrapped keys then re-wrap theirs — the customers' data keys in batches,
 * each one short store write so chat keeps its pace, then the connector instances' keys and the sign-in secrets — and
 * the old key is deleted from the key store. From that moment nothing wrapped under it, in this store or in any
 * backup made before, opens again: that is what makes an erasure reach old backups.
 * <p>
 * A node stopped during a rotation finds the old key beside the new one at its next start and finishes the rotation
 * there. Backups wait while it runs (an archive must hold keys wrapped under one master key only).
 */
public final class MasterKeyRotation implements Lifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(MasterKeyRotation.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("audit");
    static final int BATCH = 500;
    /** Passes over every wrapped key before the rotation gives up and keeps the previous key. */
    static final int MAX_PASSES = 4;

    /** The customers' data keys: up to {@code limit} after an id ("" first), in one store write. */
    @FunctionalInterface
    public interface BatchRewrap {
        Future<RewrapBatch> rewrap(String afterId, int limit);
    }

    /** What the rotation stands at, for JMX and the answer of {@code bin/meridian rotate-master-key}. */
    public record State(boolean running, long contactsVisited, long contactsRewrapped, Instant startedAt,
            Instant finishedAt, String failure) {
    }

    private final Vertx vertx;
    private final Store store;
    private final DataKeys masterKeys;
    private final Path keyStore;
    private final Supplier<char[]> password;
    private final Backups backups;
    private final BatchRewrap contacts;
    private final List<Supplier<Future<Integer>>> others;
    private final Clock clock;
    private final AtomicReference<State> state = new AtomicReference<>(new State(false, 0, 0, null, null, null));
    private final AtomicLong visited = new AtomicLong();
    private final AtomicLong rewrapped = new AtomicLong();
    private volatile boolean stopping;

    /**
     * {@code password}: the key store's password, read again when needed (as at start); {@code others}: the owners
     * of the few other wrapped keys and sealed secrets, each re-wrapping all of theirs in one write.
     */
    public MasterKeyRotation(Vertx vertx, Store store, DataKeys masterKeys, Path keyStore, Supplier<char[]> password,
            Backups backups, BatchRewrap contacts, List<Supplier<Future<Integer>>> others, Clock clock) {
        this.vertx = vertx;
        this.store = store;
        this.masterKeys = masterKeys;
        this.keyStore = keyStore;
        this.password = password;
        this.backups = backups;
        this.contacts = contacts;
        this.others = List.copyOf(others);
        this.clock = clock;
    }

    /** Finishes a rotation a stopped node left halfway, in the background. */
    @Override
    public Future<Void> start() {
        if (masterKeys.previousMasterKey().isPresent()) {
            if (!backups.keyRotationBegins()) {
                return Future.failedFuture(new IllegalStateException("a backup runs at start"));
            }
            LOG.warn("A master key rotation was not finished before the node stopped; finishing it now");
            state.set(new State(true, 0, 0, clock.instant(), null, null));
            rewrapAll().onComplete(ar -> finished(ar.cause(), "resumed at start"));
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> stop() {
        stopping = true;
        return Future.succeededFuture();
    }

    public State state() {
        State s = state.get();
        return s.running() ? new State(true, visited.get(), rewrapped.get(), s.startedAt(), null, null) : s;
    }

    /**
     * Rotates the master key; completes once the old key is destroyed, with where it stands. A rotation that
     * stopped on a failure is finished instead (no new key). Fails with {@link IllegalStateException} while a
     * rotation or a backup runs.
     */
    public synchronized Future<State> rotate(String by) {
        if (state.get().running()) {
            return Future.failedFuture(new IllegalStateException("A master key rotation is running already"));
        }
        if (!backups.keyRotationBegins()) {
            return Future.failedFuture(new IllegalStateException("A backup is being made: rotate once it is done"));
        }
        visited.set(0);
        rewrapped.set(0);
        state.set(new State(true, 0, 0, clock.instant(), null, null));
        boolean resuming = masterKeys.previousMasterKey().isPresent();
        AUDIT.info("Master key rotation {} by {}", resuming ? "resumed" : "started", by);
        Future<Void> begun = resuming ? Future.succeededFuture() : vertx.executeBlocking(() -> {
            char[] secret = password.get();
            try {
                return KeyVault.beginMasterRotation(keyStore, secret);
            } finally {
                Arrays.fill(secret, '\0');
            }
        }, false).compose(next -> store.write(c -> {
            // In the writer's order: every write queued before wrapped under the old key and commits before the
            // sweep reads, every later one wraps under the new key. A key wrapped outside a write would escape this.
            masterKeys.rotateTo(next);
            return null;
        }));
        return begun.compose(v -> rewrapAll()).transform(ar -> {
            finished(ar.cause(), by);
            return ar.succeeded() ? Future.succeededFuture(state.get()) : Future.failedFuture(ar.cause());
        });
    }

    /**
     * Every owner re-wraps under the current key, pass after pass until one changes nothing (the first normally does:
     * the second proves it), then the previous key leaves the key store and memory.
     */
    private Future<Void> rewrapAll() {
        return pass(1).compose(v -> vertx.executeBlocking(() -> {
            char[] secret = password.get();
            try {
                KeyVault.finishMasterRotation(keyStore, secret);
            } finally {
                Arrays.fill(secret, '\0');
            }
            return null;
        }, false)).onSuccess(v -> masterKeys.retirePrevious()).mapEmpty();
    }

    private Future<Void> pass(int number) {
        long before = rewrapped.get();
        visited.set(0); // customers' keys seen in this pass: all of them, once
        AtomicLong othersChanged = new AtomicLong();
        Promise<Void> swept = Promise.promise();
        batch("", swept);
        Future<Void> all = swept.future();
        for (Supplier<Future<Integer>> owner : others) {
            all = all.compose(v -> owner.get()).map(n -> {
                othersChanged.addAndGet(n);
                return null;
            });
        }
        return all.compose(v -> {
            if (rewrapped.get() == before && othersChanged.get() == 0) {
                return Future.succeededFuture();
            }
            if (number == MAX_PASSES) {
                return Future.failedFuture(new IllegalStateException("keys were still found under the previous "
                        + "master key after " + MAX_PASSES + " passes; the previous key is kept"));
            }
            return pass(number + 1);
        });
    }

    /**
     * One batch, then, after a rest as long as the batch took, the next: the store's writer and the two cores are
     * chat's at least half the time (docs/benchmarks.md).
     */
    private void batch(String afterId, Promise<Void> done) {
        if (stopping) {
            done.fail(new IllegalStateException("the node stopped; the rotation finishes at its next start"));
            return;
        }
        long started = System.nanoTime();
        contacts.rewrap(afterId, BATCH).onComplete(ar -> {
            if (ar.failed()) {
                done.fail(ar.cause());
            } else {
                visited.addAndGet(ar.result().visited());
                rewrapped.addAndGet(ar.result().rewrapped());
                if (ar.result().lastId() == null) {
                    done.complete();
                } else {
                    long rest = Math.max(1, (System.nanoTime() - started) / 1_000_000);
                    vertx.setTimer(rest, t -> batch(ar.result().lastId(), done));
                }
            }
        });
    }

    private void finished(Throwable failure, String by) {
        backups.keyRotationEnded();
        Instant started = state.get().startedAt();
        if (failure == null) {
            state.set(new State(false, visited.get(), rewrapped.get(), started, clock.instant(), null));
            AUDIT.info("Master key rotation ({}) finished: the previous master key is destroyed", by);
        } else {
            state.set(new State(false, visited.get(), rewrapped.get(), started, clock.instant(),
                    String.valueOf(failure.getMessage())));
            LOG.error("The master key rotation stopped before its end; the previous key is kept and the next start "
                    + "finishes it: {}", failure.toString());
        }
    }
}
