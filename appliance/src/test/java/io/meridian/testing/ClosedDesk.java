package io.meridian.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;

/**
 * A routing setup in which nothing is open while a test runs: one team, "Desk" (id {@code desk}, English, agent
 * {@code carla}), open for one hour twelve hours from now. Every new conversation is therefore off hours: it waits in
 * Desk's queue and a person's message gets the shipped off-hours reply.
 */
public final class ClosedDesk {

    public static final String TEAM_ID = "desk";
    public static final String TEAM_NAME = "Desk";

    private ClosedDesk() {
    }

    /** Writes conf/routing.yaml and conf/calendars under {@code dir}; returns the MERIDIAN_* variables naming them. */
    public static Map<String, String> write(Path dir) throws IOException {
        int opens = (ZonedDateTime.now(ZoneOffset.UTC).getHour() + 12) % 24;
        String hours = String.format("%02d:00-%02d:00", opens, opens + 1);
        Path calendars = Files.createDirectories(dir.resolve("conf/calendars"));
        Path file = dir.resolve("conf/routing.yaml");
        Files.writeString(file, String.join("\n", "teams:",
                "  - {id: " + TEAM_ID + ", name: " + TEAM_NAME + ", time-zone: UTC, overflow-rank: 1, languages: [en], "
                        + "hours: {daily: \"" + hours + "\"}}",
                "agents:", "  - {username: carla, teams: [" + TEAM_ID + "], languages: [en], max-conversations: 5}", ""),
                StandardCharsets.UTF_8);
        return Map.of("MERIDIAN_ROUTING_FILE", file.toString(),
                "MERIDIAN_ROUTING_CALENDARS_DIR", calendars.toString(),
                "MERIDIAN_ROUTING_TEMPLATES_DIR", Path.of("../conf/templates").toAbsolutePath().normalize().toString());
    }
}
