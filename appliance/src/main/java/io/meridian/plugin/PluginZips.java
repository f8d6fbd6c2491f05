package io.meridian.plugin;

import io.meridian.spi.SpiVersion;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.pf4j.PluginDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finding and checking plugin zips before any of their code runs: each zip is read into memory once, and those very
 * bytes are signature-checked and inspected (every entry checked, the descriptor read) in memory; then the node's
 * policy (signature, {@code Plugin-Requires}) says whether it may be loaded, and only a zip it accepts is expanded into
 * the work folder. A refused zip leaves nothing on disk. The blocking methods run on worker threads.
 */
final class PluginZips {

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);
    private static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    /** A zip checked in memory on a worker thread; {@code folder} is where it will be expanded, not yet written. */
    record Prepared(byte[] bytes, String sha256, SignatureCheck signature, Path folder, PluginDescriptor descriptor) {
    }

    /** A reason the host will not load a zip, which only the admin can change. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private final PluginSettings settings;
    private volatile PluginSignatures signatures = PluginSignatures.of(List.of());

    PluginZips(PluginSettings settings) {
        this.settings = settings;
    }

    /** Reads the keys the admin trusts ({@code plugins.trusted-keys-dir}) again. BLOCKING. */
    void readTrustedKeys() {
        signatures = PluginSignatures.load(settings.trustedKeysDir());
    }

    /** The {@code *.zip} files of {@code plugins.dir}, by name (none if the folder is missing). BLOCKING. */
    List<Path> list() throws IOException {
        List<Path> zips = new ArrayList<>();
        if (Files.isDirectory(settings.pluginsDir())) {
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(settings.pluginsDir(), "*.zip")) {
                stream.forEach(zips::add);
            }
        } else {
            LOG.warn("Plugin folder {} does not exist: no plugins loaded (key plugins.dir)", settings.pluginsDir());
        }
        zips.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return zips;
    }

    /** Empties the work folder, so nothing but a verified zip's own content is ever loaded. BLOCKING. */
    void clearWorkFolder() throws IOException {
        PluginArchive.deleteTree(settings.workDir());
        Files.createDirectories(settings.workDir());
    }

    /** Reads and signature-checks a zip, checks its entries and reads its descriptor, all in memory. BLOCKING. */
    Prepared prepare(Path zip) throws Refused {
        String file = zip.getFileName().toString();
        byte[] bytes;
        try {
            bytes = PluginArchive.read(zip);
        } catch (IOException e) {
            throw new Refused("cannot read " + file + ": " + e.getMessage());
        }
        String sha = PluginArchive.sha256(bytes);
        SignatureCheck signature = signatures.check(zip, bytes);
        String base = file.substring(0, file.length() - ".zip".length()).replaceAll("[^A-Za-z0-9._-]", "_");
        Path folder = settings.workDir().resolve(base + "-" + sha.substring(0, 12));
        PluginArchive.Descriptors files;
        try {
            files = PluginArchive.inspect(bytes, folder);
        } catch (IOException e) {
            throw new Refused("not a usable plugin zip: " + e.getMessage());
        }
        PluginDescriptor descriptor;
        try {
            descriptor = HostPluginManager.readDescriptor(files);
        } catch (IOException | RuntimeException e) {
            throw new Refused("no valid plugin descriptor (plugin.properties or MANIFEST.MF with Plugin-Id): "
                    + e.getMessage());
        }
        String id = descriptor.getPluginId();
        if (id == null || !id.matches(ID_PATTERN)) {
            throw new Refused("plugin id '" + id + "' must match " + ID_PATTERN);
        }
        return new Prepared(bytes, sha, signature, folder, descriptor);
    }

    /**
     * Expands a zip the host accepted into its work folder. If that fails (a full disk), what was written is removed
     * again and the zip is refused. BLOCKING.
     */
    void expand(Prepared prepared) throws Refused {
        try {
            Files.createDirectories(settings.workDir());
            PluginArchive.expand(prepared.bytes(), prepared.folder());
        } catch (IOException e) {
            try {
                PluginArchive.deleteTree(prepared.folder());
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
                LOG.warn("Cannot remove the partly expanded plugin folder {}: {}", prepared.folder(),
                        cleanup.getMessage());
            }
            throw new Refused("not a usable plugin zip: " + e.getMessage());
        }
    }

    /** Why a prepared plugin may not be loaded: its signature under this node's policy, or its Plugin-Requires. */
    Optional<String> refusal(LoadedPlugin plugin, Prepared prepared) {
        String file = plugin.zip.getFileName().toString();
        SignatureCheck signature = prepared.signature();
        if (signature.status() == SignatureCheck.Status.INVALID) {
            return refuse(plugin, file, "bad signature: " + signature.detail());
        }
        if (signature.status() == SignatureCheck.Status.UNSIGNED && !settings.allowUnsigned()) {
            return refuse(plugin, file, "not signed (no " + file + ".sig), and plugins.allow-unsigned is false");
        }
        String requires = plugin.requires;
        boolean compatible;
        try {
            compatible = SpiVersion.satisfies(requires);
        } catch (IllegalArgumentException e) {
            return refuse(plugin, file, "its Plugin-Requires '" + requires + "' is not a version expression");
        }
        if (!compatible) {
            LOG.error("Plugin '{}' {} ({}) refused: it requires SPI version '{}', but this node provides SPI {}",
                    plugin.id, plugin.version, file, requires, SpiVersion.CURRENT);
            return Optional.of("requires SPI version '" + requires + "', but this node provides SPI "
                    + SpiVersion.CURRENT);
        }
        return Optional.empty();
    }

    private static Optional<String> refuse(LoadedPlugin plugin, String file, String reason) {
        LOG.error("Plugin '{}' {} ({}) refused: {}", plugin.id, plugin.version, file, reason);
        return Optional.of(reason);
    }
}
