package io.meridian.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meridian.protocol.AgentSession;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks every route the node mounts: without a session each answers 401 (API) or sends to the sign-in page (console),
 * except the public ones listed here; with an agent's session exactly the admin routes listed here answer 403
 * "This needs the … permission". A new route must be placed in one list or the other, so none is open by mistake.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RouteRolesTest {

    private static final String PASSWORD = "Route-roles-test-pw-1";

    /** Routes anyone may call: sign-in, the widget, health, channel hooks, static files. */
    static final Pattern PUBLIC = Pattern.compile(String.join("|",
            "\\* /.*static.*", "[A-Z*]+ /widget.*", "[A-Z*]+ /health.*", "[A-Z*]+ /hooks/.*", "[A-Z*]+ /metrics",
            "[A-Z*]+ /console/login.*", "POST /console/logout", "[A-Z*]+ /api/v1/session", "GET /",
            "[A-Z*]+ /console/two-step.*", "GET /favicon.ico", "[A-Z*]+ /\\.well-known/.*",
            // The handlers of a whole area (sessions, CSRF, the 404 of unknown API paths) and the console's files.
            "\\* /api/", "GET /console/static/"));

    /** Routes only admins may call. */
    private static final Pattern ADMIN = Pattern.compile(String.join("|",
            "[A-Z]+ /(api/v1|console)/agents.*", "[A-Z]+ /(api/v1|console)/roles.*", "GET /api/v1/permissions", "[A-Z]+ /api/v1/audit.*", "[A-Z]+ /(api/v1|console)/privacy/.*",
            "[A-Z]+ /api/v1/contacts/:id/(erasure|legal-hold|restriction)",
            "POST /console/contacts/:id/(erasure|legal-hold.*|restriction.*)",
            "[A-Z]+ /(api/v1|console)/plugins.*", "[A-Z]+ /api/v1/plugin-scans", "[A-Z]+ /(api/v1|console)/cluster.*",
            "[A-Z]+ /api/v1/reports/.*", "GET /console/tickets/service-levels",
            "GET /api/v1/routing/setup", "(POST|PUT|PATCH|DELETE) /api/v1/routing/(?!presence).*",
            "(POST|PUT|PATCH|DELETE) /console/routing/(?!presence).*", "[A-Z]+ /console/teams.*",
            "[A-Z]+ /api/v1/plugin-instances.*", "(POST|PUT|DELETE) /api/v1/translation/glossary.*",
            "POST /api/v1/translation/retry", "POST /console/glossary/(import.*|:id/delete)",
            "GET /api/v1/conversations/:id/cross-region-reads", "[A-Z]+ /(api/v1|console)/security-alerts.*"));

    @TempDir
    Path dir;

    @Test
    void everyRouteNeedsASessionAndAdminRoutesTheAdminRole() {
        try (SignedInNode node = SignedInNode.alone(dir, Map.of())) {
            AgentSession agent = node.agent("ana", "Ana", Role.AGENT, PASSWORD);
            WebClient anonymous = WebClient.create(node.vertx(), new WebClientOptions().setFollowRedirects(false));
            List<String> open = new ArrayList<>();
            List<String> wrongForAgent = new ArrayList<>();
            TreeSet<String> walked = new TreeSet<>(node.node().node().routes());
            org.junit.jupiter.api.Assertions.assertTrue(walked.size() > 150, "every route: " + walked.size());
            for (String route : walked) {
                String[] parts = route.split(" ", 2);
                HttpMethod method = parts[0].equals("*") ? HttpMethod.GET : HttpMethod.valueOf(parts[0]);
                String path = parts[1].replaceAll(":[A-Za-z]+", UUID.randomUUID().toString()).replace("*", "x");
                if (!path.startsWith("/api/") && !path.startsWith("/console")) {
                    if (!PUBLIC.matcher(route).matches()) {
                        open.add(route + " (outside /api and /console)");
                    }
                    continue;
                }
                if (PUBLIC.matcher(route).matches()) {
                    continue;
                }
                HttpResponse<Buffer> unsigned = Await.result(anonymous.request(method, node.node().port(),
                        AgentSession.HOST, path).putHeader("Content-Type", "application/json")
                        .sendBuffer(Buffer.buffer("{}")), route);
                boolean refused = unsigned.statusCode() == 401 || (unsigned.statusCode() == 302
                        && String.valueOf(unsigned.getHeader("Location")).startsWith("/console/login"))
                        || unsigned.statusCode() == 403 && unsigned.bodyAsString().contains("csrf");
                if (!refused) {
                    open.add(route + " answered " + unsigned.statusCode() + " without a session");
                }
                if (route.endsWith(" /api/v1/session/devices/sign-out-others")) {
                    continue;
                }
                HttpResponse<Buffer> asAgent = Await.result(agent.request(method, path)
                        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{}")), route);
                boolean adminOnly = asAgent.statusCode() == 403 && asAgent.bodyAsString().contains(" permission");
                if (adminOnly != ADMIN.matcher(route).matches()) {
                    wrongForAgent.add(route + " answered an agent " + asAgent.statusCode());
                }
            }
            anonymous.close();
            assertEquals(List.of(), open, "routes open without a session");
            assertEquals(List.of(), wrongForAgent, "routes whose admin-only guard is not as listed");
            assertEquals(200, agent.get("/api/v1/session").statusCode(), "the agent stayed signed in throughout");
        }
    }
}
