package io.meridian.ticket;

import io.meridian.config.AdminYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The admin's YAML files of tickets (conf/sla.yaml, ticket-fields.yaml, ticket-macros.yaml), read within
 * {@link AdminYaml}'s bounds: a missing or empty file is an empty mapping; anything else wrong is refused naming the
 * file and the key. Blocking.
 */
final class AdminFile {

    private AdminFile() {
    }

    /** The file's top-level mapping, which may hold only {@code keys}. */
    static Map<?, ?> top(Path file, Set<String> keys) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        Object root;
        try {
            root = AdminYaml.read(file);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + ": not readable YAML: " + e.getMessage(), e);
        }
        if (root == null) {
            return Map.of();
        }
        if (!(root instanceof Map<?, ?> top) || !top.keySet().stream().allMatch(k -> keys.contains(String.valueOf(k)))) {
            throw new IllegalArgumentException(file + ": expected a mapping of " + String.join(", ",
                    keys.stream().sorted().map(k -> "'" + k + "'").toList()));
        }
        return top;
    }

    /** The list under {@code key} (absent: empty), of at most {@code max} entries. */
    static List<?> list(Path file, Map<?, ?> top, String key, int max) {
        Object value = top.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> items) || items.size() > max) {
            throw new IllegalArgumentException(file + ", key '" + key + "': expected a list of at most " + max);
        }
        return items;
    }
}
