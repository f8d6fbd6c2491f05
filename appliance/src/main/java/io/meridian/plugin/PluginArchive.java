package io.meridian.plugin;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A plugin zip read into memory once: the same bytes are signature-checked, inspected and expanded, so a file swapped
 * on disk between the steps cannot slip through. Inspection reads the descriptor files and checks every entry in
 * memory, writing nothing; expansion (only of a zip the host accepted) repeats the checks as it writes. Both refuse
 * entries that would land outside the target folder and archives that expand beyond a sane size.
 */
final class PluginArchive {

    static final long MAX_ZIP_BYTES = 256L * 1024 * 1024;
    static final long MAX_EXPANDED_BYTES = 1024L * 1024 * 1024;
    static final int MAX_ENTRIES = 20_000;

    private PluginArchive() {
    }

    /** The zip's bytes. BLOCKING. */
    static byte[] read(Path zip) throws IOException {
        long size = Files.size(zip);
        if (size > MAX_ZIP_BYTES) {
            throw new IOException("larger than " + MAX_ZIP_BYTES / (1024 * 1024) + " MiB");
        }
        return Files.readAllBytes(zip);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A descriptor file larger than this is no descriptor. */
    static final int MAX_DESCRIPTOR_BYTES = 64 * 1024;
    private static final String PROPERTIES = "plugin.properties";
    private static final String MANIFEST = "MANIFEST.MF";
    /** Where PF4J's plugin layout keeps the manifest; any other MANIFEST.MF counts only if this one is missing. */
    private static final String CLASSES_MANIFEST = "classes/META-INF/MANIFEST.MF";

    /** What inspection found: the root {@code plugin.properties} and a {@code MANIFEST.MF}, each null if absent. */
    record Descriptors(byte[] properties, byte[] manifest) {
    }

    /**
     * Checks every entry of the zip as {@link #expand} would put it under {@code target} (without touching the disk)
     * and returns its descriptor files. BLOCKING (CPU: it inflates every entry to count the expanded size).
     */
    static Descriptors inspect(byte[] zip, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        long total = 0;
        int entries = 0;
        byte[] properties = null;
        byte[] manifest = null;
        boolean manifestPreferred = false;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            byte[] buffer = new byte[16 * 1024];
            while ((entry = in.getNextEntry()) != null) {
                if (++entries > MAX_ENTRIES) {
                    throw new IOException("more than " + MAX_ENTRIES + " entries");
                }
                Path out = inside(root, entry);
                if (entry.isDirectory()) {
                    continue;
                }
                String relative = root.relativize(out).toString().replace('\\', '/');
                boolean isProperties = relative.equals(PROPERTIES);
                boolean isManifest = out.getFileName().toString().equals(MANIFEST)
                        && (manifest == null || (!manifestPreferred && relative.equals(CLASSES_MANIFEST)));
                ByteArrayOutputStream kept = isProperties || isManifest ? new ByteArrayOutputStream() : null;
                int n;
                while ((n = in.read(buffer)) > 0) {
                    total += n;
                    if (total > MAX_EXPANDED_BYTES) {
                        throw new IOException("expands to more than " + MAX_EXPANDED_BYTES / (1024 * 1024) + " MiB");
                    }
                    if (kept != null) {
                        if (kept.size() + n > MAX_DESCRIPTOR_BYTES) {
                            throw new IOException(relative + " is larger than " + MAX_DESCRIPTOR_BYTES + " bytes");
                        }
                        kept.write(buffer, 0, n);
                    }
                }
                if (isProperties) {
                    properties = kept.toByteArray();
                } else if (isManifest) {
                    manifest = kept.toByteArray();
                    manifestPreferred = relative.equals(CLASSES_MANIFEST);
                }
            }
        }
        if (entries == 0) {
            throw new IOException("not a zip archive, or an empty one");
        }
        return new Descriptors(properties, manifest);
    }

    private static Path inside(Path root, ZipEntry entry) throws IOException {
        Path out = root.resolve(entry.getName()).normalize();
        if (!out.startsWith(root) || out.equals(root)) {
            throw new IOException("entry '" + entry.getName() + "' points outside the plugin folder");
        }
        return out;
    }

    /** Expands the zip into {@code target}, which is emptied first. BLOCKING. */
    static void expand(byte[] zip, Path target) throws IOException {
        deleteTree(target);
        Files.createDirectories(target);
        Path root = target.toAbsolutePath().normalize();
        long total = 0;
        int entries = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            byte[] buffer = new byte[16 * 1024];
            while ((entry = in.getNextEntry()) != null) {
                if (++entries > MAX_ENTRIES) {
                    throw new IOException("more than " + MAX_ENTRIES + " entries");
                }
                Path out = inside(root, entry);
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (OutputStream file = Files.newOutputStream(out)) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        total += n;
                        if (total > MAX_EXPANDED_BYTES) {
                            throw new IOException("expands to more than " + MAX_EXPANDED_BYTES / (1024 * 1024) + " MiB");
                        }
                        file.write(buffer, 0, n);
                    }
                }
            }
        }
        if (entries == 0) {
            throw new IOException("not a zip archive, or an empty one");
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
