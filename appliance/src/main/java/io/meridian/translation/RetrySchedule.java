package io.meridian.translation;

import io.meridian.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * A translation that failed (engine down, slow, garbage) is stored as FAILED, which the console shows as a flag, and
 * retried in the background every {@code everyMillis} up to {@value #MAX_ATTEMPTS} attempts.
 */
final class RetrySchedule {

    static final int MAX_ATTEMPTS = 5;

    private final Vertx vertx;
    private final Store store;
    private final StoredTranslations stored;
    private final long everyMillis;
    private long timer = -1;

    RetrySchedule(Vertx vertx, Store store, StoredTranslations stored, long everyMillis) {
        this.vertx = vertx;
        this.store = store;
        this.stored = stored;
        this.everyMillis = everyMillis;
    }

    void start() {
        timer = vertx.setPeriodic(everyMillis, t -> retryFailed());
    }

    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Retries the translations that failed, once each; the number retried. */
    Future<Integer> retryFailed() {
        return store.read(c -> TranslationRecords.toRetry(c, MAX_ATTEMPTS)).compose(rows -> StoredTranslations.inTurn(
                rows, row -> stored.translate(row.messageId(), row.source(), row.target(), row.direction(),
                        row.attempts() + 1)));
    }
}
