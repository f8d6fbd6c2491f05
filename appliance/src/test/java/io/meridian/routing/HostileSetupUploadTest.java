package io.meridian.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.meridian.testing.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile files given to a running node: a holiday calendar with an endless FREQ=SECONDLY rule uploaded through the
 * API, and a routing.yaml "billion laughs" reloaded from conf/. Each is refused with the file and the cause named,
 * the node keeps answering meanwhile, and the setup in force stays.
 */
@Timeout(120)
class HostileSetupUploadTest {

    private static final String SETUP = """
            teams:
              - {id: desk, name: Desk, time-zone: UTC, overflow-rank: 1, languages: [en], hours: {daily: "00:00-24:00"}}
            agents:
              - {username: ana, teams: [desk], languages: [en], max-conversations: 1}
            """;
    private static final String GOOD_ICS = String.join("\r\n", "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//EN",
            "BEGIN:VEVENT", "UID:1@t", "DTSTAMP:20250101T000000Z", "DTSTART;VALUE=DATE:20270101", "RRULE:FREQ=YEARLY",
            "SUMMARY:New Year", "END:VEVENT", "END:VCALENDAR", "");
    private static final String SECONDLY_ICS = String.join("\r\n", "BEGIN:VCALENDAR", "VERSION:2.0",
            "PRODID:-//t//EN", "BEGIN:VEVENT", "UID:flood@t", "DTSTAMP:20250101T000000Z", "DTSTART:20250101T000000Z",
            "RRULE:FREQ=SECONDLY", "SUMMARY:Closed every second", "END:VEVENT", "END:VCALENDAR", "");

    @TempDir
    Path dir;
    private Vertx vertx;
    private SignedInNode desk;
    private TestNode node;
    private AgentSession boss;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        desk = RoutingFixture.nodeWithSetup(vertx, dir, SETUP);
        node = desk.node();
        boss = desk.agent("boss", "The Boss", Role.ADMIN, RoutingFixture.PASSWORD);
    }

    @AfterEach
    void tearDown() {
        if (desk != null) {
            desk.stop();
        }
        Await.result(vertx.close(), "closing vert.x");
    }

    /**
     * Verifies that an endless FREQ=SECONDLY calendar put through the API is refused with a 400 naming the file, the
     * event and the rule, that health requests sent while it is processed are answered, and that the calendar in
     * force under that name stays.
     */
    @Test
    void secondlyCalendarRefusedWhileTheNodeAnswers() {
        assertEquals(200, putCalendar("company.ics", GOOD_ICS).statusCode());

        Future<HttpResponse<Buffer>> hostile = boss.request(HttpMethod.PUT, "/api/v1/routing/calendars/company.ics")
                .putHeader("Content-Type", "text/calendar").sendBuffer(Buffer.buffer(SECONDLY_ICS));
        List<Future<HttpResponse<Buffer>>> health = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            health.add(desk.web().get(node.port(), "127.0.0.1", "/health/live").send());
        }
        HttpResponse<Buffer> refused = Await.result(hostile, "the hostile calendar");
        for (Future<HttpResponse<Buffer>> h : health) {
            assertEquals(200, Await.result(h, "a health request sent during the upload").statusCode());
        }
        assertEquals(400, refused.statusCode(), refused.bodyAsString());
        String detail = refused.bodyAsJsonObject().getString("detail");
        assertTrue(detail.startsWith("uploaded company.ics: the event 'Closed every second' (UID flood@t) has "
                + "RRULE:FREQ=SECONDLY, refused: it repeats more than 10000 more times between"), detail);
        assertTrue(detail.endsWith("The setup in force is unchanged."), detail);
        assertEquals(GOOD_ICS, node.node().routing().calendar("company.ics").orElseThrow().text(),
                "the calendar in force stays");
        assertEquals(1, node.node().routing().calendar("company.ics").orElseThrow().eventCount());
    }

    /**
     * Verifies that a routing.yaml that is a "billion laughs" (a few hundred bytes, 10^9 values once its aliases are
     * followed) is refused on reload naming the file and the alias limit, and that the setup in force stays.
     */
    @Test
    void billionLaughsRoutingFileRefused() throws Exception {
        StringBuilder yaml = new StringBuilder("teams: []\nlol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 9; i++) {
            yaml.append("lol").append(i).append(": &l").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                yaml.append(j == 0 ? "" : ", ").append("*l").append(i - 1);
            }
            yaml.append("]\n");
        }
        Path file = dir.resolve("conf/routing.yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        HttpResponse<Buffer> refused = Await.result(boss.request(HttpMethod.POST, "/api/v1/routing/reload").send(),
                "reloading a billion laughs");
        assertEquals(400, refused.statusCode(), refused.bodyAsString());
        String detail = refused.bodyAsJsonObject().getString("detail");
        assertTrue(detail.startsWith(file + ": not valid YAML: Number of aliases for non-scalar nodes exceeds the "
                + "specified max=20"), detail);

        // Few aliases but deep: refused by the nesting limit.
        Files.writeString(file, "teams: " + "[".repeat(40) + "]".repeat(40) + "\n", StandardCharsets.UTF_8);
        String deep = Await.result(boss.request(HttpMethod.POST, "/api/v1/routing/reload").send(), "deep YAML")
                .bodyAsJsonObject().getString("detail");
        assertTrue(deep.startsWith(file + ": not valid YAML: Nesting Depth exceeded max 20"), deep);

        JsonObject setup = boss.get("/api/v1/routing/setup").bodyAsJsonObject();
        assertTrue(setup.encode().contains("\"desk\""), "the setup in force stays: " + setup.encode());
    }

    private HttpResponse<Buffer> putCalendar(String name, String text) {
        return Await.result(boss.request(HttpMethod.PUT, "/api/v1/routing/calendars/" + name)
                .putHeader("Content-Type", "text/calendar").sendBuffer(Buffer.buffer(text)), "PUT " + name);
    }
}
