package io.meridian.routing;

import io.meridian.config.AdminYaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The routing setup as files: {@code conf/routing.yaml} and the holiday calendars {@code conf/calendars/*.ics}.
 * They seed a fresh install and can be re-read on request; errors name the file (and for YAML the field).
 * Blocking: call from a worker thread.
 */
public final class SetupFiles {

    /** What the files hold: the document tree and the calendars' texts by file name. */
    public record Contents(Path file, Map<String, Object> document, Map<String, String> calendars) {
    }

    private final Path setupFile;
    private final Path calendarsDir;

    public SetupFiles(Path setupFile, Path calendarsDir) {
        this.setupFile = setupFile;
        this.calendarsDir = calendarsDir;
    }

    public Path setupFile() {
        return setupFile;
    }

    public boolean exists() {
        return Files.isRegularFile(setupFile);
    }

    /** Reads and checks the files; fails with {@link RoutingSetupException} naming the file and field. */
    public Contents read() {
        Map<String, String> calendars = new TreeMap<>();
        if (Files.isDirectory(calendarsDir)) {
            try (Stream<Path> files = Files.list(calendarsDir)) {
                for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".ics")).sorted().toList()) {
                    long size = Files.size(p);
                    if (size > HolidayCalendars.MAX_BYTES) {
                        throw new RoutingSetupException(p.toString(), null, "is " + (size + 1023) / 1024
                                + " KiB; a calendar may be at most " + HolidayCalendars.MAX_BYTES / 1024 + " KiB");
                    }
                    calendars.put(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new RoutingSetupException(calendarsDir.toString(), null, "cannot be read: " + e.getMessage());
            }
        }
        Object root;
        try {
            root = AdminYaml.read(setupFile);
        } catch (YAMLException e) {
            throw new RoutingSetupException(setupFile.toString(), null, "not valid YAML: " + AdminYaml.reason(e));
        } catch (IllegalArgumentException e) {
            throw new RoutingSetupException(setupFile.toString(), null, e.getMessage());
        } catch (IOException e) {
            throw new RoutingSetupException(setupFile.toString(), null, "cannot be read: " + e.getMessage());
        }
        if (root != null && !(root instanceof Map)) {
            throw new RoutingSetupException(setupFile.toString(), null, "expected a mapping with teams, agents and queue");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> document = root == null ? Map.of() : (Map<String, Object>) plain(root);
        return new Contents(setupFile, document, calendars);
    }

    /** Parses calendar texts, naming the file of the first one that does not parse. */
    public static Map<String, HolidayCalendar> parseCalendars(Map<String, String> texts, String where) {
        return parseCalendars(texts, where, LocalDate.now(ZoneOffset.UTC));
    }

    /** As {@link #parseCalendars(Map, String)}, expanding the years around {@code today}. */
    static Map<String, HolidayCalendar> parseCalendars(Map<String, String> texts, String where, LocalDate today) {
        Map<String, HolidayCalendar> out = new LinkedHashMap<>();
        texts.forEach((name, text) -> {
            try {
                out.put(name, HolidayCalendar.parse(name, text, today));
            } catch (IllegalArgumentException e) {
                throw new RoutingSetupException(where + "/" + name, null, e.getMessage());
            }
        });
        return out;
    }

    /**
     * Turns YAML values into plain JSON-like ones: keys as strings, and dates (YAML reads an unquoted 2026-12-24 as
     * a timestamp) back to ISO dates, so the tree stores as JSON and parses the same way again.
     */
    static Object plain(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k instanceof Date d ? isoDate(d) : String.valueOf(k), plain(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(plain(v)));
            return out;
        }
        if (value instanceof Date d) {
            return isoDate(d);
        }
        return value;
    }

    private static String isoDate(Date d) {
        SimpleDateFormat f = new SimpleDateFormat("yyyy-MM-dd");
        f.setTimeZone(TimeZone.getTimeZone("UTC"));
        return f.format(d);
    }
}
