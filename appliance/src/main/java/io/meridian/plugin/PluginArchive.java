package io.meridian.plugin;

import java.io.ByteArrayInputStream;
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
 * A plugin zip read into memory once: the same bytes are signature-checked and expanded, so a file swapped on disk
 * between the two steps cannot slip through. Expansion refuses entries that would land outside the target folder and
 * archives that expand beyond a sane size.
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
                Path out = root.resolve(entry.getName()).normalize();
                if (!out.startsWith(root) || out.equals(root)) {
                    throw new IOException("entry '" + entry.getName() + "' points outside the plugin folder");
                }
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
