package io.meridian.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.protocol.AgentSession;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks every route the node mounts once per permission, signed in with an admin-defined role that has every
 * permission but that one: the routes that need it answer 403 naming it, and no route answers 403 naming another.
 * Every protected route must turn out to need some permission, except the few every signed-in account may use for
 * itself, listed here; so a new route cannot be left open to every role by mistake.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class PermissionWalkTest {

    /** What any signed-in account does for itself: its password, settings, two-step sign-in, sessions, presence. */
    private static final Pattern SELF = Pattern.compile(String.join("|",
            "[A-Z]+ /console/password", "[A-Z]+ /console/settings", "[A-Z]+ /console/sessions.*",
            "[A-Z]+ /api/v1/session/.*", "PUT /api/v1/routing/presence", "POST /console/routing/presence"));

    @TempDir
    Path dir;

    @Test
    void everyRouteNeedsItsPermission() {
        try (SignedInNode node = SignedInNode.alone(dir, Map.of())) {
            TreeSet<String> walked = new TreeSet<>(node.node().node().routes());
            Map<String, Set<Permission>> needs = new TreeMap<>();
            List<String> wrong = new ArrayList<>();
            for (Permission lacking : Permission.values()) {
                Set<Permission> granted = EnumSet.allOf(Permission.class);
                granted.remove(lacking);
                AgentSession session = node.agentWithPermissions("walk-" + lacking.ordinal(), granted, Set.of(),
                        Set.of());
                for (String route : walked) {
                    String[] parts = route.split(" ", 2);
                    String path = parts[1].replaceAll(":[A-Za-z]+", UUID.randomUUID().toString()).replace("*", "x");
                    if (!protectedRoute(route, path)) {
                        continue;
                    }
                    HttpMethod method = parts[0].equals("*") ? HttpMethod.GET : HttpMethod.valueOf(parts[0]);
                    HttpResponse<Buffer> answer = Await.result(session.request(method, path)
                            .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{}")), route);
                    String body = answer.bodyAsString();
                    if (answer.statusCode() == 403 && body != null && body.contains(" permission")) {
                        if (body.contains(lacking.key() + " permission")) {
                            needs.computeIfAbsent(route, r -> EnumSet.noneOf(Permission.class)).add(lacking);
                        } else {
                            wrong.add(route + " refused a role lacking only " + lacking.key() + ": " + body);
                        }
                    }
                }
                assertEquals(200, session.get("/api/v1/session").statusCode(),
                        "the role lacking " + lacking.key() + " stayed signed in throughout");
            }
            assertEquals(List.of(), wrong, "refusals naming a permission the role has");
            List<String> open = new ArrayList<>();
            List<String> selfGuarded = new ArrayList<>();
            for (String route : walked) {
                String path = route.split(" ", 2)[1];
                if (!protectedRoute(route, path)) {
                    continue;
                }
                boolean self = SELF.matcher(route).matches();
                if (!self && !needs.containsKey(route)) {
                    open.add(route);
                }
                if (self && needs.containsKey(route)) {
                    selfGuarded.add(route + " needs " + needs.get(route));
                }
            }
            assertEquals(List.of(), open, "protected routes that no permission guards");
            assertEquals(List.of(), selfGuarded, "an account's own pages must not need a permission");
            assertTrue(needs.size() > 150, "routes guarded by a permission: " + needs.size());
            // The walk found the guards the documentation promises.
            assertEquals(Set.of(Permission.PRIVACY_ERASE), needs.get("POST /api/v1/contacts/:id/erasure"));
            assertEquals(Set.of(Permission.CONVERSATIONS_READ, Permission.PERSONAL_DATA_UNMASKED),
                    needs.get("GET /console/messages/:id/html"));
            assertEquals(Set.of(Permission.ACCOUNTS_MANAGE), needs.get("GET /api/v1/roles"));
            assertEquals(Set.of(Permission.AUDIT_VIEW), needs.get("GET /api/v1/audit"));
        }
    }

    /** Routes behind a session, as {@link RouteRolesTest} tells them from public ones; sign-out routes left out. */
    private static boolean protectedRoute(String route, String path) {
        return (path.startsWith("/api/") || path.startsWith("/console"))
                && !RouteRolesTest.PUBLIC.matcher(route).matches()
                && !route.endsWith(" /api/v1/session/devices/sign-out-others");
    }
}
