package io.meridian.translation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.spi.DataEgress;
import io.meridian.spi.translation.GlossaryTerm;
import io.meridian.spi.translation.LanguagePair;
import io.meridian.spi.translation.ProtectedSpan;
import io.meridian.spi.translation.TranslationRequest;
import io.meridian.spi.translation.TranslationResult;
import io.meridian.testing.Await;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Provider choice, residency, glossary hand-over and failure rules of {@link TranslationService}. */
class TranslationServiceTest {

    private static final LanguagePair ES_EN = LanguagePair.of("es", "en");
    private Vertx vertx;
    private FakeEngine local;
    private FakeEngine remote;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        local = new FakeEngine(vertx, "apertium", DataEgress.localOnly(), Set.of(ES_EN, ES_EN.reversed()),
                FakeEngine.shouting("apertium"));
        remote = new FakeEngine(vertx, "cloud", DataEgress.remote("translate.example.com"), Set.of(ES_EN),
                FakeEngine.shouting("cloud"));
    }

    @AfterEach
    void tearDown() {
        Await.result(vertx.close());
    }

    private TranslationService service(List<String> preferred, Set<String> forbid, long timeout,
            FakeEngine... engines) {
        return new TranslationService(vertx,
                new TranslationSettings(true, timeout, preferred, forbid, false, "en"), () -> List.of(engines));
    }

    @Test
    void preferredProviderIsTriedFirstAndProtectedSpansGoAlong() {
        TranslationService service = service(List.of("cloud", "apertium"), Set.of(), 2000, local, remote);
        Translation t = Await.result(service.translate("mi pedido #A-10492 no llegó, ver https://shop.example/o/1",
                "es", "en", "us", List.of(GlossaryTerm.translate("pedido", "order"))));
        assertTrue(t.translated(), t.toString());
        assertEquals("cloud", t.engine());
        assertEquals(0, local.received.size());
        TranslationRequest sent = remote.received.get(0);
        assertEquals(List.of(GlossaryTerm.translate("pedido", "order")), sent.glossary());
        assertEquals(List.of("order", "#A-10492", "https://shop.example/o/1"),
                sent.protectedSpans().stream().map(ProtectedSpan::output).toList());
        assertTrue(t.text().contains("#A-10492") && t.text().contains("order"), t.text());
    }

    @Test
    void regionForbiddingEgressNeverSendsTextToARemoteEngine() {
        TranslationService service = service(List.of("cloud"), Set.of("eu"), 2000, remote);
        Translation t = Await.result(service.translate("hola, necesito ayuda", "es", "en", "EU", List.of()));
        assertEquals(Translation.Outcome.EGRESS_REFUSED, t.outcome());
        assertNull(t.text());
        assertTrue(t.detail().contains("egress refused"), t.detail());
        assertEquals(0, remote.received.size(), "the remote engine must never see the text");
        assertFalse(t.retryable());
    }

    @Test
    void regionForbiddingEgressFallsBackToTheLocalEngine() {
        TranslationService service = service(List.of("cloud", "apertium"), Set.of("eu"), 2000, local, remote);
        Translation t = Await.result(service.translate("hola", "es", "en", "eu", List.of()));
        assertEquals("apertium", t.engine());
        assertEquals(0, remote.received.size());
        // a region not listed may use the remote one it prefers
        Translation us = Await.result(service.translate("hola", "es", "en", "us", List.of()));
        assertEquals("cloud", us.engine());
    }

    @Test
    void engineWithoutThePairIsSkippedAndNoEngineIsSaid() {
        TranslationService service = service(List.of(), Set.of(), 2000, remote);
        Translation t = Await.result(service.translate("Bonjour", "fr", "en", "us", List.of()));
        assertEquals(Translation.Outcome.NO_ENGINE, t.outcome());
        assertEquals(0, remote.received.size());
    }

    @Test
    void slowEngineFailsWithinTheTimeoutAndTheNextIsNotWaitedForBeyondIt() {
        local.delayMillis = 5000;
        TranslationService service = service(List.of("apertium"), Set.of(), 300, local);
        long start = System.nanoTime();
        Translation t = Await.result(service.translate("hola amigo", "es", "en", "us", List.of()));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(Translation.Outcome.FAILED, t.outcome());
        assertTrue(t.retryable());
        assertTrue(tookMs < 2000, "took " + tookMs + " ms with a 300 ms timeout");
    }

    @Test
    void garbageOrFailingEngineFallsThroughToTheNext() {
        remote.answer = r -> TranslationResult.direct("my order did not arrive", 0.9, "cloud"); // lost #A-10492
        TranslationService service = service(List.of("cloud", "apertium"), Set.of(), 2000, local, remote);
        Translation t = Await.result(service.translate("mi pedido #A-10492", "es", "en", "us", List.of()));
        assertEquals("apertium", t.engine(), "an answer that lost a protected token is garbage");
        assertTrue(t.text().contains("#A-10492"));

        remote.answer = r -> {
            throw new IllegalStateException("engine down");
        };
        local.answer = r -> TranslationResult.direct("  ", 0.9, "apertium");
        Translation none = Await.result(service.translate("hola", "es", "en", "us", List.of()));
        assertEquals(Translation.Outcome.FAILED, none.outcome());
        assertTrue(none.retryable());
    }

    @Test
    void sameLanguageAndDisabledNeedNoEngine() {
        TranslationService service = service(List.of(), Set.of(), 2000, local);
        assertEquals(Translation.Outcome.SAME_LANGUAGE,
                Await.result(service.translate("hi", "en-GB", "en", "us", List.of())).outcome());
        TranslationService off = new TranslationService(vertx,
                new TranslationSettings(false, 2000, List.of(), Set.of(), false, "en"), () -> List.of(local));
        assertEquals(Translation.Outcome.DISABLED,
                Await.result(off.translate("hola", "es", "en", "us", List.of())).outcome());
        assertEquals(0, local.received.size());
    }

    @Test
    void stoppedEngineIsNotUsed() {
        local.running = false;
        TranslationService service = service(List.of(), Set.of(), 2000, local);
        assertEquals(Translation.Outcome.NO_ENGINE,
                Await.result(service.translate("hola", "es", "en", "us", List.of())).outcome());
    }
}
