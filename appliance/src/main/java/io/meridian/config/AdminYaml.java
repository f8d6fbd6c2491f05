package io.meridian.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the YAML files an admin supplies (conf/meridian.yaml, conf/routing.yaml, the connector files) within bounds,
 * so that a hostile or broken file is a clear error rather than an exhausted heap: at most {@value #MAX_BYTES} bytes,
 * {@value #MAX_ALIASES} aliases of collections, {@value #MAX_DEPTH} levels of nesting and {@value #MAX_VALUES} values
 * once aliases are followed (a "billion laughs" file is tiny, but each alias repeats its anchor's whole content).
 * Only plain data is built (SnakeYAML's safe constructor: no Java types). Blocking.
 */
public final class AdminYaml {

    /** Largest YAML file read. The shipped files are a few KiB. */
    public static final int MAX_BYTES = 1024 * 1024;
    /** Most aliases (*name) of mappings and lists; anchors that repeat a team's hours are fine, a tree of them not. */
    public static final int MAX_ALIASES = 20;
    /** Deepest nesting of mappings and lists. The deepest shipped file nests five levels. */
    public static final int MAX_DEPTH = 20;
    /** Most values (mappings, lists, scalars) the document holds once its aliases are followed. */
    public static final int MAX_VALUES = 100_000;

    private AdminYaml() {
    }

    /**
     * The document in {@code file}: maps, lists, strings, numbers, booleans, dates; null if empty. Fails with
     * {@link IOException} if it cannot be read, and {@link IllegalArgumentException} saying which bound it passes or
     * where the YAML is invalid (the caller names the file).
     */
    public static Object read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new IllegalArgumentException("is " + (size + 1023) / 1024 + " KiB; a YAML file may be at most "
                    + MAX_BYTES / 1024 + " KiB");
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return checked(new Yaml(new SafeConstructor(options())).load(reader));
        }
    }

    /** As {@link #read(Path)}, for text already in memory (an upload). */
    public static Object parse(String text) {
        if (text.length() > MAX_BYTES) {
            throw new IllegalArgumentException("is " + (text.length() + 1023) / 1024
                    + " KiB; a YAML document may be at most " + MAX_BYTES / 1024 + " KiB");
        }
        return checked(new Yaml(new SafeConstructor(options())).load(text));
    }

    private static LoaderOptions options() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_DEPTH);
        // Also bounds a file that grows between the size check and the read.
        options.setCodePointLimit(MAX_BYTES);
        return options;
    }

    private static Object checked(Object root) {
        // Walks the tree as the callers will (aliases are shared objects, which the callers copy), stopping early.
        Deque<Object> todo = new ArrayDeque<>();
        todo.push(root == null ? "" : root);
        int values = 0;
        while (!todo.isEmpty()) {
            Object v = todo.pop();
            if (++values > MAX_VALUES) {
                throw new IllegalArgumentException("holds more than " + MAX_VALUES + " values once its aliases are "
                        + "followed (each *alias repeats the whole anchored content); use fewer aliases");
            }
            if (v instanceof Map<?, ?> m) {
                m.forEach((k, x) -> {
                    todo.push(k == null ? "" : k);
                    todo.push(x == null ? "" : x);
                });
            } else if (v instanceof Collection<?> c) {
                c.forEach(x -> todo.push(x == null ? "" : x));
            }
        }
        return root;
    }

    /** The first line of SnakeYAML's message: what is wrong and where (line and column). */
    public static String reason(YAMLException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
