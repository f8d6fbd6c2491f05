package io.meridian.translation.apertium;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meridian.spi.testkit.DirectHttpEgress;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The real Apertium APY server the integration tests use: {@code -Dmeridian.apertium.url}, by default
 * {@code http://127.0.0.1:2737}, where {@code .ci/run} starts one.
 *
 * <p>Without it the tests fail under CI (environment variable {@code CI} set, or
 * {@code -Dmeridian.apertium.required=true}) and are skipped elsewhere, saying how to start it.
 */
final class ApyServer {

    /** Modes the tests translate with: Debian's apertium-eng-spa and apertium-fr-es. */
    static final List<String> NEEDED_MODES = List.of("eng-spa", "spa-eng", "fra-spa");

    private static volatile String missing;

    private ApyServer() {
    }

    static URI url() {
        return URI.create(System.getProperty("meridian.apertium.url", "http://127.0.0.1:2737"));
    }

    /** Fails under CI and skips elsewhere unless APY answers with the modes the tests need. */
    static void require() {
        String problem = problem();
        if (problem == null) {
            return;
        }
        String message = problem + ". Install and start it: apt-get install apertium-apy apertium-eng-spa "
                + "apertium-es-pt apertium-fr-es && apertium-apy -p 2737 /usr/share/apertium/modes "
                + "(docs/translation.md; .ci/run does this)";
        if (System.getenv("CI") != null || Boolean.getBoolean("meridian.apertium.required")) {
            fail("Apertium tests are required here: " + message);
        }
        assumeTrue(false, "skipping the Apertium tests: " + message);
    }

    private static String problem() {
        String known = missing;
        if (known != null) {
            return known.isEmpty() ? null : known;
        }
        String found = "";
        try {
            List<ApyPair> modes = new ApyClient(new DirectHttpEgress(), url(), Duration.ofSeconds(10)).listPairs();
            for (String mode : NEEDED_MODES) {
                String[] codes = mode.split("-");
                if (!modes.contains(new ApyPair(codes[0], codes[1]))) {
                    found = "Apertium APY at " + url() + " lacks the " + mode + " mode";
                }
            }
        } catch (Exception e) {
            found = "Apertium APY does not answer at " + url() + ": " + e.getMessage();
        }
        missing = found;
        return found.isEmpty() ? null : found;
    }
}
