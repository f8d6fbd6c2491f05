package io.meridian.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.testing.MutableClock;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where an account is signed in: its sessions listed (the current one marked), one ended by its owner, all others
 * ended at once, all ended by an admin; a session past its absolute limit ends however busy it was.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SessionListTest {

    private static final String PASSWORD = "Session-list-test-pw-1";

    @TempDir
    static Path dir;

    private static Vertx vertx;
    private static SecurityFixture.AccountStore shared;
    private static SignedInAgent alice;

    @BeforeAll
    static void openStore(Vertx v) {
        vertx = v;
        shared = SecurityFixture.AccountStore.open(vertx, dir);
        alice = SecurityFixture.readyAgent(shared.accounts(), "alice", "Alice", Role.AGENT, PASSWORD);
        SecurityFixture.readyAgent(shared.accounts(), "root", "Root", Role.ADMIN, PASSWORD);
    }

    @AfterAll
    static void closeStore() {
        if (shared != null) {
            shared.close();
        }
    }

    private static ApiClient signedIn(int port, String username) {
        ApiClient client = new ApiClient(vertx, port);
        assertEquals(200, client.signIn(username, PASSWORD).statusCode());
        return client;
    }

    private static JsonArray sessions(ApiClient client) {
        var r = client.get("/api/v1/session/devices");
        assertEquals(200, r.statusCode(), r.bodyAsString());
        return r.bodyAsJsonObject().getJsonArray("sessions");
    }

    private static String current(ApiClient client) {
        return sessions(client).stream().map(o -> (JsonObject) o).filter(o -> o.getBoolean("current")).findFirst()
                .orElseThrow().getString("id");
    }

    @Test
    void anAgentEndsTheirOwnSessionsAndAnAdminEndsAllOfThem() {
        SecurityFixture.Server server = shared.startServer(Map.of());
        try (ApiClient laptop = signedIn(server.port(), "alice"); ApiClient phone = signedIn(server.port(), "alice");
                ApiClient kiosk = signedIn(server.port(), "alice"); ApiClient admin = signedIn(server.port(), "root")) {
            JsonArray listed = sessions(laptop);
            assertEquals(3, listed.size(), listed.encode());
            assertEquals(1, listed.stream().filter(o -> ((JsonObject) o).getBoolean("current")).count());
            JsonObject one = listed.getJsonObject(0);
            assertTrue(one.getString("browser").contains("Vert.x"), one.encode());
            assertEquals("127.0.0.1", one.getString("address"));
            assertTrue(listed.stream().noneMatch(o -> laptop.cookie().contains(((JsonObject) o).getString("id"))),
                    "the list never shows a session id");

            var page = laptop.get("/console/sessions");
            assertEquals(200, page.statusCode(), page.bodyAsString());
            assertEquals(3, page.bodyAsString().split("/end\"", -1).length - 1,
                    "a sign-out button for each of the two other sessions, and one for both: " + page.bodyAsString());
            assertTrue(page.bodyAsString().contains("/console/sessions/others/end"));
            String phoneSession = current(phone);
            assertEquals(404, laptop.write(HttpMethod.DELETE, "/api/v1/session/devices/" + current(admin), null)
                    .statusCode(), "another account's session is not yours to end");
            assertEquals(204, laptop.write(HttpMethod.DELETE, "/api/v1/session/devices/" + phoneSession, null)
                    .statusCode());
            assertEquals(401, phone.get("/api/v1/session/devices").statusCode(), "the phone is signed out");
            assertEquals(2, sessions(laptop).size());

            var others = laptop.write(HttpMethod.POST, "/api/v1/session/devices/sign-out-others", new JsonObject());
            assertEquals(1, others.bodyAsJsonObject().getInteger("ended"), others.bodyAsString());
            assertEquals(401, kiosk.get("/api/v1/session/devices").statusCode(), "the kiosk is signed out");
            assertEquals(List.of(current(laptop)), sessions(laptop).stream()
                    .map(o -> ((JsonObject) o).getString("id")).toList(), "the laptop stays signed in");

            assertEquals(403, laptop.get("/api/v1/agents/" + alice.id() + "/sessions").statusCode());
            JsonArray seen = admin.get("/api/v1/agents/" + alice.id() + "/sessions").bodyAsJsonObject()
                    .getJsonArray("sessions");
            assertEquals(1, seen.size(), seen.encode());
            var all = admin.write(HttpMethod.DELETE, "/api/v1/agents/" + alice.id() + "/sessions", null);
            assertEquals(200, all.statusCode(), all.bodyAsString());
            assertEquals(401, laptop.get("/api/v1/session/devices").statusCode(), "ended by the admin");
            assertEquals(200, admin.get("/api/v1/session/devices").statusCode(), "the admin's own stays");
        } finally {
            server.stop();
        }
    }

    @Test
    void aSessionEndsAtItsAbsoluteLimitHoweverBusy() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-07T09:00:00Z"));
        SecurityFixture.Server server = shared.startServer(Map.of("MERIDIAN_SECURITY_SESSION_ABSOLUTE_HOURS", "2"),
                clock);
        try (ApiClient client = signedIn(server.port(), "alice")) {
            clock.advance(Duration.ofMinutes(119));
            assertEquals(200, client.get("/api/v1/session/devices").statusCode(), "busy and within its limit");
            clock.advance(Duration.ofMinutes(2));
            assertEquals(401, client.get("/api/v1/session/devices").statusCode(), "two hours after signing in");
            assertEquals(200, client.signIn("alice", PASSWORD).statusCode(), "signing in again starts a new one");
            assertEquals(200, client.get("/api/v1/session/devices").statusCode());
        } finally {
            server.stop();
        }
    }
}
