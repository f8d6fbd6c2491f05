package io.meridian.translation;

import io.meridian.conversation.ContactRestrictions;
import io.meridian.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * A translation that failed (engine down, slow, garbage) is stored as FAILED, which the console shows as a flag, and
 * retried in the background every {@code everyMillis} up to {@value #MAX_ATTEMPTS} attempts.
 */
final class RetrySchedule {

    static final int MAX_ATTEMPTS = 5;

    private final Vertx vertx;
    private final ContactRestrictions restrictions;
    private final Store store;
    private final StoredTranslations stored;
    private final long everyMillis;
    private long timer = -1;

    RetrySchedule(Vertx vertx, Store store, StoredTranslations stored, long everyMillis,
            ContactRestrictions restrictions) {
        this.restrictions = restrictions;
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

    /**
     * Retries the translations that failed, once each, but no customer message of a customer who restricted the
     * processing of their data since; the number retried.
     */
    Future<Integer> retryFailed() {
        return store.read(c -> TranslationRecords.toRetry(c, MAX_ATTEMPTS)).compose(rows -> {
            List<Future<Boolean>> restricted = rows.stream().map(row -> "INBOUND".equals(row.direction())
                    ? restrictions.conversationRestricted(row.conversationId()) : Future.succeededFuture(false))
                    .toList();
            return Future.all(restricted).compose(v -> {
                List<TranslationRecords.Row> allowed = new ArrayList<>();
                for (int i = 0; i < rows.size(); i++) {
                    if (!restricted.get(i).result()) {
                        allowed.add(rows.get(i));
                    }
                }
                return StoredTranslations.inTurn(allowed, row -> stored.translate(row.messageId(), row.source(),
                        row.target(), row.direction(), row.attempts() + 1));
            });
        });
    }
}
