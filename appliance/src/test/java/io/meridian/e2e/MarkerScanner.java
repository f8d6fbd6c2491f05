package io.meridian.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Looks for a plaintext marker in every file under a directory, as an attacker with the disk would: raw bytes, in
 * the encodings a database or log could use for text (UTF-8, which also covers Derby's modified UTF-8 for ASCII,
 * and UTF-16 in both byte orders), in the marker's own case and in lower case (e-mail addresses get normalised).
 */
public final class MarkerScanner {

    private static final List<Charset> ENCODINGS =
            List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE);

    private final Map<String, byte[]> needles = new LinkedHashMap<>();

    public MarkerScanner(String marker) {
        for (String variant : List.of(marker, marker.toLowerCase(Locale.ROOT))) {
            for (Charset charset : ENCODINGS) {
                needles.putIfAbsent(charset.name() + " '" + variant + "'", variant.getBytes(charset));
            }
        }
    }

    /** One line per hit: the file (relative to {@code root}) and the encoding found. Empty when the marker is nowhere. */
    public List<String> hits(Path root) {
        List<String> hits = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                byte[] content = Files.readAllBytes(file);
                needles.forEach((name, needle) -> {
                    if (contains(content, needle)) {
                        hits.add(root.relativize(file) + " contains " + name);
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan " + root, e);
        }
        return hits;
    }

    /** How many regular files {@link #hits} reads under {@code root}; a scan of nothing would prove nothing. */
    public static long fileCount(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
