package io.meridian.translation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.spi.translation.GlossaryTerm;
import io.meridian.spi.translation.LanguagePair;
import io.meridian.testing.Await;
import io.meridian.testing.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Glossary files built to exhaust the node, imported over REST into a running node: refused whole with the limit and
 * the line named, health requests answered meanwhile, and the glossary in force unchanged.
 */
@Timeout(120)
class HostileGlossaryImportTest {

    private static final LanguagePair ES_EN = LanguagePair.of("es", "en");
    private static final String GLOSSARY = "/api/v1/translation/glossary?source=es&target=en";

    @TempDir
    Path root;
    private Vertx vertx;
    private TestNode node;
    private WebClient web;
    private AgentSession admin;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        node = Await.result(TestNode.start(vertx, root.resolve("data"), Map.of()), "starting the node");
        Await.result(node.createAgent("tess", "Tess", Role.ADMIN, "Tbx-admin-pw-12"), "creating the admin");
        web = WebClient.create(vertx);
        admin = AgentSession.open(vertx, web, node.port(), "tess", "Tbx-admin-pw-12");
    }

    @AfterEach
    void tearDown() {
        if (node != null) {
            Await.result(node.stop(), "stopping the node");
        }
        Await.result(vertx.close(), "closing vert.x");
    }

    private Future<HttpResponse<Buffer>> post(String type, String body) {
        return admin.request(HttpMethod.POST, GLOSSARY).putHeader("Content-Type", type).sendBuffer(Buffer.buffer(body));
    }

    /**
     * Verifies that a CSV of 20,001 terms and a TBX nested 5,000 deep are refused with a 400 naming the limit and
     * line while health requests sent meanwhile are answered, and that the glossary keeps its one term.
     */
    @Test
    void oversizedCsvAndDeepTbxRefusedWhileTheNodeAnswers() {
        assertEquals(200, Await.result(post("text/csv", "envío,consignment\n"), "one term").statusCode());
        long version = Await.result(node.node().translator().glossary().version(ES_EN));

        StringBuilder csv = new StringBuilder();
        for (int i = 1; i <= GlossaryCsv.MAX_IMPORT_TERMS + 1; i++) {
            csv.append("t").append(i).append(",u").append(i).append('\n');
        }
        Future<HttpResponse<Buffer>> many = post("text/csv", csv.toString());
        Future<HttpResponse<Buffer>> deep = post("application/x-tbx", "<tbx>\n" + "<p>".repeat(5000)
                + "</p>".repeat(5000) + "</tbx>");
        List<Future<HttpResponse<Buffer>>> health = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            health.add(web.get(node.port(), "127.0.0.1", "/health/live").send());
        }
        for (Future<HttpResponse<Buffer>> h : health) {
            assertEquals(200, Await.result(h, "a health request sent during the imports").statusCode());
        }
        HttpResponse<Buffer> refused = Await.result(many, "20001 terms");
        assertEquals(400, refused.statusCode(), refused.bodyAsString());
        assertEquals("line 20001: more than 20000 terms in one import; split it into several imports; nothing was "
                + "imported", refused.bodyAsJsonObject().getString("detail"));
        HttpResponse<Buffer> tooDeep = Await.result(deep, "5000 levels");
        assertEquals(400, tooDeep.statusCode(), tooDeep.bodyAsString());
        String detail = tooDeep.bodyAsJsonObject().getString("detail");
        assertTrue(detail.startsWith("line 2: not well-formed XML: ")
                && detail.contains("\"maxElementDepth\""), detail);

        assertEquals(List.of(GlossaryTerm.translate("envío", "consignment")),
                Await.result(node.node().translator().glossary().terms(ES_EN)), "the glossary in force stays");
        assertEquals(version, Await.result(node.node().translator().glossary().version(ES_EN)));
    }
}
