package io.meridian.translation;

import io.meridian.spi.translation.GlossaryTerm;
import io.meridian.spi.translation.LanguagePair;
import io.meridian.spi.translation.ProtectedSpan;
import io.meridian.spi.translation.TranslationRequest;
import io.meridian.spi.translation.TranslationResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates one text from one language into another with the best engine allowed to: engines are tried in the order
 * of {@code translation.preferred-providers}, then the other running engines by id, skipping those that do not serve
 * the pair and, for a region whose residency policy forbids egress, those that are not local. The text never reaches
 * a refused engine (only its list of pairs is asked). The request carries the protected spans (order numbers, URLs,
 * e-mail addresses, amounts and the pair's glossary terms, found once by the SPI's {@code ProtectedSpans}); an answer
 * that lost one of them, is blank or is far too long counts as garbage and the next engine is tried.
 * <p>
 * The whole attempt is bounded by {@code translation.timeout-millis}; past it the answer is {@link
 * Translation.Outcome#FAILED} (retryable) and the caller delivers the original, flagged. Never fails its future.
 */
public final class TranslationService {

    private static final Logger LOG = LoggerFactory.getLogger(TranslationService.class);

    private final Vertx vertx;
    private final TranslationSettings settings;
    private final ResidencyPolicy residency;
    private final Supplier<List<TranslationEngine>> engines;

    public TranslationService(Vertx vertx, TranslationSettings settings, Supplier<List<TranslationEngine>> engines) {
        this.vertx = vertx;
        this.settings = settings;
        this.residency = new ResidencyPolicy(settings.forbidEgressRegions());
        this.engines = engines;
    }

    public TranslationSettings settings() {
        return settings;
    }

    public ResidencyPolicy residency() {
        return residency;
    }

    /**
     * Translates {@code text}.
     *
     * @param region   the customer's region (the contact's, else the node's) for the residency policy
     * @param glossary the pair's glossary terms (approved translations and do-not-translate terms)
     */
    public Future<Translation> translate(String text, String source, String target, String region,
            List<GlossaryTerm> glossary) {
        if (!settings.enabled()) {
            return Future.succeededFuture(Translation.none(Translation.Outcome.DISABLED, "translation is off"));
        }
        LanguagePair pair;
        try {
            if (primary(source).equals(primary(target))) {
                return Future.succeededFuture(Translation.none(Translation.Outcome.SAME_LANGUAGE, null));
            }
            pair = LanguagePair.of(source, target);
        } catch (RuntimeException e) {
            return Future.succeededFuture(Translation.none(Translation.Outcome.NO_ENGINE,
                    "not a language pair: " + source + " -> " + target));
        }
        // The request finds the protected spans (order numbers, URLs, amounts, glossary terms) once, for every engine.
        TranslationRequest request = new TranslationRequest(text, pair.source(), pair.target(), glossary);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.timeoutMillis());
        Attempt attempt = new Attempt(request, region, deadline, ordered());
        Promise<Translation> done = Promise.promise();
        attempt.next(done);
        return done.future().timeout(settings.timeoutMillis() + 50, TimeUnit.MILLISECONDS)
                .recover(e -> Future.succeededFuture(Translation.none(Translation.Outcome.FAILED,
                        "no engine answered within " + settings.timeoutMillis() + " ms")));
    }

    /** The running engines in order of preference. */
    List<TranslationEngine> ordered() {
        List<String> preferred = settings.preferredProviders();
        return engines.get().stream().filter(TranslationEngine::isRunning)
                .sorted(Comparator.<TranslationEngine>comparingInt(e -> {
                    int i = preferred.indexOf(e.id());
                    return i < 0 ? Integer.MAX_VALUE : i;
                }).thenComparing(TranslationEngine::id))
                .toList();
    }

    /** Why an engine's answer is unusable, or null if it is fine. */
    static String garbage(TranslationRequest request, TranslationResult result) {
        String original = request.text();
        String out = result == null ? null : result.text();
        if (out == null || out.isBlank()) {
            return "empty translation";
        }
        if (out.indexOf('\uFFFD') >= 0) {
            return "broken characters";
        }
        if (out.length() > 10 * Math.max(20, original.length())) {
            return "translation far longer than the original";
        }
        for (ProtectedSpan span : request.protectedSpans()) {
            if (!out.contains(span.output())) {
                return "protected token or glossary term lost";
            }
        }
        return null;
    }

    private static String primary(String tag) {
        String normal = LanguagePair.normalizeTag(tag);
        int dash = normal.indexOf('-');
        // zh-CN and zh-TW are different written languages; other regional variants translate as one
        return normal.startsWith("zh") ? normal : (dash < 0 ? normal : normal.substring(0, dash)).toLowerCase(Locale.ROOT);
    }

    /** One translation walking the engines in order. */
    private final class Attempt {
        private final TranslationRequest request;
        private final String region;
        private final long deadline;
        private final List<TranslationEngine> queue;
        private final List<TranslationEngine> refused = new ArrayList<>();
        private int index;
        private boolean anyServed;
        private String lastFailure;

        Attempt(TranslationRequest request, String region, long deadline, List<TranslationEngine> queue) {
            this.request = request;
            this.region = region;
            this.deadline = deadline;
            this.queue = queue;
        }

        void next(Promise<Translation> done) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (index >= queue.size() || left <= 0) {
                finish(done, left <= 0);
                return;
            }
            TranslationEngine engine = queue.get(index++);
            if (!residency.allows(region, engine.egress())) {
                refused.add(engine);
                next(done);
                return;
            }
            engine.supportedPairs().timeout(left, TimeUnit.MILLISECONDS).compose(pairs -> {
                if (!pairs.contains(request.pair())) {
                    return Future.succeededFuture((Translation) null);
                }
                anyServed = true;
                long remaining = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                return engine.translate(request).timeout(remaining, TimeUnit.MILLISECONDS).map(result -> {
                    String why = garbage(request, result);
                    if (why != null) {
                        lastFailure = engine.id() + ": " + why;
                        LOG.warn("Translation engine {} gave an unusable {} answer: {}", engine.id(), request.pair(),
                                why);
                        return null;
                    }
                    return Translation.done(result.text(), engine.id(), result.confidence(), result.via());
                });
            }).onComplete(ar -> {
                if (ar.succeeded() && ar.result() != null) {
                    done.tryComplete(ar.result());
                    return;
                }
                if (ar.failed()) {
                    lastFailure = engine.id() + ": " + ar.cause().getClass().getSimpleName();
                    anyServed = true; // it may serve the pair; it could not say
                    LOG.warn("Translation engine {} failed on {}: {}", engine.id(), request.pair(),
                            ar.cause().toString());
                }
                next(done);
            });
        }

        private void finish(Promise<Translation> done, boolean outOfTime) {
            if (anyServed || outOfTime) {
                done.tryComplete(Translation.none(Translation.Outcome.FAILED,
                        lastFailure != null ? lastFailure : "timed out"));
                return;
            }
            if (refused.isEmpty()) {
                done.tryComplete(Translation.none(Translation.Outcome.NO_ENGINE, "no engine for " + request.pair()));
                return;
            }
            // Only refused engines are left: say "egress refused" if one of them would have served the pair.
            Future.all(refused.stream().map(e -> e.supportedPairs()
                    .timeout(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())),
                            TimeUnit.MILLISECONDS)
                    .map(p -> p.contains(request.pair())).otherwise(Boolean.TRUE)).toList())
                    .onComplete(ar -> {
                        boolean wouldServe = ar.succeeded() && ar.result().list().stream().anyMatch(Boolean.TRUE::equals);
                        done.tryComplete(wouldServe
                                ? Translation.none(Translation.Outcome.EGRESS_REFUSED,
                                        "egress refused: region " + region + " keeps its data on site")
                                : Translation.none(Translation.Outcome.NO_ENGINE, "no engine for " + request.pair()));
                    });
        }
    }

}
