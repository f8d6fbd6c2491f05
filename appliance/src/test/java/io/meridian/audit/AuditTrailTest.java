package io.meridian.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The audit log's lines, hash-chained in the store, exported, verified, and a changed entry found. */
@Timeout(120)
class AuditTrailTest {

    private static final String PASSWORD = "nothing happens unseen";

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
     * Verifies that sign-ins and account changes reach the trail in order, each entry's hash over the one before;
     * the export as JSON lines for admins only; verification by the API and the JMX operation; the latest hash over
     * JMX; and that one entry changed in the store breaks the chain at exactly that entry, while entries appended
     * afterwards do not hide it.
     */
    @Test
    void linesAreChainedExportedVerifiedAndATamperedEntryIsNamed() throws Exception {
        desk = SignedInNode.start(vertx, dir.resolve("data"), Map.of("MERIDIAN_NODE_ID", "audit-node"));
        AgentSession boss = desk.agent("boss", "The Boss", Role.ADMIN, PASSWORD);
        AgentSession ana = desk.agent("ana", "Ana", Role.AGENT, PASSWORD);
        assertEquals(403, ana.get("/api/v1/audit").statusCode(), "the trail is for admins");

        HttpResponse<Buffer> export = boss.get("/api/v1/audit?after=0&limit=1000");
        assertEquals(200, export.statusCode(), export.bodyAsString());
        assertTrue(export.getHeader("Content-Type").startsWith("application/x-ndjson"));
        List<JsonObject> lines = Arrays.stream(export.bodyAsString().split("\n")).map(JsonObject::new).toList();
        assertTrue(lines.stream().anyMatch(l -> l.getString("message").contains("Signed in: 'boss'")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.getString("message").contains("Signed in: 'ana'")), lines.toString());
        String prev = AuditEntry.GENESIS;
        for (int i = 0; i < lines.size(); i++) {
            JsonObject l = lines.get(i);
            assertEquals(i + 1, l.getLong("seq"));
            assertEquals(prev, l.getString("prevHash"));
            prev = l.getString("hash");
        }
        assertEquals(400, boss.get("/api/v1/audit?after=-1").statusCode());
        assertEquals(400, boss.get("/api/v1/audit?limit=lots").statusCode());

        JsonObject verified = boss.get("/api/v1/audit/verification").bodyAsJsonObject();
        assertEquals(true, verified.getBoolean("intact"), verified.encode());
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName mbean = new ObjectName(AuditFacts.objectName("audit-node"));
        String latestHash = (String) jmx.getAttribute(mbean, "LatestHash");
        assertEquals(verified.getString("latestHash"), latestHash);
        assertTrue(String.valueOf(jmx.invoke(mbean, "verify", null, null)).startsWith("intact: "));

        // Someone with access to the database rewrites history: entry 2 now says something else.
        Await.result(desk.node().node().store().write(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE audit_trail SET message = ? WHERE seq = 2")) {
                s.setString(1, "Signed in: 'nobody' from 10.0.0.1");
                return s.executeUpdate();
            }
        }), "tampering");
        desk.agent("cleo", "Cleo", Role.AGENT, PASSWORD); // more lines after it do not hide it
        JsonObject broken = boss.get("/api/v1/audit/verification").bodyAsJsonObject();
        assertEquals(false, broken.getBoolean("intact"));
        assertEquals(2, broken.getLong("brokenAt"), broken.encode());
        assertEquals("broken at entry 2 (the 1 before it are intact)", jmx.invoke(mbean, "verify", null, null));
    }
}
