package io.meridian.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meridian.protocol.WidgetVisitor;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The widget's header availability over the real widget socket: open when a team serving the visitor's browser
 * language is open, away until the first opening when none is, in {@code welcome} and in every {@code pong}.
 */
@Timeout(120)
class WidgetAvailabilityTest {

    @TempDir
    Path dir;
    private SignedInNode node;

    @AfterEach
    void tearDown() {
        if (node != null) {
            node.close();
        }
    }

    /**
     * Verifies that a Japanese visitor, whose only team opens tomorrow at 09:00 UTC, is told "away until" that
     * instant; that an English visitor, whose team is open around the clock, is told open; that a Portuguese
     * visitor, whom no team serves, is told open because some team is.
     */
    @Test
    void openOrAwayUntilTheFirstOpening() throws Exception {
        LocalDate tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1);
        String day = tomorrow.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toLowerCase(Locale.ROOT);
        node = RoutingFixture.nodeAloneWithSetup(dir, """
                teams:
                  - {id: tokyo, name: Tokyo, time-zone: UTC, overflow-rank: 1, languages: [ja], hours: {%s: "09:00-17:00"}}
                  - {id: desk, name: Desk, time-zone: UTC, overflow-rank: 2, languages: [en], hours: {daily: "00:00-24:00"}}
                """.formatted(day));
        Vertx vertx = node.vertx();

        JsonObject japanese = availability("ja-JP");
        assertEquals(false, japanese.getBoolean("open"), japanese.encode());
        assertEquals(tomorrow.atTime(9, 0).toInstant(ZoneOffset.UTC).toString(), japanese.getString("opensAt"));
        assertEquals(new JsonObject().put("open", true), availability("en-GB"));
        assertEquals(new JsonObject().put("open", true), availability("pt-BR"), "no team speaks pt: all teams count");
    }

    /** The availability in {@code welcome}, checked to be the same in the {@code pong} that follows. */
    private JsonObject availability(String browserLanguage) {
        WidgetVisitor visitor = WidgetVisitor.open(node.vertx(), node.node().port());
        try {
            Await.result(visitor.send(new JsonObject().put("type", "hello").put("locale", browserLanguage)
                    .put("languages", new JsonArray().add(browserLanguage))), "hello");
            JsonObject welcome = visitor.expect("welcome");
            Await.result(visitor.send(new JsonObject().put("type", "ping")), "ping");
            JsonObject pong = visitor.expect("pong");
            assertEquals(welcome.getJsonObject("availability"), pong.getJsonObject("availability"));
            return welcome.getJsonObject("availability");
        } finally {
            Await.result(visitor.close(), "closing the visitor");
        }
    }
}
