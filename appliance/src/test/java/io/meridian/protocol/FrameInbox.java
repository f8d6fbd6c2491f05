package io.meridian.protocol;

import io.meridian.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The JSON text frames one WebSocket received, kept until a test step claims them. Frames a step does not ask for
 * (such as the echo of a visitor's own message) stay unclaimed, as a real client would ignore or deduplicate them.
 * Frames arrive on the socket's event loop and are claimed from the test thread, hence the locking.
 */
final class FrameInbox {

    private final List<JsonObject> unclaimed = new ArrayList<>();
    private final List<String> seen = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();

    private record Waiter(Predicate<JsonObject> match, Promise<JsonObject> promise) {
    }

    synchronized void accept(String text) {
        seen.add(text);
        JsonObject frame;
        try {
            frame = new JsonObject(text);
        } catch (RuntimeException e) {
            // Both protocols promise JSON objects; keep the raw text so the failing step shows what came instead.
            frame = new JsonObject().put("type", "<not json>").put("raw", text);
        }
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (w.match().test(frame)) {
                it.remove();
                w.promise().complete(frame);
                return;
            }
        }
        unclaimed.add(frame);
    }

    /** The first unclaimed frame matching {@code match}, now or when it arrives. */
    synchronized Future<JsonObject> next(Predicate<JsonObject> match) {
        for (Iterator<JsonObject> it = unclaimed.iterator(); it.hasNext(); ) {
            JsonObject frame = it.next();
            if (match.test(frame)) {
                it.remove();
                return Future.succeededFuture(frame);
            }
        }
        Promise<JsonObject> promise = Promise.promise();
        waiters.add(new Waiter(match, promise));
        return promise.future();
    }

    /** Blocks until a matching frame arrives; on timeout the error lists every frame seen, to show what came instead. */
    JsonObject expect(Predicate<JsonObject> match, String what) {
        Future<JsonObject> future = next(match);
        try {
            return Await.result(future, what);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; frames received: " + seen(), e);
        }
    }

    synchronized List<String> seen() {
        return List.copyOf(seen);
    }

    synchronized List<JsonObject> unclaimed() {
        return List.copyOf(unclaimed);
    }

    static Predicate<JsonObject> ofType(String type) {
        return frame -> type.equals(frame.getString("type"));
    }
}
