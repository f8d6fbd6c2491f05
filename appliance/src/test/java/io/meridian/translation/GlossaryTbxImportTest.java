package io.meridian.translation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.spi.DataEgress;
import io.meridian.spi.translation.GlossaryTerm;
import io.meridian.spi.translation.LanguagePair;
import io.meridian.testing.Await;
import io.meridian.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * TBX import on a running node (real Derby, real HTTP): over REST and through the console's glossary page, with its
 * counts, its all-or-nothing failure, its CSRF and role checks, and a term from the term base forced in a translation.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GlossaryTbxImportTest {

    private static final LanguagePair ES_EN = LanguagePair.of("es", "en");
    private static final String V3 = "/api/v1/translation/glossary?source=es&target=en";

    @TempDir
    static Path root;

    private static Vertx vertx;
    private static TestNode node;
    private static AgentSession admin;
    private static AgentSession agent;

    @BeforeAll
    static void startNode(Vertx v) {
        vertx = v;
        node = Await.result(TestNode.start(vertx, root.resolve("data"), Map.of()), "starting the node");
        Await.result(node.createAgent("tess", "Tess", Role.ADMIN, "Tbx-admin-pw-12"), "creating the admin");
        Await.result(node.createAgent("abel", "Abel", Role.AGENT, "Tbx-agent-pw-12"), "creating the agent");
        WebClient web = WebClient.create(vertx);
        admin = AgentSession.open(vertx, web, node.port(), "tess", "Tbx-admin-pw-12");
        agent = AgentSession.open(vertx, web, node.port(), "abel", "Tbx-agent-pw-12");
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            Await.result(node.stop(), "stopping the node");
        }
    }

    private static GlossaryStore glossary() {
        return node.node().translator().glossary();
    }

    private static HttpResponse<Buffer> postTbx(AgentSession who, String uri, byte[] body) {
        return Await.result(who.request(HttpMethod.POST, uri).putHeader("Content-Type", "application/x-tbx")
                .sendBuffer(Buffer.buffer(body)), "POST " + uri);
    }

    /**
     * Verifies the REST import of a TBX v3 term base: counts added and skipped with reasons, stores the forced and the
     * do-not-translate term, answers "unchanged" when the same file comes again (without bumping the glossary version),
     * and counts an update when a term's target changed.
     */
    @Test
    @Order(1)
    void restImportCountsAddedUpdatedUnchangedAndSkipped() {
        HttpResponse<Buffer> first = postTbx(admin, V3, GlossaryTbxTest.sample("glossary-v3.tbx"));
        assertEquals(200, first.statusCode(), first.bodyAsString());
        JsonObject result = first.bodyAsJsonObject();
        assertEquals(2, result.getInteger("added"), result.encode());
        assertEquals(0, result.getInteger("updated"), result.encode());
        assertEquals(2, result.getInteger("skipped"), result.encode());
        assertEquals("only deprecated en terms", result.getJsonArray("skips").getJsonObject(0).getString("reason"));
        assertEquals("c4", result.getJsonArray("skips").getJsonObject(1).getString("entry"));
        List<GlossaryTerm> terms = Await.result(glossary().terms(ES_EN));
        assertEquals(Set.of(GlossaryTerm.translate("pedido", "order"), GlossaryTerm.keep("Lumen Pro")),
                Set.copyOf(terms));
        long version = Await.result(glossary().version(ES_EN));

        JsonObject again = postTbx(admin, V3, GlossaryTbxTest.sample("glossary-v3.tbx")).bodyAsJsonObject();
        assertEquals(0, again.getInteger("added"), again.encode());
        assertEquals(2, again.getInteger("unchanged"), again.encode());
        assertEquals(version, Await.result(glossary().version(ES_EN)), "nothing changed, the cache stays valid");

        byte[] changed = new String(GlossaryTbxTest.sample("glossary-v3.tbx"), StandardCharsets.UTF_8)
                .replace("<term>order</term>", "<term>purchase order</term>").getBytes(StandardCharsets.UTF_8);
        JsonObject updated = postTbx(admin, V3, changed).bodyAsJsonObject();
        assertEquals(1, updated.getInteger("updated"), updated.encode());
        assertEquals(1, updated.getInteger("unchanged"), updated.encode());
        assertTrue(Await.result(glossary().terms(ES_EN)).contains(GlossaryTerm.translate("pedido", "purchase order")));
        assertTrue(Await.result(glossary().version(ES_EN)) > version, "a change bumps the glossary version");
    }

    /**
     * Verifies that a bad term base over REST is a problem answer naming the line, that an external entity is refused,
     * and that neither changes the glossary; and that only an admin may import.
     */
    @Test
    @Order(2)
    void badTermBaseChangesNothingAndOnlyAnAdminImports() {
        List<GlossaryEntry> before = Await.result(glossary().entries(ES_EN));
        long version = Await.result(glossary().version(ES_EN));
        byte[] broken = ("<?xml version=\"1.0\"?>\n<tbx><text><body>\n<conceptEntry id=\"n\">"
                + "<langSec xml:lang=\"es\"><termSec><term>nuevo</term></termSec></langSec>"
                + "<langSec xml:lang=\"en\"><termSec><term>new</term></termSec></langSec></conceptEntry>\n"
                + "<conceptEntry id=\"m\"><langSec xml:lang=\"es\"><termSec><term>malo</termSec>\n"
                + "</body></text></tbx>").getBytes(StandardCharsets.UTF_8);
        HttpResponse<Buffer> bad = postTbx(admin, V3, broken);
        assertEquals(400, bad.statusCode(), bad.bodyAsString());
        assertTrue(bad.getHeader("Content-Type").startsWith("application/problem+json"), bad.getHeader("Content-Type"));
        String detail = bad.bodyAsJsonObject().getString("detail");
        assertTrue(detail.startsWith("line 4: not well-formed XML"), detail);
        assertTrue(detail.endsWith("nothing was imported"), detail);

        byte[] xxe = ("<?xml version=\"1.0\"?>\n<!DOCTYPE tbx [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                + "<tbx><text><body><conceptEntry><langSec xml:lang=\"es\"><termSec><term>&x;</term></termSec>"
                + "</langSec></conceptEntry></body></text></tbx>").getBytes(StandardCharsets.UTF_8);
        HttpResponse<Buffer> refused = postTbx(admin, V3, xxe);
        assertEquals(400, refused.statusCode(), refused.bodyAsString());
        assertTrue(refused.bodyAsString().contains("declares entities"), refused.bodyAsString());
        assertFalse(refused.bodyAsString().contains("root:"), "no file content in the answer");

        HttpResponse<Buffer> notAdmin = postTbx(agent, V3, GlossaryTbxTest.sample("glossary-v2.tbx"));
        assertEquals(403, notAdmin.statusCode(), notAdmin.bodyAsString());
        HttpResponse<Buffer> noCsrf = Await.result(WebClient.create(vertx)
                .request(HttpMethod.POST, node.port(), AgentSession.HOST, V3).putHeader("Cookie", admin.cookie())
                .putHeader("Content-Type", "application/x-tbx")
                .sendBuffer(Buffer.buffer(GlossaryTbxTest.sample("glossary-v2.tbx"))), "POST without CSRF");
        assertEquals(403, noCsrf.statusCode(), noCsrf.bodyAsString());

        assertEquals(before, Await.result(glossary().entries(ES_EN)), "a refused import changes nothing");
        assertEquals(version, Await.result(glossary().version(ES_EN)));
    }

    /**
     * Verifies the console's TBX form: an admin's file upload with the CSRF token imports the TBX v2 term base and the
     * page shows the counts and the skipped entries with their reasons and the new terms; without the token, or from
     * an agent who is not an admin, it is refused and nothing changes; a broken file shows the line.
     */
    @Test
    @Order(3)
    void consoleUploadNeedsCsrfAndAdminAndShowsTheResult() {
        byte[] v2 = GlossaryTbxTest.sample("glossary-v2.tbx");
        int before = Await.result(glossary().entries(ES_EN)).size();

        HttpResponse<Buffer> forged = upload(admin, null, v2);
        assertEquals(403, forged.statusCode(), forged.bodyAsString());
        HttpResponse<Buffer> byAgent = upload(agent, agent.csrfToken(), v2);
        assertEquals(403, byAgent.statusCode(), byAgent.bodyAsString());
        assertEquals(before, Await.result(glossary().entries(ES_EN)).size(), "refused uploads change nothing");

        HttpResponse<Buffer> broken = upload(admin, admin.csrfToken(),
                "<martif>\n<text><body>\n<termEntry><langSet>\n</body></text></martif>".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, broken.statusCode(), broken.bodyAsString());
        assertTrue(broken.bodyAsString().contains("The term base was not imported: line 3: &lt;langSet&gt; has no"
                + " xml:lang"), broken.bodyAsString());

        HttpResponse<Buffer> ok = upload(admin, admin.csrfToken(), v2);
        assertEquals(200, ok.statusCode(), ok.bodyAsString());
        String page = ok.bodyAsString();
        assertTrue(page.contains("Term base imported: 4 added, 0 updated, 0 unchanged."), page);
        assertTrue(page.contains("3 entries skipped:"), page);
        assertTrue(page.contains("entry t-old (line 30): only deprecated en terms"), page);
        assertTrue(page.contains("<td>envío</td>") && page.contains("<td>consignment</td>"), page);
        assertTrue(page.contains("<td>Meridian Cloud</td>"), page);
        assertEquals(before + 4, Await.result(glossary().entries(ES_EN)).size());
        assertTrue(Await.result(glossary().terms(ES_EN)).contains(GlossaryTerm.translate("despacho", "consignment")));

        String listing = admin.get("/console/glossary").bodyAsString();
        assertTrue(listing.contains("action=\"/console/glossary/import-tbx\""), listing);
        assertTrue(listing.contains("enctype=\"multipart/form-data\""), listing);
    }

    /**
     * Verifies that a term from the imported term base is forced in a translation: the glossary read from the store
     * goes to the engine (the test engine applies it as a real one does), and the deprecated "shipment" never appears.
     */
    @Test
    @Order(4)
    void importedTermIsForcedInATranslation() {
        FakeEngine engine = new FakeEngine(vertx, "onsite", DataEgress.localOnly(), Set.of(ES_EN),
                FakeEngine.shouting("onsite"));
        TranslationService service = new TranslationService(vertx, node.node().translator().service().settings(),
                () -> List.of(engine));
        List<GlossaryTerm> terms = Await.result(glossary().terms(ES_EN));
        Translation t = Await.result(service.translate("Mi envío del pedido #A-10492 con Meridian Cloud", "es", "en",
                "eu", terms));
        assertTrue(t.translated(), t.toString());
        assertEquals("MI consignment DEL purchase order #A-10492 CON Meridian Cloud", t.text());
        assertTrue(engine.received.get(0).glossary().contains(GlossaryTerm.translate("envío", "consignment")));
        assertFalse(t.text().contains("shipment"), t.text());
    }

    private static HttpResponse<Buffer> upload(AgentSession who, String csrf, byte[] tbx) {
        MultipartForm form = MultipartForm.create().attribute("source", "es").attribute("target", "en")
                .binaryFileUpload("file", "support terms.tbx", Buffer.buffer(tbx), "application/x-tbx");
        if (csrf != null) {
            form.attribute("csrf", csrf);
        }
        // the session cookie only: the token, if any, travels in the form as a browser sends it
        return Await.result(WebClient.create(vertx).request(HttpMethod.POST, node.port(), AgentSession.HOST,
                "/console/glossary/import-tbx").putHeader("Cookie", who.cookie()).sendMultipartForm(form),
                "uploading a term base");
    }
}
