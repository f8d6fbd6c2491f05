package io.meridian.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.VisitorProfile;
import io.meridian.e2e.MarkerScanner;
import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
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

/** Custom fields of tickets from a fields file: types, values, required per status, history, filters, at rest. */
@Timeout(120)
class TicketFieldsTest {

    private static final String PASSWORD = "fields for every desk";
    private static final String FIELDS = String.join("\n",
            "fields:",
            "  - key: product",
            "    type: dropdown",
            "    label: {en: Product, ja: 製品}",
            "    options:",
            "      - {value: washer, label: {en: Washing machine, ja: 洗濯機}}",
            "      - {value: dryer, label: {en: Dryer, ja: 乾燥機}}",
            "    required-for: [solved]",
            "  - {key: order, type: text, label: Order number}",
            "  - {key: refund, type: number, label: Refund (EUR)}",
            "  - {key: promised, type: date, label: Promised for}",
            "  - {key: warranty, type: checkbox, label: Under warranty}",
            "");

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
     * Verifies values of each type set at creation and changed later (normalised: 49.90 → 49.9), values refused with
     * the field named, a field required to solve (400 naming it until it has a value), the history (codes shown as
     * their labels; a text field's change without its text), listing by a drop-down or checkbox value (not by text),
     * the console's form, and that a text field's value is sealed (not in any file of the data directory).
     */
    @Test
    void valuesOfEachTypeWithRequiredFieldsHistoryAndFilters() throws Exception {
        Path file = Files.writeString(dir.resolve("ticket-fields.yaml"), FIELDS);
        String marker = "ORD" + Long.toHexString(Double.doubleToLongBits(Math.random())).toUpperCase();
        desk = SignedInNode.start(vertx, dir.resolve("data"), Map.of("MERIDIAN_NODE_REGION", "eu",
                "MERIDIAN_TICKETS_FIELDS_FILE", file.toString()));
        AgentSession ana = desk.agent("ana", "Ana", Role.AGENT, PASSWORD);
        String contact = Await.result(desk.node().node().conversations().identifyVisitor(null,
                new VisitorProfile("en-GB", "Europe/London", "Sam", null)), "a visitor").contactId();
        JsonArray defined = ana.get("/api/v1/ticket-fields").bodyAsJsonObject().getJsonArray("fields");
        assertEquals(List.of("product", "order", "refund", "promised", "warranty"), defined.stream()
                .map(JsonObject.class::cast).map(f -> f.getString("key")).toList());
        assertEquals("製品", defined.getJsonObject(0).getJsonObject("labels").getString("ja"));

        JsonObject made = ana.postJson("/api/v1/tickets", new JsonObject().put("contactId", contact)
                .put("subject", "Drum noise").put("fields", new JsonObject().put("order", marker)
                        .put("product", "washer"))).bodyAsJsonObject();
        String number = made.getString("number");
        assertEquals(new JsonObject().put("order", marker).put("product", "washer"), made.getJsonObject("fields"));
        JsonObject changed = patch(ana, number, new JsonObject().put("fields", new JsonObject().put("refund", "49.90")
                .put("promised", "2026-12-24").put("warranty", true))).bodyAsJsonObject();
        assertEquals(Map.of("order", marker, "product", "washer", "refund", "49.9", "promised", "2026-12-24",
                "warranty", "true"), changed.getJsonObject("fields").getMap());

        for (JsonObject bad : List.of(new JsonObject().put("refund", "lots"), new JsonObject().put("product", "fridge"),
                new JsonObject().put("promised", "24.12.2026"), new JsonObject().put("warranty", "maybe"),
                new JsonObject().put("colour", "red"), new JsonObject().put("order", "x".repeat(201)))) {
            HttpResponse<Buffer> refused = patch(ana, number, new JsonObject().put("fields", bad));
            assertEquals(400, refused.statusCode(), bad.encode());
            assertTrue(refused.bodyAsString().contains(bad.fieldNames().iterator().next()), refused.bodyAsString());
        }

        patch(ana, number, new JsonObject().put("fields", new JsonObject().putNull("product")));
        HttpResponse<Buffer> unsolvable = patch(ana, number, new JsonObject().put("status", "solved"));
        assertEquals(400, unsolvable.statusCode());
        assertTrue(unsolvable.bodyAsString().contains("Product (product) is required for status solved"),
                unsolvable.bodyAsString());
        assertEquals(200, patch(ana, number, new JsonObject().put("status", "solved").put("fields",
                new JsonObject().put("product", "dryer"))).statusCode());

        JsonArray trail = ana.get("/api/v1/tickets/" + number).bodyAsJsonObject().getJsonArray("events");
        List<JsonObject> products = trail.stream().map(JsonObject.class::cast)
                .filter(e -> "field:product".equals(e.getString("field"))).toList();
        assertEquals(2, products.size(), trail.encode());
        assertEquals(java.util.Arrays.asList("washer", null, null, "dryer"), java.util.Arrays.asList(
                products.get(0).getString("from"), products.get(0).getString("to"), products.get(1).getString("from"),
                products.get(1).getString("to")));
        JsonObject order = trail.stream().map(JsonObject.class::cast)
                .filter(e -> "field:order".equals(e.getString("field"))).findFirst().orElse(null);
        assertEquals(null, order, "set at creation: no change recorded yet");
        String page = ana.get("/console/tickets/" + number).bodyAsString();
        assertTrue(page.contains("Ana changed Product from Washing machine to (empty)")
                && page.contains("Ana changed Product from (empty) to Dryer")
                && page.contains("Ana changed Under warranty from (empty) to Yes"), page);
        assertTrue(page.contains("value=\"49.9\"") && page.contains("name=\"field.promised\""), page);

        assertEquals(List.of(number), numbers(ana, "solved&field=product&value=dryer"));
        assertEquals(List.of(), numbers(ana, "solved&field=product&value=washer"));
        assertEquals(List.of(number), numbers(ana, "solved&field=warranty&value=true"));
        assertEquals(400, ana.get("/api/v1/tickets?view=solved&field=order&value=x").statusCode(),
                "a text field is sealed: not listed by");

        HttpResponse<Buffer> fromForm = Await.result(ana.request(HttpMethod.POST, "/console/tickets/" + number)
                .followRedirects(false).putHeader("Content-Type", "application/x-www-form-urlencoded")
                .sendBuffer(Buffer.buffer("status=open&field.refund=12&field.order=" + marker + "B")), "the form");
        assertEquals(302, fromForm.statusCode(), fromForm.bodyAsString());
        String after = ana.get("/console/tickets/" + number).bodyAsString();
        assertTrue(after.contains("Ana changed Refund (EUR) from 49.9 to 12") && after.contains("Ana changed Order number"),
                after);

        String filtered = ana.get("/console/tickets?view=open&filter=product:dryer").bodyAsString();
        assertTrue(filtered.contains("/console/tickets/" + number + "\"") && filtered.contains(
                "<option value=\"product:dryer\" selected>Dryer</option>"), filtered);
        assertTrue(!ana.get("/console/tickets?view=open&filter=product:washer").bodyAsString()
                .contains("/console/tickets/" + number + "\""), "another value lists it not");
        assertEquals(200, ana.get("/console/tickets?view=open&filter=order:x").statusCode(),
                "a text field cannot filter: the view unfiltered");

        desk.stop();
        desk = null;
        assertEquals(List.of(), new MarkerScanner(marker).hits(dir.resolve("data")), "a text field in clear");
    }

    /**
     * Verifies that an option an admin removes while tickets use it loses nothing: the stored value stays, is shown
     * as no longer offered and selected in the form, so sending the form back (or PATCHing the same value) changes
     * nothing; it cannot be chosen again (400 naming the options), another option can.
     */
    @Test
    void anOptionRemovedWhileTicketsUseItIsKept() throws Exception {
        Path file = Files.writeString(dir.resolve("ticket-fields.yaml"), FIELDS);
        desk = SignedInNode.start(vertx, dir.resolve("data"), Map.of("MERIDIAN_NODE_REGION", "eu",
                "MERIDIAN_TICKETS_FIELDS_FILE", file.toString()));
        AgentSession ana = desk.agent("ana", "Ana", Role.AGENT, PASSWORD);
        String contact = Await.result(desk.node().node().conversations().identifyVisitor(null,
                new VisitorProfile("en-GB", "Europe/London", "Sam", null)), "a visitor").contactId();
        String number = ana.postJson("/api/v1/tickets", new JsonObject().put("contactId", contact)
                .put("subject", "Drum noise").put("fields", new JsonObject().put("product", "washer")))
                .bodyAsJsonObject().getString("number");
        desk.stop();
        Files.writeString(file, FIELDS.replace("      - {value: washer, label: {en: Washing machine, ja: 洗濯機}}\n",
                ""));
        assertTrue(!Files.readString(file).contains("washer"), "the option is gone from the file");
        desk = SignedInNode.start(vertx, dir.resolve("data"), Map.of("MERIDIAN_NODE_REGION", "eu",
                "MERIDIAN_TICKETS_FIELDS_FILE", file.toString()));
        ana = desk.signIn("ana", PASSWORD);

        assertEquals("washer", ana.get("/api/v1/tickets/" + number).bodyAsJsonObject().getJsonObject("fields")
                .getString("product"));
        String page = ana.get("/console/tickets/" + number).bodyAsString();
        assertTrue(page.contains("<option value=\"washer\" selected>washer (no longer offered)</option>"), page);
        HttpResponse<Buffer> fromForm = Await.result(ana.request(HttpMethod.POST, "/console/tickets/" + number)
                .followRedirects(false).putHeader("Content-Type", "application/x-www-form-urlencoded")
                .sendBuffer(Buffer.buffer("status=open&field.product=washer")), "the form sent back");
        assertEquals(302, fromForm.statusCode(), fromForm.bodyAsString());
        assertEquals(200, patch(ana, number, new JsonObject().put("fields", new JsonObject().put("product", "washer")))
                .statusCode());
        JsonObject kept = ana.get("/api/v1/tickets/" + number).bodyAsJsonObject();
        assertEquals(List.of("open", "washer"), List.of(kept.getString("status"),
                kept.getJsonObject("fields").getString("product")));
        HttpResponse<Buffer> refused = patch(ana, number, new JsonObject().put("fields", new JsonObject()
                .put("product", "fridge")));
        assertEquals(400, refused.statusCode());
        assertTrue(refused.bodyAsString().contains("product must be one of dryer"), refused.bodyAsString());
        assertEquals(200, patch(ana, number, new JsonObject().put("fields", new JsonObject().put("product", "dryer")))
                .statusCode());
        assertTrue(ana.get("/console/tickets/" + number).bodyAsString()
                .contains("Ana changed Product from washer to Dryer"));
    }

    /** Verifies that a mistake in the fields file stops the start, naming the file, the field and the key. */
    @Test
    void aMistakeInTheFieldsFileStopsTheStart() throws Exception {
        Path file = Files.writeString(dir.resolve("ticket-fields.yaml"),
                "fields:\n  - {key: colour, type: colourpicker, label: Colour}\n");
        AssertionError refused = assertThrows(AssertionError.class, () -> SignedInNode.start(vertx,
                dir.resolve("data"), Map.of("MERIDIAN_TICKETS_FIELDS_FILE", file.toString())));
        String message = String.valueOf(refused.getMessage()) + refused.getCause();
        assertTrue(message.contains("ticket-fields.yaml, field 'colour', key 'type'"), message);
    }

    private static HttpResponse<Buffer> patch(AgentSession who, String ticket, JsonObject body) {
        return Await.result(who.request(HttpMethod.PATCH, "/api/v1/tickets/" + ticket)
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body.encode())), "PATCH");
    }

    private static List<String> numbers(AgentSession who, String viewAndFilter) {
        return who.get("/api/v1/tickets?view=" + viewAndFilter).bodyAsJsonObject().getJsonArray("tickets").stream()
                .map(JsonObject.class::cast).map(t -> t.getString("number")).toList();
    }
}
