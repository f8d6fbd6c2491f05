package io.meridian.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The on-site machine translation tests use: Debian's Apertium APY ({@code .ci/run} starts it on port 2737, or
 * {@code -Dmeridian.apertium.url}) with the Spanish-English pair, and the bundled Apertium plugin as built. Where they
 * are missing a test is skipped, except under CI or {@code -Dmeridian.apertium.required=true}, where it fails.
 */
public final class ApertiumOnSite {

    public static final String APY = System.getProperty("meridian.apertium.url", "http://127.0.0.1:2737");

    private ApertiumOnSite() {
    }

    /** The plugin zip as the build made it; null when it is not built. */
    public static Path pluginZip() throws Exception {
        Path module = Path.of("..", "plugins", "translation-apertium").toAbsolutePath().normalize();
        if (!Files.isDirectory(module)) {
            return null;
        }
        try (Stream<Path> targets = Files.list(module)) {
            return targets.filter(p -> p.getFileName().toString().startsWith("target")).flatMap(t -> {
                try {
                    return Files.list(t);
                } catch (Exception e) {
                    return Stream.empty();
                }
            }).filter(p -> p.getFileName().toString().matches("translation-apertium-.*\\.zip"))
                    .max(Comparator.comparing(p -> p.toFile().lastModified())).orElse(null);
        }
    }

    /** Empty when APY answers with Spanish and English, else why not. */
    public static String apyProblem() {
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String pairs = client.send(HttpRequest.newBuilder(URI.create(APY + "/listPairs"))
                    .timeout(Duration.ofSeconds(10)).build(), java.net.http.HttpResponse.BodyHandlers.ofString())
                    .body();
            return pairs.contains("\"spa\"") && pairs.contains("\"eng\"") ? "" : "APY at " + APY + " lacks spa-eng";
        } catch (Exception e) {
            return "APY does not answer at " + APY + " (" + e + "); start it as .ci/run does";
        }
    }

    /** Skips (or, under CI, fails) the test when the plugin or APY is missing. */
    public static Path requireAll() throws Exception {
        Path zip = pluginZip();
        if (zip == null) {
            missing("the Apertium plugin zip is not built (mvn -pl plugins/translation-apertium -am package)");
        }
        String apy = apyProblem();
        if (!apy.isEmpty()) {
            missing(apy);
        }
        return zip;
    }

    /**
     * A plugins folder holding the plugin and a connectors folder with one Apertium instance on APY, under
     * {@code root}; the node settings that load them.
     */
    public static Map<String, String> nodeSettings(Path root) throws Exception {
        Path zip = requireAll();
        Path plugins = Files.createDirectories(root.resolve("plugins"));
        Path connectors = Files.createDirectories(root.resolve("connectors"));
        Files.copy(zip, plugins.resolve(zip.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(connectors.resolve("apertium.yaml"), """
                plugin: translation-apertium
                factory: translation-apertium
                values:
                  baseUrl: %s
                """.formatted(APY));
        return Map.of("MERIDIAN_PLUGINS_DIR", plugins.toString(),
                "MERIDIAN_PLUGINS_CONNECTORS_DIR", connectors.toString(),
                "MERIDIAN_PLUGINS_ALLOW_UNSIGNED", "true");
    }

    private static void missing(String problem) {
        if (System.getenv("CI") != null || Boolean.getBoolean("meridian.apertium.required")) {
            fail("required here: " + problem + "; .ci/run installs and starts APY (docs/translation.md)");
        }
        assumeTrue(false, "skipping: " + problem);
    }
}
