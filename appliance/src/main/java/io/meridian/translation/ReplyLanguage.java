package io.meridian.translation;

import io.meridian.language.DetectedLanguage;
import io.meridian.language.LanguageDetector;
import io.meridian.language.LanguageHints;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * The language an agent's reply is written in: its text's, when the text is clear about it, else the language the
 * agent's settings (or the team) say. An agent who reads German but answers a Spanish customer in English gets the
 * reply translated from English, not from German; a short "OK" keeps the settings' language.
 */
@FunctionalInterface
public interface ReplyLanguage {

    /** The source language for {@code text}, written by an agent whose settings say {@code expected}. */
    Future<String> of(String text, String expected);

    /** Always what the settings say: for nodes and tests without a language detector. */
    ReplyLanguage AS_SET = (text, expected) -> Future.succeededFuture(expected);

    /** Detected by {@code detector}, on a worker thread (a detection takes up to a few milliseconds of CPU). */
    static ReplyLanguage detectedBy(Vertx vertx, LanguageDetector detector) {
        return (text, expected) -> vertx.executeBlocking(() -> {
            // The settings' language is the hint: the detector falls back to it only when the text does not decide.
            DetectedLanguage found = detector.detect(text, new LanguageHints(expected, List.of()));
            return found.language().isEmpty() ? expected : found.language();
        }, false);
    }
}
