package io.meridian.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.protocol.AgentSession;
import io.meridian.protocol.WidgetVisitor;
import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Macros: one click that changes a ticket and answers the customer in their language. */
@Timeout(120)
class TicketMacrosTest {

    private static final String PASSWORD = "one click, many changes";

    @TempDir
    Path dir;
    private final Vertx vertx = Vertx.vertx();
    private SignedInNode desk;

    @AfterEach
    void tearDown() {
        if (desk != null) {
            desk.stop();
        }
        Await.result(vertx.close(), "closing vert.x");
    }

    /**
     * Verifies that a macro solves the ticket and raises its priority as one recorded change, and sends the shared
     * canned reply it names to the German customer in German with the ticket's number filled in (live in the
     * widget); the console's macro form does the same; an unknown macro is 404, and one whose reply is not a canned
     * reply of the agent's is 404 and changes nothing; the definitions are listed.
     */
    @Test
    void aMacroChangesTheTicketAndAnswersInTheCustomersLanguage() throws Exception {
        Path file = Files.writeString(dir.resolve("ticket-macros.yaml"), String.join("\n", "macros:",
                "  - key: part-ordered",
                "    label: {en: Part ordered, de: Teil bestellt}",
                "    set: {status: on-hold, priority: high}",
                "    reply: part-ordered",
                "  - {key: broken, label: Broken, reply: nobody-has-this}",
                "  - {key: half, label: Half, set: {priority: urgent}, reply: nobody-has-this}",
                ""));
        desk = SignedInNode.start(vertx, dir.resolve("data"), Map.of("MERIDIAN_NODE_REGION", "eu",
                "MERIDIAN_TICKETS_MACROS_FILE", file.toString()));
        AgentSession boss = desk.agent("boss", "The Boss", Role.ADMIN, PASSWORD);
        HttpResponse<Buffer> saved = Await.result(boss.request(HttpMethod.PUT, "/api/v1/canned-replies/part-ordered")
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(new JsonObject()
                        .put("shortcut", "part-ordered").put("title", "Part ordered").put("scope", "shared")
                        .put("texts", new JsonObject()
                                .put("en", "We ordered the part for {{ticket.number}}, {{customer.name}}.")
                                .put("de", "Wir haben das Teil für {{ticket.number}} bestellt, {{customer.name}}."))
                        .encode())), "a shared canned reply");
        assertEquals(200, saved.statusCode(), saved.bodyAsString());
        AgentSession ana = desk.agent("ana", "Ana", Role.AGENT, PASSWORD);
        assertEquals(List.of("part-ordered", "broken", "half"), ana.get("/api/v1/ticket-macros").bodyAsJsonObject()
                .getJsonArray("macros").stream().map(JsonObject.class::cast).map(m -> m.getString("key")).toList());
        String admin = boss.get("/console/tickets/service-levels").bodyAsString();
        assertTrue(admin.contains("<td>Part ordered</td><td>Status → On hold, Priority → High</td><td><code>/part-ordered"
                + "</code></td>") && admin.contains("No custom fields."), admin);

        WidgetVisitor visitor = WidgetVisitor.open(vertx, desk.node().port());
        Await.result(visitor.send(new JsonObject().put("type", "hello").put("locale", "de-DE").put("name", "Jonas")),
                "hello");
        visitor.expect("welcome");
        String chat = visitor.say("Die Trommel meiner Waschmaschine klemmt seit gestern.")
                .getJsonObject("message").getString("conversationId");
        String number = ana.postJson("/api/v1/tickets", new JsonObject().put("conversationId", chat))
                .bodyAsJsonObject().getString("number");

        HttpResponse<Buffer> applied = ana.postJson("/api/v1/tickets/" + number + "/macros/part-ordered?language=en",
                new JsonObject());
        assertEquals(200, applied.statusCode(), applied.bodyAsString());
        JsonObject ticket = applied.bodyAsJsonObject().getJsonObject("ticket");
        assertEquals(List.of("on-hold", "high", chat), List.of(ticket.getString("status"), ticket.getString("priority"),
                applied.bodyAsJsonObject().getString("repliedIn")));
        visitor.expect(f -> "message".equals(f.getString("type")) && ("Wir haben das Teil für " + number
                + " bestellt, Jonas.").equals(f.getJsonObject("message").getString("text")), "the German reply");

        assertEquals(404, ana.postJson("/api/v1/tickets/" + number + "/macros/nothing", new JsonObject())
                .statusCode());
        assertEquals(404, ana.postJson("/api/v1/tickets/" + number + "/macros/broken", new JsonObject())
                .statusCode());
        assertEquals(404, ana.postJson("/api/v1/tickets/" + number + "/macros/half", new JsonObject())
                .statusCode());
        assertEquals("high", ana.get("/api/v1/tickets/" + number).bodyAsJsonObject().getString("priority"),
                "a macro that cannot answer changes nothing");

        patch(ana, number, new JsonObject().put("status", "open").put("priority", "normal"));
        HttpResponse<Buffer> fromForm = Await.result(ana.request(HttpMethod.POST, "/console/tickets/" + number
                + "/macro").followRedirects(false).putHeader("Content-Type", "application/x-www-form-urlencoded")
                .sendBuffer(Buffer.buffer("macro=part-ordered")), "the console's macro form");
        assertEquals(302, fromForm.statusCode(), fromForm.bodyAsString());
        assertEquals("on-hold", ana.get("/api/v1/tickets/" + number).bodyAsJsonObject().getString("status"));
        String page = ana.get("/console/tickets/" + number).bodyAsString();
        assertTrue(page.contains("<option value=\"part-ordered\">Part ordered</option>"), page);
        assertEquals(400, Await.result(ana.request(HttpMethod.POST, "/console/tickets/" + number + "/macro")
                .followRedirects(false).putHeader("Content-Type", "application/x-www-form-urlencoded")
                .sendBuffer(Buffer.buffer("macro=broken")), "a broken macro").statusCode());
    }

    private static HttpResponse<Buffer> patch(AgentSession who, String ticket, JsonObject body) {
        return Await.result(who.request(HttpMethod.PATCH, "/api/v1/tickets/" + ticket)
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body.encode())), "PATCH");
    }
}
