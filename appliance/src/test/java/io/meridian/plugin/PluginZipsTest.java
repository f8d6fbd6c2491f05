package io.meridian.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.plugin.fixtures.EchoChannel;
import io.meridian.plugin.fixtures.EchoChannelFactory;
import io.meridian.spi.testkit.PluginZipBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugin zips are verified before they are unpacked: a zip refused for its signature, its {@code Plugin-Requires}
 * or its content leaves nothing in the work folder; only an accepted one is expanded.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PluginZipsTest {

    @TempDir
    Path dir;

    private Path plugins;
    private Path work;
    private KeyPair trusted;
    private PluginZips zips;

    @BeforeEach
    void setUp() throws Exception {
        plugins = Files.createDirectories(dir.resolve("plugins"));
        Path keys = Files.createDirectories(dir.resolve("trusted-keys"));
        work = dir.resolve("data").resolve("plugins-work");
        trusted = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Files.writeString(keys.resolve("release.pem"), PluginZipBuilder.publicKeyPem(trusted.getPublic()));
        zips = new PluginZips(new PluginSettings(plugins, false, keys, Duration.ofSeconds(5), 2, Duration.ofSeconds(1),
                dir.resolve("connectors"), 4096, work, List.of()));
        zips.readTrustedKeys();
        zips.clearWorkFolder();
    }

    private static PluginZipBuilder echoPlugin(String id, String requires) {
        return PluginZipBuilder.plugin(id).version("1.0.0").requires(requires).provider("Meridian tests")
                .extension(EchoChannelFactory.class).addClass(EchoChannel.class);
    }

    /**
     * Verifies that an unsigned zip, one signed by a key nobody trusts, and a signed one needing another SPI version
     * are each refused with their reason, and that none of them wrote anything into the work folder.
     */
    @Test
    void refusedZipsLeaveTheWorkFolderEmpty() throws Exception {
        Path unsigned = echoPlugin("unsigned", ">=1.0.0").writeInto(plugins);
        Path forged = echoPlugin("forged", ">=1.0.0").writeInto(plugins);
        KeyPair stranger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Files.writeString(forged.resolveSibling(forged.getFileName() + ".sig"),
                PluginZipBuilder.sign(Files.readAllBytes(forged), stranger.getPrivate()));
        Path future = echoPlugin("future", ">=2.0.0").signedWith(trusted.getPrivate()).writeInto(plugins);

        assertTrue(refusal(unsigned).orElseThrow().contains("not signed"));
        assertTrue(refusal(forged).orElseThrow().startsWith("bad signature"));
        assertEquals("requires SPI version '>=2.0.0', but this node provides SPI " + io.meridian.spi.SpiVersion.CURRENT,
                refusal(future).orElseThrow());
        assertEquals(List.of(), workFolderContent());
    }

    /** Verifies that a zip with an entry outside its folder, or no descriptor, is refused without writing anything. */
    @Test
    void unusableZipsAreRefusedInMemory() throws Exception {
        Path slip = plugins.resolve("slip.zip");
        Files.write(slip, zip("plugin.properties", "plugin.id=slip\nplugin.version=1.0.0\n", "../../evil.txt", "x"));
        PluginZips.Refused refused = assertThrows(PluginZips.Refused.class, () -> zips.prepare(slip));
        assertTrue(refused.getMessage().contains("outside the plugin folder"), refused.getMessage());

        Path bare = plugins.resolve("bare.zip");
        Files.write(bare, zip("lib/readme.txt", "no descriptor here"));
        refused = assertThrows(PluginZips.Refused.class, () -> zips.prepare(bare));
        assertTrue(refused.getMessage().startsWith("no valid plugin descriptor"), refused.getMessage());

        assertEquals(List.of(), workFolderContent());
        assertFalse(Files.exists(dir.resolve("evil.txt")));
    }

    /**
     * Verifies that an accepted zip's descriptor is read from memory (properties and manifest layouts alike) and
     * that only its expansion writes its folder, holding the zip's content.
     */
    @Test
    void acceptedZipIsExpandedOnlyWhenAsked() throws Exception {
        Path signed = echoPlugin("echo", ">=1.0.0 & <2.0.0").signedWith(trusted.getPrivate()).writeInto(plugins);
        PluginZips.Prepared prepared = zips.prepare(signed);
        assertEquals("echo", prepared.descriptor().getPluginId());
        assertEquals(">=1.0.0 & <2.0.0", prepared.descriptor().getRequires());
        assertEquals(Optional.empty(), zips.refusal(plugin(signed, prepared), prepared));
        assertEquals(List.of(), workFolderContent(), "checking wrote nothing");

        zips.expand(prepared);
        assertEquals(List.of(prepared.folder().getFileName().toString()), workFolderContent());
        assertTrue(Files.isRegularFile(prepared.folder().resolve("plugin.properties")));

        Path manifest = echoPlugin("by-manifest", ">=1.0.0").manifestDescriptor().signedWith(trusted.getPrivate())
                .writeInto(plugins);
        PluginZips.Prepared fromManifest = zips.prepare(manifest);
        assertEquals("by-manifest", fromManifest.descriptor().getPluginId());
        assertEquals("1.0.0", fromManifest.descriptor().getVersion());
        assertEquals(">=1.0.0", fromManifest.descriptor().getRequires());
    }

    /** Prepares the zip and asks for the node's verdict, as the plugin lifecycle does. */
    private Optional<String> refusal(Path zip) throws PluginZips.Refused {
        PluginZips.Prepared prepared = zips.prepare(zip);
        return zips.refusal(plugin(zip, prepared), prepared);
    }

    private static LoadedPlugin plugin(Path zip, PluginZips.Prepared prepared) {
        LoadedPlugin plugin = new LoadedPlugin("zip:" + zip.getFileName(), zip);
        plugin.id = prepared.descriptor().getPluginId();
        plugin.version = prepared.descriptor().getVersion();
        plugin.requires = prepared.descriptor().getRequires();
        return plugin;
    }

    private List<String> workFolderContent() throws IOException {
        try (Stream<Path> files = Files.list(work)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static byte[] zip(String... namesAndContents) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                zip.putNextEntry(new ZipEntry(namesAndContents[i]));
                zip.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
