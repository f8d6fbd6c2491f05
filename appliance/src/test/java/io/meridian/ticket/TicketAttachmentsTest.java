package io.meridian.ticket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Files added to a ticket itself, by the REST API and the ticket page's form. */
@Timeout(180)
class TicketAttachmentsTest {

    private static final String PASSWORD = "files belong to tickets";

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
     * Verifies a photo added by the API and a text file by the console's form: listed with their names, sizes and who
     * added them, downloaded byte for byte as opaque files, each addition in the history by size only; an HTML file
     * refused (415) with nothing added; unknown ticket and file 404; a closed ticket refuses more (409); and the
     * names and contents sealed: the marker is in no file of the data directory.
     */
    @Test
    void filesAddedListedDownloadedRefusedAndSealed() throws Exception {
        String marker = "FILEMARK" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
        desk = SignedInNode.start(vertx, dir.resolve("data"), Map.of("MERIDIAN_NODE_REGION", "eu"));
        AgentSession ana = desk.agent("ana", "Ana", Role.AGENT, PASSWORD);
        String contact = Await.result(desk.node().node().conversations().identifyVisitor(null,
                new VisitorProfile("de-DE", "Europe/Berlin", "Jonas", null)), "a visitor").contactId();
        String number = ana.postJson("/api/v1/tickets", new JsonObject().put("contactId", contact)
                .put("subject", "Trommel verbeult")).bodyAsJsonObject().getString("number");

        byte[] photo = png();
        HttpResponse<Buffer> added = upload(ana, "/api/v1/tickets/" + number + "/attachments", false,
                "Schaden " + marker + " 損傷.png", photo, "image/png");
        assertEquals(201, added.statusCode(), added.bodyAsString());
        JsonObject first = added.bodyAsJsonObject().getJsonArray("attachments").getJsonObject(0);
        assertEquals(List.of("Schaden " + marker + " 損傷.png", "image/png", (long) photo.length, "Ana"),
                List.of(first.getString("name"), first.getString("mediaType"), first.getLong("sizeBytes"),
                        first.getString("addedByName")));

        HttpResponse<Buffer> html = upload(ana, "/api/v1/tickets/" + number + "/attachments", false, "page.html",
                "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8), "text/html");
        assertEquals(415, html.statusCode(), html.bodyAsString());

        byte[] report = ("Lieferant bestätigt Schaden " + marker).getBytes(StandardCharsets.UTF_8);
        HttpResponse<Buffer> fromForm = upload(ana, "/console/tickets/" + number + "/attachments", true,
                "Bericht.txt", report, "text/plain");
        assertEquals(302, fromForm.statusCode(), fromForm.bodyAsString());
        assertEquals("/console/tickets/" + number + "#files", fromForm.getHeader("Location"));

        JsonArray listed = ana.get("/api/v1/tickets/" + number + "/attachments").bodyAsJsonObject()
                .getJsonArray("attachments");
        assertEquals(List.of("Schaden " + marker + " 損傷.png", "Bericht.txt"), listed.stream()
                .map(JsonObject.class::cast).map(f -> f.getString("name")).toList());
        HttpResponse<Buffer> download = ana.get("/api/v1/tickets/" + number + "/attachments/" + first.getString("id"));
        assertEquals(200, download.statusCode());
        assertArrayEquals(photo, download.body().getBytes());
        assertEquals("application/octet-stream", download.getHeader("Content-Type"));
        assertEquals("nosniff", download.getHeader("X-Content-Type-Options"));
        assertTrue(download.getHeader("Content-Disposition").startsWith("attachment;"));
        assertEquals(404, ana.get("/api/v1/tickets/" + number + "/attachments/" + UUID.randomUUID()).statusCode());
        assertEquals(404, ana.get("/api/v1/tickets/EU-99999/attachments").statusCode());

        String page = ana.get("/console/tickets/" + number).bodyAsString();
        assertTrue(page.contains("Bericht.txt") && page.contains("Ana added a file (" + photo.length + " bytes)")
                && page.contains("Ana added a file (" + report.length + " bytes)"), page);
        assertTrue(!page.contains("page.html"), "the refused file was not added");
        assertEquals(302, upload(ana, "/console/tickets/" + number + "/attachments", true, "page.html",
                "<html></html>".getBytes(StandardCharsets.UTF_8), "text/html").statusCode());
        assertTrue(ana.get("/console/tickets/" + number + "?file-refused=1").bodyAsString()
                .contains("A file was not added"));

        patch(ana, number, new JsonObject().put("status", "solved"));
        patch(ana, number, new JsonObject().put("status", "closed"));
        assertEquals(409, upload(ana, "/api/v1/tickets/" + number + "/attachments", false, "late.png", photo,
                "image/png").statusCode());

        desk.stop();
        desk = null;
        assertEquals(List.of(), new MarkerScanner(marker).hits(dir.resolve("data")),
                "a file's name or content in clear");
    }

    /** POSTs one file as multipart: by the API (the CSRF header) or as the console's form (the token in the form). */
    private HttpResponse<Buffer> upload(AgentSession who, String path, boolean console, String name, byte[] content,
            String type) {
        MultipartForm form = MultipartForm.create().binaryFileUpload("file", name, Buffer.buffer(content), type);
        if (console) {
            form.attribute("csrf", who.csrfToken());
            WebClient plain = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
            try {
                return Await.result(plain.request(HttpMethod.POST, desk.node().port(), AgentSession.HOST, path)
                        .putHeader("Cookie", who.cookie()).sendMultipartForm(form), "the form");
            } finally {
                plain.close();
            }
        }
        return Await.result(who.request(HttpMethod.POST, path).sendMultipartForm(form), "POST " + path);
    }

    private static void patch(AgentSession who, String number, JsonObject body) {
        var answer = Await.result(who.request(HttpMethod.PATCH, "/api/v1/tickets/" + number)
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body.encode())), "PATCH");
        assertEquals(200, answer.statusCode(), answer.bodyAsString());
    }

    /** A real 3x2 PNG, written by the JDK's encoder. */
    private static byte[] png() throws Exception {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xff0000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, "png", out));
        return out.toByteArray();
    }
}
