package io.meridian.plugin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.plugin.fixtures.FileChatChannel;
import io.meridian.plugin.fixtures.FileChatFactory;
import io.meridian.plugin.fixtures.FixtureControl;
import io.meridian.plugin.fixtures.TextChatFactory;
import io.meridian.protocol.AgentSession;
import io.meridian.protocol.WidgetVisitor;
import io.meridian.security.Role;
import io.meridian.spi.channel.Attachment;
import io.meridian.spi.channel.ChannelIdentity;
import io.meridian.spi.channel.InboundMessage;
import io.meridian.spi.channel.OutboundMessage;
import io.meridian.spi.testkit.PluginZipBuilder;
import io.meridian.testing.Await;
import io.meridian.testing.Browsers;
import io.meridian.testing.SignedInNode;
import io.meridian.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.junit5.VertxExtension;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/**
 * Files on a channel that is not e-mail, end to end on a real node with a real plugin zip: a messaging app's
 * connector ({@link FileChatChannel}) delivers a PNG and a PDF through the SPI; they are sealed with the contact's
 * key, listed on the conversation, downloadable by agents only; an agent's reply with a file leaves through the same
 * connector; files outside the limits are named in the message (customer) or refused with a problem (agent), and
 * nothing is lost or stored half. Limits for this node: 4,096 bytes a file, 3 files and 10,000 bytes a message.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ChannelAttachmentsEndToEndTest {

    private static final String ADMIN_PASSWORD = "Files-admin-pw-1";
    private static final String AGENT_PASSWORD = "Files-agent-pw-1";
    private static final String FILES_LINE = "files-line";
    private static final String TEXT_LINE = "text-line";

    @TempDir
    static Path root;

    private static Vertx vertx;
    private static SignedInNode desk;
    private static TestNode node;
    private static AgentSession agent;
    private static byte[] png;
    private static byte[] pdf;

    @BeforeAll
    static void startNode(Vertx testVertx) throws Exception {
        vertx = testVertx;
        Path plugins = Files.createDirectories(root.resolve("plugins"));
        PluginZipBuilder.plugin("chatfiles").version("1.0.0").requires(">=1.0.0").provider("Meridian tests")
                .extension(FileChatFactory.class).extension(TextChatFactory.class).addClass(FileChatChannel.class)
                .writeInto(plugins);
        desk = SignedInNode.start(vertx, root.resolve("data"), Map.of(
                "MERIDIAN_PLUGINS_DIR", plugins.toString(),
                "MERIDIAN_PLUGINS_CONNECTORS_DIR", root.resolve("no-connectors").toString(),
                "MERIDIAN_PLUGINS_ALLOW_UNSIGNED", "true",
                "MERIDIAN_ATTACHMENTS_MAX_BYTES", "4096",
                "MERIDIAN_ATTACHMENTS_MAX_PER_MESSAGE", "3",
                "MERIDIAN_ATTACHMENTS_MAX_TOTAL_BYTES", "10000"));
        node = desk.node();
        Await.result(node.node().plugins().initialLoad(), "loading the plugins");
        AgentSession admin = desk.agent("root", "Root", Role.ADMIN, ADMIN_PASSWORD);
        agent = desk.agent("mia", "Mia", Role.AGENT, AGENT_PASSWORD);
        createInstance(admin, FILES_LINE, FileChatFactory.ID);
        createInstance(admin, TEXT_LINE, TextChatFactory.ID);
        png = png();
        pdf = pdf("Invoice 2026-114");
    }

    @AfterAll
    static void stopNode() {
        if (desk != null) {
            desk.stop();
        }
    }

    /**
     * Verifies that a PNG and a PDF a messaging app delivers are stored sealed (the raw columns hold neither the
     * bytes nor the names), listed with the message in the REST API and on the console's page, downloaded by an agent
     * byte for byte as an attachment with nosniff, and refused to anyone without a console session, a visitor with
     * a widget session included.
     */
    @Test
    void filesFromAMessagingAppAreSealedListedAndDownloadableByAgentsOnly() throws Exception {
        String text = "Here is the photo of the broken lid and the invoice";
        JsonObject received = customerSends(FILES_LINE, "mika-" + UUID.randomUUID(), text,
                new Attachment("lid photo.png", "image/png", png),
                new Attachment("invoice-114.pdf", "application/pdf", pdf));
        String conversationId = received.getString("conversationId");
        String messageId = received.getString("messageId");

        List<byte[][]> raw = rawColumns(messageId);
        assertEquals(2, raw.size());
        for (byte[][] row : raw) {
            assertFalse(contains(row[2], png) || contains(row[2], pdf), "content is sealed");
            assertFalse(contains(row[2], "Invoice 2026-114".getBytes(StandardCharsets.US_ASCII)), "content is sealed");
            assertFalse(contains(row[0], "lid photo".getBytes(StandardCharsets.UTF_8))
                    || contains(row[0], "invoice-114".getBytes(StandardCharsets.UTF_8)), "names are sealed");
            assertFalse(contains(row[1], "image/png".getBytes(StandardCharsets.US_ASCII))
                    || contains(row[1], "application/pdf".getBytes(StandardCharsets.US_ASCII)), "types are sealed");
        }

        JsonObject message = message(conversationId, messageId);
        assertEquals(text, message.getString("text"), "nothing was refused, so the text is the customer's");
        JsonArray files = message.getJsonArray("attachments");
        assertEquals(2, files.size(), files.encode());
        JsonObject photo = files.getJsonObject(0);
        JsonObject invoice = files.getJsonObject(1);
        assertEquals("lid photo.png", photo.getString("name"));
        assertEquals("image/png", photo.getString("mediaType"));
        assertEquals(png.length, photo.getLong("sizeBytes"));
        assertEquals("invoice-114.pdf", invoice.getString("name"));
        assertEquals("application/pdf", invoice.getString("mediaType"));
        assertEquals("/api/v1/attachments/" + invoice.getString("id"), invoice.getString("url"));

        HttpResponse<Buffer> photoFile = agent.get(photo.getString("url"));
        assertEquals(200, photoFile.statusCode());
        assertArrayEquals(png, photoFile.body().getBytes());
        assertEquals("application/octet-stream", photoFile.getHeader("Content-Type"));
        assertTrue(photoFile.getHeader("Content-Disposition").startsWith("attachment; filename=\"lid photo.png\""),
                photoFile.getHeader("Content-Disposition"));
        assertEquals("nosniff", photoFile.getHeader("X-Content-Type-Options"));
        HttpResponse<Buffer> invoiceFile = agent.get(invoice.getString("url"));
        assertEquals(200, invoiceFile.statusCode());
        assertArrayEquals(pdf, invoiceFile.body().getBytes());

        String page = agent.get("/console/conversations/" + conversationId).bodyAsString();
        assertTrue(page.contains("href=\"/console/attachments/" + photo.getString("id") + "\"")
                && page.contains("lid photo.png") && page.contains("invoice-114.pdf"), page);
        assertTrue(page.contains("type=\"file\" name=\"files\""), "the reply form takes files on this channel");
        assertArrayEquals(pdf, agent.get("/console/attachments/" + invoice.getString("id")).body().getBytes());

        HttpResponse<Buffer> anonymous = Await.result(desk.web().get(node.port(), AgentSession.HOST,
                invoice.getString("url")).send(), "download without a session");
        assertEquals(401, anonymous.statusCode());
        assertFalse(contains(anonymous.body().getBytes(), pdf));
        WidgetVisitor visitor = WidgetVisitor.open(vertx, node.port());
        String visitorToken = visitor.hello(null).getString("visitorToken");
        visitor.say("Hello, can I see that invoice?");
        HttpResponse<Buffer> byVisitor = Await.result(desk.web().get(node.port(), AgentSession.HOST,
                invoice.getString("url")).putHeader("Authorization", "Bearer " + visitorToken)
                .putHeader("Cookie", "meridian_visitor=" + visitorToken).send(), "download with a widget session");
        assertEquals(401, byVisitor.statusCode());
        HttpResponse<Buffer> consoleByVisitor = Await.result(desk.web().get(node.port(), AgentSession.HOST,
                "/console/attachments/" + invoice.getString("id")).followRedirects(false)
                .putHeader("Authorization", "Bearer " + visitorToken).send(), "console download by a visitor");
        assertTrue(consoleByVisitor.statusCode() == 302 || consoleByVisitor.statusCode() == 401,
                "" + consoleByVisitor.statusCode());
        Await.result(visitor.close(), "closing the widget");
        assertEquals(404, agent.get("/api/v1/attachments/" + UUID.randomUUID()).statusCode());
        assertEquals(400, agent.get("/api/v1/attachments/not-an-id").statusCode());
    }

    /**
     * Verifies that an agent's reply with a file (REST multipart, and the console's form) is stored with the file and
     * reaches the messaging app's connector with the file's bytes, name and type.
     */
    @Test
    void anAgentsReplyWithAFileLeavesThroughTheConnector() {
        String address = "noor-" + UUID.randomUUID();
        String conversationId = customerSends(FILES_LINE, address, "Can you send me the return label?")
                .getString("conversationId");
        byte[] label = pdf("Return label RL-7788");
        HttpResponse<Buffer> sent = replyWithFiles(conversationId, "Here is your return label",
                List.of(new Upload("return label.pdf", "application/pdf", label)));
        assertEquals(201, sent.statusCode(), sent.bodyAsString());
        JsonObject reply = sent.bodyAsJsonObject();
        assertEquals("return label.pdf", reply.getJsonArray("attachments").getJsonObject(0).getString("name"));

        OutboundMessage out = awaitSent(address, "Here is your return label");
        assertEquals(1, out.attachments().size());
        Attachment file = out.attachments().get(0);
        assertEquals("return label.pdf", file.fileName());
        assertEquals("application/pdf", file.mediaType());
        assertArrayEquals(label, file.content());
        assertEquals(new ChannelIdentity(FileChatChannel.KIND, address, "Customer").address(), out.to().address());

        MultipartForm form = MultipartForm.create()
                .attribute("csrf", agent.csrfToken())
                .attribute("clientMessageId", UUID.randomUUID().toString())
                .attribute("text", "And a photo of how to pack it")
                .binaryFileUpload("files", "packing.png", Buffer.buffer(png), "image/png");
        HttpResponse<Buffer> posted = Await.result(agent.request(HttpMethod.POST,
                "/console/conversations/" + conversationId + "/reply").followRedirects(false).sendMultipartForm(form),
                "the console's reply form");
        assertEquals(302, posted.statusCode(), posted.bodyAsString());
        assertEquals("/console/conversations/" + conversationId, posted.getHeader("Location"));
        OutboundMessage second = awaitSent(address, "And a photo of how to pack it");
        assertArrayEquals(png, second.attachments().get(0).content());
        assertEquals("packing.png", second.attachments().get(0).fileName());
        assertEquals("image/png", second.attachments().get(0).mediaType());
    }

    /**
     * Verifies that a customer's files outside the limits are not kept but named in the message with the reason
     * (a disguised PNG, HTML, a program, a file over the size limit, a fourth file), that the good ones are kept, and
     * that the connector's receive succeeds.
     */
    @Test
    void aCustomersRefusedFilesAreNamedInTheMessageAndTheRestIsKept() {
        byte[] big = pdf("x".repeat(5000));
        JsonObject received = customerSends(FILES_LINE, "ola-" + UUID.randomUUID(), "My files",
                new Attachment("fake.png", "image/png", "not a png".getBytes(StandardCharsets.US_ASCII)),
                new Attachment("page.html", "text/html", "<html><script>x()</script></html>".getBytes(StandardCharsets.UTF_8)),
                new Attachment("setup.pdf", "application/octet-stream", new byte[] {'M', 'Z', 0, 0, 1}),
                new Attachment("scan.pdf", "application/pdf", big),
                new Attachment("a.png", "image/png", png),
                new Attachment("b.pdf", "application/pdf", pdf),
                new Attachment("c.png", "image/png", png),
                new Attachment("d.png", "image/png", png));
        assertFalse(received.getBoolean("duplicate"));
        JsonObject message = message(received.getString("conversationId"), received.getString("messageId"));
        String text = message.getString("text");
        assertTrue(text.startsWith("My files\n"), text);
        assertTrue(text.contains("[attachment not kept: fake.png (image/png, 9 bytes): its content is not what its "
                + "type says]"), text);
        assertTrue(text.contains("[attachment not kept: page.html (text/html, "), text);
        assertTrue(text.contains("[attachment not kept: setup.pdf (application/octet-stream, 5 bytes): a file a "
                + "browser or computer could run"), text);
        assertTrue(text.contains("[attachment not kept: scan.pdf (application/pdf, " + big.length
                + " bytes): larger than the limit for one file]"), text);
        assertTrue(text.contains("[attachment not kept: d.png (image/png, " + png.length
                + " bytes): more files than one message may carry]"), text);
        List<String> kept = message.getJsonArray("attachments").stream()
                .map(o -> ((JsonObject) o).getString("name")).toList();
        assertEquals(List.of("a.png", "b.pdf", "c.png"), kept);
    }

    /**
     * Verifies an agent's reply with files that cannot go: too large (413), a type not taken (415), a disguised file
     * (415), too many (400), and a channel whose connector takes no files (400): each a problem
     * document, and none stores the reply or sends anything. And that the web chat's visitor gets an agent's file as
     * a signed link (live and in the history after a reload) that downloads it, while a forged, stretched, expired or
     * reused signature gets 403.
     */
    @Test
    void anAgentsFilesOutsideTheLimitsAreRefusedAndNothingIsStored() {
        String address = "ivo-" + UUID.randomUUID();
        String conversationId = customerSends(FILES_LINE, address, "Any news?").getString("conversationId");
        int before = agent.messages(conversationId).size();

        assertProblem(replyWithFiles(conversationId, "too large", List.of(
                new Upload("scan.pdf", "application/pdf", pdf("y".repeat(5000))))), 413, "attachment-too-large");
        assertProblem(replyWithFiles(conversationId, "a page", List.of(
                new Upload("offer.html", "text/html", "<html><body>hi</body></html>".getBytes(StandardCharsets.UTF_8)))),
                415, "attachment-type-not-allowed");
        assertProblem(replyWithFiles(conversationId, "an image", List.of(
                new Upload("photo.png", "image/png", pdf))), 415, "attachment-content-mismatch");
        assertProblem(replyWithFiles(conversationId, "many", List.of(new Upload("1.png", "image/png", png),
                new Upload("2.png", "image/png", png), new Upload("3.png", "image/png", png),
                new Upload("4.png", "image/png", png))), 400, "too-many-attachments");
        assertEquals(before, agent.messages(conversationId).size(), "no refused reply was stored");

        String textOnly = customerSends(TEXT_LINE, "eva-" + UUID.randomUUID(), "Hi").getString("conversationId");
        assertProblem(replyWithFiles(textOnly, "a file", List.of(new Upload("a.png", "image/png", png))), 400,
                "attachments-not-supported");
        assertEquals(1, agent.messages(textOnly).size(), "nothing stored on the text-only channel");

        // The web chat's visitor gets an agent's files as signed links to this node, live and in the history.
        WidgetVisitor visitor = WidgetVisitor.open(vertx, node.port());
        String token = visitor.hello(null).getString("visitorToken");
        String webConversation = visitor.say("Hello from the website").getJsonObject("message")
                .getString("conversationId");
        HttpResponse<Buffer> toVisitor = replyWithFiles(webConversation, "Here is the label",
                List.of(new Upload("label.png", "image/png", png)));
        assertEquals(201, toVisitor.statusCode(), toVisitor.bodyAsString());
        String replyId = visitor.expect(f -> "message".equals(f.getString("type"))
                && "agent".equals(f.getJsonObject("message").getString("author")), "the reply, live")
                .getJsonObject("message").getString("messageId");
        JsonObject files = visitor.expect("attachments");
        assertEquals(replyId, files.getString("messageId"));
        JsonObject label = files.getJsonArray("attachments").getJsonObject(0);
        assertEquals("label.png", label.getString("name"));
        assertEquals(png.length, label.getLong("size"));
        HttpResponse<Buffer> download = get(label.getString("url"));
        assertEquals(200, download.statusCode());
        assertArrayEquals(png, download.body().getBytes(), "the visitor downloads the file as sent");
        assertEquals("application/octet-stream", download.getHeader("Content-Type"));
        assertTrue(download.getHeader("Content-Disposition").startsWith("attachment;"));
        String url = label.getString("url");
        assertEquals(403, get(url.replaceAll("sig=[^&]+", "sig=AAAA")).statusCode(), "a forged signature");
        assertEquals(403, get(url.replaceAll("expires=[0-9]+", "expires=99999999999")).statusCode(),
                "a longer life than signed");
        assertEquals(403, get(url.replaceAll("expires=[0-9]+", "expires=1")).statusCode(), "an expired link");
        String otherId = UUID.randomUUID().toString();
        assertEquals(403, get(url.replaceFirst("/widget/attachments/[^?]+", "/widget/attachments/" + otherId))
                .statusCode(), "another file with this file's signature");
        Await.result(visitor.close(), "closing the widget");
        WidgetVisitor back = WidgetVisitor.open(vertx, node.port());
        JsonObject history = back.hello(token);
        JsonObject replied = history.getJsonArray("messages").stream().map(JsonObject.class::cast)
                .filter(m -> replyId.equals(m.getString("messageId"))).findFirst().orElseThrow();
        assertEquals("label.png", replied.getJsonArray("attachments").getJsonObject(0).getString("name"),
                "the file is in the history after a reload");
        Await.result(back.close(), "closing the widget");

        // The same reply without files goes: nothing above was half stored under its id.
        HttpResponse<Buffer> plain = agent.reply(conversationId, UUID.randomUUID().toString(), "Not yet, sorry");
        assertEquals(201, plain.statusCode(), plain.bodyAsString());
        OutboundMessage out = awaitSent(address, "Not yet, sorry");
        assertTrue(out.attachments().isEmpty());
        assertEquals(1, FixtureControl.sent(FILES_LINE).stream().filter(m -> m.to().address().equals(address)).count(),
                "only the reply without files was sent");
    }

    /**
     * Verifies, in a real browser (Debian's chromium), that the conversation page lists a customer's files as
     * download links, adds the files of a message that arrives while the page is open, and sends a file chosen in
     * the reply form out through the connector. With {@code -Dmeridian.screenshots=DIR} it also leaves screenshots of
     * the page in English and Japanese there, for a person to look at.
     */
    @Test
    void theConsolePageListsFilesLiveAndSendsAChosenFile(@TempDir Path profiles) throws Exception {
        Browsers.requireInstalled();
        String address = "browser-" + UUID.randomUUID();
        String conversationId = customerSends(FILES_LINE, address, "Photo of the lid, and the invoice",
                new Attachment("lid photo.png", "image/png", png), new Attachment("請求書-114.pdf", "application/pdf", pdf))
                .getString("conversationId");
        Path upload = Files.write(profiles.resolve("label.png"), png);
        try (Browsers browsers = new Browsers(profiles)) {
            WebDriver page = signedIn(browsers, "en", "en-US,en");
            page.get(node.baseUrl() + "/console/conversations/" + conversationId);
            Browsers.waitUntil(page, "both files listed, the page connected live", d -> d.findElements(
                    By.cssSelector("body.live #messages a.attachment")).size() == 2);
            assertTrue(page.findElement(By.cssSelector("#messages a.attachment")).getText().startsWith("lid photo.png"));

            customerSends(FILES_LINE, address, "And the label", new Attachment("label.pdf", "application/pdf",
                    pdf("Label")));
            Browsers.waitUntil(page, "the new message's file listed without a reload", d -> d.findElements(
                    By.cssSelector("#messages a.attachment")).stream().anyMatch(a -> a.getText().startsWith("label.pdf")));
            screenshot(page, "en-conversation-files.png");
            WebDriver japanese = signedIn(browsers, "ja", "ja,en-US;q=0.8");
            japanese.get(node.baseUrl() + "/console/conversations/" + conversationId);
            Browsers.waitUntil(japanese, "three files listed", d -> d.findElements(
                    By.cssSelector("#messages a.attachment")).size() == 3);
            screenshot(japanese, "ja-conversation-files.png");

            page.findElement(By.id("reply-files")).sendKeys(upload.toString());
            page.findElement(By.id("reply-text")).sendKeys("Here is the return label");
            page.findElement(By.cssSelector("#reply button[type=submit]")).click();
            OutboundMessage out = awaitSent(address, "Here is the return label");
            assertEquals(1, out.attachments().size());
            assertEquals("label.png", out.attachments().get(0).fileName());
            assertArrayEquals(png, out.attachments().get(0).content());
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static WebDriver signedIn(Browsers browsers, String who, String languages) {
        WebDriver driver = browsers.open(who, languages);
        driver.get(node.baseUrl() + "/console/login");
        driver.findElement(By.name("username")).sendKeys("mia");
        driver.findElement(By.name("password")).sendKeys(AGENT_PASSWORD);
        driver.findElement(By.cssSelector("form button[type=submit], form button:not([type])")).click();
        Browsers.waitUntil(driver, "the inbox", d -> d.getCurrentUrl().endsWith("/console"));
        return driver;
    }

    private static void screenshot(WebDriver driver, String name) throws java.io.IOException {
        String dir = System.getProperty("meridian.screenshots");
        if (dir != null) {
            Files.write(Path.of(dir).resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        }
    }

    private record Upload(String name, String type, byte[] content) {
    }

    private static void createInstance(AgentSession admin, String id, String factory) {
        HttpResponse<Buffer> created = Await.result(admin.request(HttpMethod.PUT, InstanceAdminApi.PATH + "/" + id)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(new JsonObject().put("plugin", "chatfiles").put("factory", factory)
                        .put("values", new JsonObject()).encode())), "creating " + id);
        assertEquals(201, created.statusCode(), created.bodyAsString());
        Await.until(() -> "running".equals(admin.get(InstanceAdminApi.PATH + "/" + id).bodyAsJsonObject()
                .getString("state")), id + " runs");
    }

    /** The customer's message reaches the node through the connector's {@code ChannelContext.receive}. */
    private static JsonObject customerSends(String instance, String address, String text, Attachment... files) {
        InboundMessage.Builder message = InboundMessage.builder("chat-" + UUID.randomUUID(),
                new ChannelIdentity(FileChatChannel.KIND, address, "Customer")).text(text);
        Arrays.stream(files).forEach(message::attachment);
        String key = UUID.randomUUID().toString();
        FixtureControl.TO_RECEIVE.put(key, message.build());
        HttpResponse<Buffer> hook = Await.result(desk.web().post(node.port(), AgentSession.HOST,
                "/hooks/chatfiles/" + instance).putHeader("x-message", key).send(), "webhook");
        assertEquals(200, hook.statusCode(), hook.bodyAsString());
        return hook.bodyAsJsonObject();
    }

    private static JsonObject message(String conversationId, String messageId) {
        return agent.messages(conversationId).stream().filter(m -> messageId.equals(m.getString("messageId")))
                .findFirst().orElseThrow(() -> new AssertionError("message " + messageId + " is not listed"));
    }

    private static HttpResponse<Buffer> replyWithFiles(String conversationId, String text, List<Upload> files) {
        MultipartForm form = MultipartForm.create()
                .attribute("clientMessageId", UUID.randomUUID().toString())
                .attribute("text", text);
        files.forEach(f -> form.binaryFileUpload("files", f.name(), Buffer.buffer(f.content()), f.type()));
        return Await.result(agent.request(HttpMethod.POST, "/api/v1/conversations/" + conversationId + "/messages")
                .sendMultipartForm(form), "a reply with files");
    }

    /** A GET without any session, as the widget's visitor makes it. */
    private static HttpResponse<Buffer> get(String path) {
        return Await.result(desk.web().get(node.port(), AgentSession.HOST, path).send(), "GET " + path);
    }

    private static void assertProblem(HttpResponse<Buffer> response, int status, String type) {
        assertEquals(status, response.statusCode(), response.bodyAsString());
        assertEquals("application/problem+json", response.getHeader("Content-Type"));
        assertTrue(response.bodyAsJsonObject().getString("type").endsWith("/" + type), response.bodyAsString());
    }

    private static OutboundMessage awaitSent(String address, String text) {
        OutboundMessage[] found = new OutboundMessage[1];
        Await.until(() -> {
            found[0] = FixtureControl.sent(FILES_LINE).stream()
                    .filter(m -> m.to().address().equals(address) && text.equals(m.text())).findFirst().orElse(null);
            return found[0] != null;
        }, "the reply '" + text + "' reaches the connector");
        return found[0];
    }

    /** name_sealed, media_sealed, content_sealed of the message's files, as the database holds them. */
    private static List<byte[][]> rawColumns(String messageId) {
        return Await.result(node.node().store().read(c -> {
            List<byte[][]> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT name_sealed, media_sealed, content_sealed "
                    + "FROM message_attachments WHERE message_id = ? ORDER BY position")) {
                s.setString(1, messageId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new byte[][] {rs.getBytes(1), rs.getBytes(2), rs.getBytes(3)});
                    }
                }
            }
            return rows;
        }), "reading the raw columns");
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** A real 3x2 PNG, written by the JDK's encoder. */
    private static byte[] png() throws Exception {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xff0000);
        image.setRGB(2, 1, 0x00ff00);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, "png", out));
        return out.toByteArray();
    }

    /** A real one-page PDF 1.4 showing {@code line}, with a correct cross-reference table. */
    private static byte[] pdf(String line) {
        String stream = "BT /F1 12 Tf 72 720 Td (" + line + ") Tj ET";
        List<String> objects = List.of(
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                        + "/Resources << /Font << /F1 5 0 R >> >> >>",
                "<< /Length " + stream.length() + " >>\nstream\n" + stream + "\nendstream",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(pdf.length());
            pdf.append(i + 1).append(" 0 obj\n").append(objects.get(i)).append("\nendobj\n");
        }
        int xref = pdf.length();
        pdf.append("xref\n0 ").append(objects.size() + 1).append("\n0000000000 65535 f \n");
        offsets.forEach(o -> pdf.append(String.format("%010d 00000 n \n", o)));
        pdf.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R >>\nstartxref\n")
                .append(xref).append("\n%%EOF\n");
        return pdf.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
