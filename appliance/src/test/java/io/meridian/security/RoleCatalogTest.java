package io.meridian.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.store.Store;
import io.meridian.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The roles admins define: their rules, their store, and the access they give accounts. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RoleCatalogTest {

    private static final SignedInAgent ROOT = new SignedInAgent("root-id", "root", "Root", Role.ADMIN, false);

    @TempDir
    static Path dir;

    private static Vertx vertx;
    private static Store store;
    private static AgentAccounts accounts;
    private static RoleCatalog roles;

    @BeforeAll
    static void open(Vertx v) {
        vertx = v;
        store = SecurityFixture.openStore(vertx, dir);
        accounts = SecurityFixture.accounts(vertx, store, 5, Clock.systemUTC());
        roles = accounts.roles();
        Await.result(roles.start(), "loading the roles");
    }

    @AfterAll
    static void close() {
        SecurityFixture.closeStore(vertx, store);
    }

    private static RoleDraft draft(String name, List<String> permissions) {
        return RoleDraft.of(name, "", permissions, List.of(), List.of());
    }

    private static RoleRefusal refusal(Future<?> future) {
        Throwable cause = Await.failure(future, "refused");
        assertTrue(cause instanceof RoleRefusal, String.valueOf(cause));
        return (RoleRefusal) cause;
    }

    /** Verifies the rules of a role's fields: each refused field is named, and lists are cleaned. */
    @Test
    void draftsAreChecked() {
        assertEquals("name: is required", assertThrows(RoleRefusal.class,
                () -> draft("  ", List.of())).getMessage());
        assertTrue(assertThrows(RoleRefusal.class, () -> draft("x".repeat(65), List.of())).getMessage()
                .startsWith("name: "));
        RoleRefusal unknown = assertThrows(RoleRefusal.class, () -> draft("Readers", List.of("conversations.read",
                "conversations.delete")));
        assertEquals(RoleRefusal.Kind.INVALID, unknown.kind());
        assertTrue(unknown.getMessage().contains("'conversations.delete'"), unknown.getMessage());
        assertTrue(assertThrows(RoleRefusal.class, () -> RoleDraft.of("Scoped", "", List.of(), List.of("emea desk"),
                List.of())).getMessage().startsWith("teams: 'emea desk'"));
        assertTrue(assertThrows(RoleRefusal.class, () -> RoleDraft.of("Scoped", "", List.of(), List.of(),
                List.of("EU"))).getMessage().startsWith("regions: 'EU'"));
        assertTrue(assertThrows(RoleRefusal.class, () -> RoleDraft.of("Scoped", "d".repeat(501), List.of(), List.of(),
                List.of())).getMessage().startsWith("description: "));
        RoleDraft fine = RoleDraft.of(" Scoped ", " Europe desk ", List.of("conversations.read", " ",
                "conversations.read"), List.of("emea", "emea_2"), List.of("eu", "", "eu-west"));
        assertEquals("Scoped", fine.name());
        assertEquals("Europe desk", fine.description());
        assertEquals(Set.of(Permission.CONVERSATIONS_READ), fine.permissions());
        assertEquals(Set.of("emea", "emea_2"), fine.teams());
        assertEquals(Set.of("eu", "eu-west"), fine.regions());
    }

    /**
     * Verifies that a created role gives its holders its access, a change applies at once, names are unique in any
     * case and never a built-in role's, and a restarted catalog has the same roles.
     */
    @Test
    void rolesGiveAccessAndChangesApplyAtOnce() {
        ConsoleRole auditors = Await.result(roles.create(ROOT, RoleDraft.of("Auditors", "Reads the trail",
                List.of("audit.view", "reports.view"), List.of("emea"), List.of("eu"))), "creating");
        Access access = roles.accessOf(Role.AGENT, auditors.id());
        assertEquals(auditors.id(), access.roleId());
        assertEquals("Auditors", access.roleName());
        assertEquals(Set.of(Permission.AUDIT_VIEW, Permission.REPORTS_VIEW), access.permissions());
        assertEquals(Set.of("emea"), access.teams());
        assertTrue(access.scoped());
        assertFalse(access.builtIn());

        assertEquals(RoleRefusal.Kind.NAME_TAKEN, refusal(roles.create(ROOT, draft("AUDITORS", List.of()))).kind());
        assertEquals(RoleRefusal.Kind.NAME_TAKEN, refusal(roles.create(ROOT, draft("Admin", List.of()))).kind());

        Await.result(roles.update(ROOT, auditors.id(), RoleDraft.of("Auditors", "", List.of("audit.view"),
                List.of(), List.of())), "changing");
        Access changed = roles.accessOf(Role.AGENT, auditors.id());
        assertEquals(Set.of(Permission.AUDIT_VIEW), changed.permissions());
        assertFalse(changed.scoped());

        RoleCatalog restarted = new RoleCatalog(null, store, Clock.systemUTC());
        Await.result(restarted.start(), "loading again");
        assertEquals(Set.of(Permission.AUDIT_VIEW), restarted.accessOf(Role.AGENT, auditors.id()).permissions());
        assertTrue(restarted.list().stream().anyMatch(r -> r.name().equals("Auditors")));
    }

    /** Verifies that a built-in role's access is fixed, and an id naming no role gives no permission at all. */
    @Test
    void builtInAndUnknownRoles() {
        assertEquals(EnumSet.allOf(Permission.class), EnumSet.copyOf(roles.accessOf(Role.ADMIN, null).permissions()));
        assertEquals(Permission.AGENT_DEFAULTS, roles.accessOf(Role.AGENT, null).permissions());
        assertTrue(roles.accessOf(Role.AGENT, null).builtIn());
        Access unknown = roles.accessOf(Role.AGENT, "00000000-0000-0000-0000-000000000000");
        assertEquals(Set.of(), unknown.permissions());
        assertFalse(unknown.may(Permission.CONVERSATIONS_READ));
        Throwable missing = Await.failure(roles.update(ROOT, "00000000-0000-0000-0000-000000000000",
                draft("Ghost", List.of())), "changing a role that is not there");
        assertTrue(missing instanceof java.util.NoSuchElementException, String.valueOf(missing));
    }

    /**
     * Verifies that security.mfa.required-roles names built-in roles by their names and defined roles by theirs, in
     * any case, and that a defined role is not taken for the built-in role its accounts rest on.
     */
    @Test
    void secondFactorsAreRequiredByRoleName() {
        SecondFactors factors = new SecondFactors(store, Clock.systemUTC(), null, List.of("ADMIN", "privacy Officer"));
        Access officer = new Access("0f1e2d3c-0000-4000-8000-000000000001", "Privacy officer",
                Set.of(Permission.PRIVACY_REQUESTS), Set.of(), Set.of());
        Access agentLike = new Access("0f1e2d3c-0000-4000-8000-000000000002", "Agent helpers",
                Permission.AGENT_DEFAULTS, Set.of(), Set.of());
        assertTrue(factors.required(ROOT));
        assertTrue(factors.required(new SignedInAgent("o", "olga", "Olga", Role.AGENT, false, officer)));
        assertFalse(factors.required(new SignedInAgent("a", "ana", "Ana", Role.AGENT, false)));
        assertFalse(factors.required(new SignedInAgent("h", "hal", "Hal", Role.AGENT, false, agentLike)));
        SecondFactors agents = new SecondFactors(store, Clock.systemUTC(), null, List.of("AGENT"));
        assertTrue(agents.required(new SignedInAgent("a", "ana", "Ana", Role.AGENT, false)));
        assertFalse(agents.required(new SignedInAgent("h", "hal", "Hal", Role.AGENT, false, agentLike)));
    }

    /**
     * Verifies that a role an account holds cannot be deleted (the refusal says how many hold it), that it can once
     * nobody does, and that the account then has no permission left until it gets another role.
     */
    @Test
    void aRoleInUseIsNotDeleted() {
        ConsoleRole writers = Await.result(roles.create(ROOT, draft("Writers", List.of("conversations.read",
                "conversations.reply"))), "creating");
        SignedInAgent wanda = Await.result(accounts.createWithRole("wanda", "Wanda",
                new RoleChoice(Role.AGENT, writers.id()), "Initial-wanda-pw-1".toCharArray()), "creating wanda");
        assertEquals(writers.id(), wanda.customRoleId());
        assertTrue(wanda.may(Permission.CONVERSATIONS_REPLY));
        assertFalse(wanda.may(Permission.PERSONAL_DATA_UNMASKED));
        assertEquals(1, Await.result(roles.holders(), "counting").get(writers.id()));

        RoleRefusal inUse = refusal(roles.delete(ROOT, writers.id()));
        assertEquals(RoleRefusal.Kind.IN_USE, inUse.kind());
        assertTrue(inUse.getMessage().contains("held by 1 account"), inUse.getMessage());
        assertTrue(roles.get(writers.id()).isPresent());

        Await.result(accounts.changeRole(ROOT, wanda.id(), RoleChoice.of(Role.AGENT)), "back to agent");
        Await.result(roles.delete(ROOT, writers.id()), "deleting");
        assertTrue(roles.get(writers.id()).isEmpty());
        assertEquals(Set.of(), roles.accessOf(Role.AGENT, writers.id()).permissions());

        Throwable gone = Await.failure(accounts.changeRole(ROOT, wanda.id(), new RoleChoice(Role.AGENT,
                writers.id())), "giving a deleted role");
        assertTrue(gone instanceof AccountInputException, String.valueOf(gone));
        Throwable created = Await.failure(accounts.createWithRole("walter", "Walter", new RoleChoice(Role.AGENT,
                writers.id()), "Initial-walter-pw-1".toCharArray()), "creating with a deleted role");
        assertTrue(created instanceof AccountInputException, String.valueOf(created));
    }
}
