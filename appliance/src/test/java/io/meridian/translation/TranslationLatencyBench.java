package io.meridian.translation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.ConversationService;
import io.meridian.conversation.VisitorProfile;
import io.meridian.crypto.BlindIndex;
import io.meridian.security.Role;
import io.meridian.spi.DataEgress;
import io.meridian.spi.translation.GlossaryTerm;
import io.meridian.spi.translation.LanguagePair;
import io.meridian.testing.ApertiumOnSite;
import io.meridian.testing.Await;
import io.meridian.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Latency of translating a chat message through the appliance's path ({@link ConversationTranslator#translateInbound}:
 * the stored message opened, memory and cache looked up, the glossary and protected tokens handed to the engine, the
 * translation sealed and stored), the first time (no cache), for the same segment again (cache), and after an agent's
 * correction (translation memory); and {@link TranslationService#translate} alone, without the store. Two engines:
 * the real Apertium plugin against APY on 127.0.0.1:2737 when it answers (skipped with a note otherwise), and an
 * in-process engine answering after a fixed delay, so the cache's effect shows apart from the engine's speed.
 * Only {@code mvn -Pbench} runs it. Sizes: {@code bench.translations} timed calls per series (200) after
 * {@code bench.warmup} untimed ones (50); {@code bench.fake-delay-millis} (20). See docs/benchmarks.md.
 */
@Tag("bench")
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class TranslationLatencyBench {

    private static final String APY = ApertiumOnSite.APY;
    private static final LanguagePair ES_EN = LanguagePair.of("es", "en");
    /** Chat-length Spanish messages, each with a protected token; %d makes every text unique. */
    private static final List<String> CHAT = List.of(
            "Hola, mi pedido #A-%d no ha llegado todavía.",
            "¿Cuándo llega el envío del pedido #A-%d?",
            "Quiero devolver el producto XR-200 del pedido #A-%d.",
            "Me cobraron dos veces el pedido #A-%d, son 49,90 €.",
            "No puedo entrar en mi cuenta, escribo desde ana%d@example.com",
            "El paquete del pedido #A-%d llegó roto, ¿qué hago?",
            "Necesito cambiar la dirección de entrega del pedido #A-%d.",
            "¿Tienen Meridian Cloud para empresas? Es por el pedido #A-%d.",
            "Gracias por la ayuda, el pedido #A-%d ya está bien.",
            "La factura del pedido #A-%d tiene un error en la dirección.");

    @TempDir
    static Path root;

    private static Vertx vertx;
    private static TestNode node;
    private static String agentId;
    private static boolean apertium;
    private static String apertiumNote = "";

    private final int timed = Integer.getInteger("bench.translations", 200);
    private final int warmup = Integer.getInteger("bench.warmup", 50);
    private final long fakeDelay = Long.getLong("bench.fake-delay-millis", 20);
    private int serial = 10_000;

    @BeforeAll
    static void startNode(Vertx v) throws Exception {
        vertx = v;
        Path plugins = Files.createDirectories(root.resolve("plugins"));
        Path connectors = Files.createDirectories(root.resolve("connectors"));
        Path zip = ApertiumOnSite.pluginZip();
        apertiumNote = zip == null ? "the Apertium plugin zip is not built" : ApertiumOnSite.apyProblem();
        apertium = apertiumNote.isEmpty();
        if (apertium) {
            Files.copy(zip, plugins.resolve(zip.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(connectors.resolve("apertium.yaml"), """
                    plugin: translation-apertium
                    factory: translation-apertium
                    values:
                      baseUrl: %s
                    """.formatted(APY));
        }
        node = Await.result(TestNode.start(vertx, root.resolve("data"), Map.of(
                "MERIDIAN_TRANSLATION_ENABLED", "true",
                "MERIDIAN_TRANSLATION_TIMEOUT_MILLIS", "8000",
                "MERIDIAN_TRANSLATION_AGENT_LANGUAGE", "en",
                "MERIDIAN_PLUGINS_DIR", plugins.toString(),
                "MERIDIAN_PLUGINS_CONNECTORS_DIR", connectors.toString(),
                "MERIDIAN_PLUGINS_ALLOW_UNSIGNED", "true",
                "MERIDIAN_PLUGINS_CALL_TIMEOUT_SECONDS", "10")), "starting the node");
        if (apertium) {
            Await.result(node.node().plugins().initialLoad(), "loading the plugins");
            Await.until(() -> node.node().plugins().translationProviders().stream().anyMatch(h -> h.isRunning()),
                    "the Apertium instance runs");
        }
        agentId = Await.result(node.createAgent("bea", "Bea", Role.ADMIN, "Bench-admin-pw-12")).id();
        // the glossary every series uses: the TBX v2 sample (forced and do-not-translate terms)
        GlossaryStore glossary = node.node().translator().glossary();
        Await.result(glossary.merge(ES_EN, GlossaryTbx.parse(GlossaryTbxTest.sample("glossary-v2.tbx"), ES_EN)
                .terms()), "importing the glossary");
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            Await.result(node.stop(), "stopping the node");
        }
    }

    /**
     * Verifies that every timed translation succeeded through the expected route (engine, cache, memory) and that
     * the cache and memory answer faster than the fake engine's delay; prints medians and p99 for each series.
     */
    @Test
    void translationLatencyWithAndWithoutCache() {
        FakeEngine fake = new FakeEngine(vertx, "fixed-delay", DataEgress.localOnly(), Set.of(ES_EN),
                FakeEngine.shouting("fixed-delay"));
        fake.delayMillis = fakeDelay;
        System.out.printf(Locale.ROOT, "BENCH translation corpus: %d chat templates, mean %.1f chars; %d timed calls"
                + " per series after %d warm-up calls%n", CHAT.size(),
                CHAT.stream().mapToInt(t -> t.formatted(12345).length()).average().orElse(0), timed, warmup);
        Series fakeSeries = series("fake " + fakeDelay + " ms", () -> List.of(fake));
        int engineCalls = fake.received.size();
        assertEquals(2 * (warmup + timed) + 1, engineCalls,
                "the fake engine saw the probe, the first-time and the service-only calls, never cache or memory ones");
        assertTrue(fakeSeries.cache.p50 < fakeDelay, "cache answers before the engine would: " + fakeSeries.cache);
        assertTrue(fakeSeries.memory.p50 < fakeDelay, "memory answers before the engine would: " + fakeSeries.memory);
        assertTrue(fakeSeries.first.p50 >= fakeDelay, "the first time waits for the engine: " + fakeSeries.first);
        if (apertium) {
            Series real = series("apertium", PluginEngines.of(node.node().plugins()::translationProviders));
            assertTrue(real.cache.p50 < real.first.p50, "the cache beats Apertium: " + real.cache + " / " + real.first);
        } else {
            System.out.println("BENCH translation apertium: skipped, " + apertiumNote);
        }
        System.out.printf(Locale.ROOT, "BENCH machine: cores=%d load=%.1f jvm=%s %s os=%s %s%n",
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    private record Figures(double p50, double p99, double max, int n) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "p50=%.2f ms p99=%.2f ms max=%.2f ms (n=%d)", p50, p99, max, n);
        }
    }

    private record Series(Figures service, Figures first, Figures cache, Figures memory) {
    }

    /** The four measurements for one engine, each with its own contact (the cache and memory are per contact). */
    private Series series(String name, Supplier<List<TranslationEngine>> engines) {
        ConversationTranslator own = node.node().translator();
        TranslationService service = new TranslationService(vertx, own.service().settings(), engines);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        ConversationService conversations = node.node().conversations();
        ConversationTranslator translator = new ConversationTranslator(vertx, node.node().store(), conversations,
                new BlindIndex(new SecretKeySpec(key, "HmacSHA256")), own.glossary(), service, "default",
                ConversationTranslator.RETRY_EVERY_MILLIS, TranslationAudience.NODE_WIDE);
        List<GlossaryTerm> terms = Await.result(own.glossary().terms(ES_EN));
        String engineId = Await.result(service.translate(CHAT.get(0).formatted(1), "es", "en", "default", terms))
                .engine();

        double[] alone = new double[warmup + timed];
        for (int i = 0; i < alone.length; i++) {
            String text = next();
            long t0 = System.nanoTime();
            Translation t = Await.result(service.translate(text, "es", "en", "default", terms));
            alone[i] = (System.nanoTime() - t0) / 1e6;
            assertTrue(t.translated(), t.toString());
        }

        String contact = Await.result(conversations.identifyVisitor(null, VisitorProfile.empty())).contactId();
        List<String> texts = new ArrayList<>();
        List<String> firstIds = new ArrayList<>();
        for (int i = 0; i < warmup + timed; i++) {
            texts.add(next());
        }
        double[] first = timeInbound(translator, contact, texts, engineId, firstIds);
        double[] cached = timeInbound(translator, contact, texts, engineId, null);
        for (int i = 0; i < firstIds.size(); i++) {
            Await.result(translator.correct(firstIds.get(i), agentId, "Corrected " + i + ": " + texts.get(i)));
        }
        double[] memory = timeInbound(translator, contact, texts, ConversationTranslator.MEMORY_ENGINE, null);

        Series s = new Series(figures(alone), figures(first), figures(cached), figures(memory));
        System.out.printf(Locale.ROOT, "BENCH translation %s: service only       %s%n", name, s.service);
        System.out.printf(Locale.ROOT, "BENCH translation %s: first time (engine) %s%n", name, s.first);
        System.out.printf(Locale.ROOT, "BENCH translation %s: same again (cache)  %s%n", name, s.cache);
        System.out.printf(Locale.ROOT, "BENCH translation %s: after a correction (memory) %s%n", name, s.memory);
        return s;
    }

    /** Stores each text as a new message of the contact (untimed), then times translating it; checks the route. */
    private double[] timeInbound(ConversationTranslator translator, String contact, List<String> texts,
            String expectedEngine, List<String> ids) {
        ConversationService conversations = node.node().conversations();
        double[] millis = new double[texts.size()];
        for (int i = 0; i < texts.size(); i++) {
            String id = Await.result(conversations.appendVisitorMessage(contact, UUID.randomUUID().toString(),
                    texts.get(i))).message().id();
            if (ids != null) {
                ids.add(id);
            }
            long t0 = System.nanoTime();
            MessageTranslation m = Await.result(translator.translateInbound(id, "es"));
            millis[i] = (System.nanoTime() - t0) / 1e6;
            assertEquals("TRANSLATED", m.status(), m.detail());
            assertEquals(expectedEngine, m.engine(), texts.get(i));
        }
        return millis;
    }

    private String next() {
        int n = serial++;
        return CHAT.get(n % CHAT.size()).formatted(n);
    }

    /** Median, p99 and max of the calls after the warm-up. */
    private Figures figures(double[] all) {
        double[] kept = Arrays.copyOfRange(all, warmup, all.length);
        Arrays.sort(kept);
        return new Figures(percentile(kept, 50), percentile(kept, 99), kept[kept.length - 1], kept.length);
    }

    private static double percentile(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
