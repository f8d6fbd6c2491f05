package io.meridian.language;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one language detector. Loading the Lingua models takes seconds, so the node starts serving first and
 * the models load afterwards on a thread of their own. Until they are loaded (or if loading failed) {@link #detect}
 * answers from the hints alone, with the hint as source; {@link #settled()} tells when the real detector is in place.
 */
public final class LanguageDetection implements LanguageDetector {

    private static final Logger LOG = LoggerFactory.getLogger(LanguageDetection.class);
    private final LongAdder detections = new LongAdder();

    private final Promise<Void> settled = Promise.promise();
    private volatile LanguageDetector delegate;

    private LanguageDetection() {
    }

    /** A detection whose models are not loaded yet: it answers from the hints until {@link #load} has finished. */
    public static LanguageDetection pending() {
        return new LanguageDetection();
    }

    /**
     * Loads the models the settings describe on a thread of its own (a daemon; loading takes seconds and would hold a
     * shared worker the whole time), then answers from the text. Call once.
     */
    public LanguageDetection load(DetectionSettings settings) {
        long started = System.nanoTime();
        Thread loader = new Thread(() -> {
            try {
                LinguaLanguageDetector detector = LinguaLanguageDetector.withSettings(settings);
                delegate = detector;
                LOG.info("Language detection ready: {} languages, {} accuracy, models loaded in {} ms",
                        settings.languages().size(), settings.accuracy().name().toLowerCase(java.util.Locale.ROOT),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            } catch (RuntimeException | Error e) {
                LOG.error("Language detection could not load its models; messages take the contact's or the "
                        + "browser's language until the node restarts", e);
            } finally {
                settled.tryComplete();
            }
        }, "meridian-language-models");
        loader.setDaemon(true);
        loader.start();
        return this;
    }

    /** A detection that is in place at once (for tests and tools that built their detector already). */
    public static LanguageDetection of(LanguageDetector detector) {
        LanguageDetection detection = new LanguageDetection();
        detection.delegate = detector;
        detection.settled.complete();
        return detection;
    }

    /** Completes (never fails) once the models are loaded, or could not be. */
    public Future<Void> settled() {
        return settled.future();
    }

    /** Whether the models are loaded, so that answers rest on the text. */
    public boolean isReady() {
        return delegate != null;
    }

    /** How many texts this node has detected the language of since it started. */
    public long detections() {
        return detections.sum();
    }

    @Override
    public DetectedLanguage detect(String text, LanguageHints hints) {
        detections.increment();
        LanguageDetector detector = delegate;
        if (detector == null) {
            return HintFallback.of(hints).orElseGet(DetectedLanguage::unknown);
        }
        return detector.detect(text, hints);
    }
}
