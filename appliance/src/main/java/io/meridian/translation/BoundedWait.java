package io.meridian.translation;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeoutException;

/** A bounded wait for a translation: a page or a channel reply never waits on a slow engine longer than it may. */
final class BoundedWait {

    /** The wait is over and the translation is not done (it runs on). */
    static final class Late extends TimeoutException {
        Late(long millis) {
            super("no translation within " + millis + " ms");
        }
    }

    private BoundedWait() {
    }

    /** {@code f}, or a {@link Late} failure once {@code millis} have passed; {@code f} itself runs on. */
    static <T> Future<T> within(Vertx vertx, Future<T> f, long millis) {
        Promise<T> p = Promise.promise();
        long timer = vertx.setTimer(millis, t -> p.tryFail(new Late(millis)));
        f.onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.succeeded()) {
                p.tryComplete(ar.result());
            } else {
                p.tryFail(ar.cause());
            }
        });
        return p.future();
    }
}
