package io.meridian.translation;

import io.meridian.spi.DataEgress;
import io.meridian.spi.translation.LanguagePair;
import io.meridian.spi.translation.TranslationRequest;
import io.meridian.spi.translation.TranslationResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A scripted engine for the choice and residency rules: it records every request it receives (so a test can prove
 * that a refused engine never saw the text) and answers with a function of the request, after an optional delay.
 */
final class FakeEngine implements TranslationEngine {

    final String id;
    final DataEgress egress;
    final Set<LanguagePair> pairs;
    final List<TranslationRequest> received = Collections.synchronizedList(new ArrayList<>());
    volatile Function<TranslationRequest, TranslationResult> answer;
    volatile long delayMillis;
    volatile boolean running = true;
    private final Vertx vertx;

    FakeEngine(Vertx vertx, String id, DataEgress egress, Set<LanguagePair> pairs,
            Function<TranslationRequest, TranslationResult> answer) {
        this.vertx = vertx;
        this.id = id;
        this.egress = egress;
        this.pairs = pairs;
        this.answer = answer;
    }

    /** Upper-cases the text but puts each protected span's output in its place, like a real engine. */
    static Function<TranslationRequest, TranslationResult> shouting(String engine) {
        return r -> {
            StringBuilder out = new StringBuilder();
            int at = 0;
            for (var span : r.protectedSpans()) {
                out.append(r.text().substring(at, span.start()).toUpperCase(java.util.Locale.ROOT)).append(span.output());
                at = span.end();
            }
            out.append(r.text().substring(at).toUpperCase(java.util.Locale.ROOT));
            return TranslationResult.direct(out.toString(), 0.8, engine);
        };
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public Optional<DataEgress> egress() {
        return Optional.ofNullable(egress);
    }

    @Override
    public Future<Set<LanguagePair>> supportedPairs() {
        return Future.succeededFuture(pairs);
    }

    @Override
    public Future<TranslationResult> translate(TranslationRequest request) {
        received.add(request);
        Promise<TranslationResult> p = Promise.promise();
        Runnable reply = () -> {
            try {
                p.complete(answer.apply(request));
            } catch (RuntimeException e) {
                p.fail(e);
            }
        };
        if (delayMillis > 0) {
            vertx.setTimer(delayMillis, t -> reply.run());
        } else {
            reply.run();
        }
        return p.future();
    }
}
