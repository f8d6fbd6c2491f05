package io.meridian.security;

import io.meridian.lifecycle.Lifecycle;
import io.meridian.store.SqlWork;
import io.meridian.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The roles admins define from the fixed list of {@link Permission}s, scoped by team and region (docs/security.md,
 * "Roles and permissions"), in {@code console_roles}. The roles are kept in memory, loaded at start and replaced after
 * each change commits, so {@link #accessOf} answers every request without the store: a changed role takes effect on
 * its holders' next request. Every change is written to the audit trail.
 */
public final class RoleCatalog implements Lifecycle {

    private static final Logger AUDIT = LoggerFactory.getLogger("audit");
    /** What a custom role's name may not be: the built-in roles go by these in the console and the configuration. */
    private static final List<String> RESERVED_NAMES = List.of("admin", "agent", "administrator");

    /** Where live connections hear that a role changed or went: the message is the role's id. */
    static final String CHANGED_ADDRESS = "meridian.security.role-changed";

    private final Vertx vertx;
    private final Store store;
    private final Clock clock;
    private final RoleRecords records = new RoleRecords();
    private final AgentRecords agents = new AgentRecords();
    /** Counts writes in the order they run in the store, so a slower callback never puts back an older list. */
    private final AtomicLong writes = new AtomicLong();
    private long applied = -1;
    private volatile Map<String, ConsoleRole> roles = Map.of();

    /** {@code vertx}: where a changed role is announced to live connections; null for none (tests of the catalog). */
    public RoleCatalog(Vertx vertx, Store store, Clock clock) {
        this.vertx = vertx;
        this.store = store;
        this.clock = clock;
    }

    /** Loads the roles; the node serves requests only after this. */
    @Override
    public Future<Void> start() {
        return store.read(records::all).map(all -> {
            apply(-1, all);
            return null;
        });
    }

    @Override
    public Future<Void> stop() {
        return Future.succeededFuture();
    }

    /**
     * What an account of the built-in role {@code base} whose role id is {@code roleId} may do: {@code base}'s access
     * without an id, the defined role's with one, and nothing at all for an id that names no role (never an exception:
     * a request of such an account is refused like any request without the permission).
     */
    public Access accessOf(Role base, String roleId) {
        if (roleId == null) {
            return Access.of(base);
        }
        ConsoleRole role = roles.get(roleId);
        return role == null ? Access.none(roleId) : role.access();
    }

    /** The agent with its role's access as it is now. */
    SignedInAgent resolve(SignedInAgent agent) {
        String roleId = agent.customRoleId();
        if (roleId == null) {
            return agent;
        }
        return agent.withAccess(accessOf(agent.role(), roleId));
    }

    /** The defined roles, by name. */
    public List<ConsoleRole> list() {
        return roles.values().stream().sorted(Comparator.comparing((ConsoleRole r) -> r.name().toLowerCase(Locale.ROOT))
                .thenComparing(ConsoleRole::id)).toList();
    }

    public Optional<ConsoleRole> get(String id) {
        return Optional.ofNullable(id == null ? null : roles.get(id));
    }

    /** How many accounts (active or not) hold each defined role, by role id; roles nobody holds are absent. */
    public Future<Map<String, Integer>> holders() {
        return store.read(agents::countByRoleId);
    }

    /** Creates a role; {@link RoleRefusal} {@code NAME_TAKEN} if another role has the name (any case). */
    public Future<ConsoleRole> create(SignedInAgent by, RoleDraft draft) {
        Instant now = clock.instant();
        ConsoleRole role = new ConsoleRole(UUID.randomUUID().toString(), draft.name(), draft.description(),
                draft.permissions(), draft.teams(), draft.regions(), now, now);
        return change(c -> {
            checkNameFree(c, role.name(), role.id());
            records.insert(c, role);
            return role;
        }).onSuccess(created -> AUDIT.info("'{}' created the role '{}' ({}): {}", by.username(), created.name(),
                created.id(), describe(created)));
    }

    /**
     * Replaces a role's name, description, permissions and scope; its holders have the new access from their next
     * request. {@link NoSuchElementException} for an unknown id.
     */
    public Future<ConsoleRole> update(SignedInAgent by, String id, RoleDraft draft) {
        Instant now = clock.instant();
        return change(c -> {
            ConsoleRole before = records.byId(c, id).orElseThrow(() -> new NoSuchElementException("no role " + id));
            checkNameFree(c, draft.name(), id);
            ConsoleRole after = new ConsoleRole(before.id(), draft.name(), draft.description(), draft.permissions(),
                    draft.teams(), draft.regions(), before.createdAt(), now);
            records.update(c, after);
            return Map.entry(before, after);
        }).map(change -> {
            AUDIT.info("'{}' changed the role '{}' ({}): was {}; now '{}': {}", by.username(), change.getKey().name(),
                    id, describe(change.getKey()), change.getValue().name(), describe(change.getValue()));
            announce(id);
            return change.getValue();
        });
    }

    /**
     * Deletes a role nobody holds. {@link RoleRefusal} {@code IN_USE} naming how many accounts hold it,
     * {@link NoSuchElementException} for an unknown id.
     */
    public Future<ConsoleRole> delete(SignedInAgent by, String id) {
        return change(c -> {
            ConsoleRole role = records.byId(c, id).orElseThrow(() -> new NoSuchElementException("no role " + id));
            int holders = agents.countWithRoleId(c, id);
            if (holders > 0) {
                throw new RoleRefusal(RoleRefusal.Kind.IN_USE, "the role '" + role.name() + "' is held by " + holders
                        + (holders == 1 ? " account" : " accounts") + ": give them another role first",
                        "Accounts holding the role " + role.name() + ": " + holders
                                + ". Give them another role first.");
            }
            records.delete(c, id);
            return role;
        }).onSuccess(deleted -> {
            AUDIT.info("'{}' deleted the role '{}' ({})", by.username(), deleted.name(), id);
            announce(id);
        });
    }

    /** Whether {@code id} names a defined role, in the store's transaction (for an account's role change). */
    boolean exists(Connection c, String id) throws SQLException {
        return records.byId(c, id).isPresent();
    }

    /** The role's name in the store's transaction, or null: for the audit line of an account's role change. */
    String nameIn(Connection c, String id) throws SQLException {
        return records.byId(c, id).map(ConsoleRole::name).orElse(null);
    }

    /**
     * Requests look a role up each time; a live connection took its access when it opened, so its holders' open
     * connections are closed and reconnect under the role as it is now.
     */
    private void announce(String roleId) {
        if (vertx != null) {
            vertx.eventBus().publish(CHANGED_ADDRESS, roleId);
        }
    }

    private void checkNameFree(Connection c, String name, String ownId) throws SQLException {
        if (RESERVED_NAMES.contains(name.toLowerCase(Locale.ROOT))) {
            throw new RoleRefusal(RoleRefusal.Kind.NAME_TAKEN, "'" + name + "' is the name of a built-in role",
                    name + " is the name of a built-in role.");
        }
        for (ConsoleRole other : records.all(c)) {
            if (!other.id().equals(ownId) && other.name().equalsIgnoreCase(name)) {
                throw new RoleRefusal(RoleRefusal.Kind.NAME_TAKEN, "a role named '" + other.name() + "' exists",
                        "A role named " + other.name() + " exists already.");
            }
        }
    }

    /** Runs a change in the store and then takes the committed list of roles as the one in force. */
    private <T> Future<T> change(SqlWork<T> work) {
        return store.write(c -> {
            T result = work.apply(c);
            long order = writes.incrementAndGet();
            return new Changed<>(result, order, records.all(c));
        }).map(changed -> {
            apply(changed.order(), changed.all());
            return changed.result();
        });
    }

    private synchronized void apply(long order, List<ConsoleRole> all) {
        if (order != -1 && order < applied) {
            return;
        }
        applied = Math.max(applied, order);
        Map<String, ConsoleRole> byId = new HashMap<>();
        all.forEach(r -> byId.put(r.id(), r));
        roles = Map.copyOf(byId);
    }

    private static String describe(ConsoleRole role) {
        return "permissions [" + String.join(", ", role.permissionKeys()) + "], teams "
                + (role.teams().isEmpty() ? "all" : role.teams()) + ", regions "
                + (role.regions().isEmpty() ? "all" : role.regions());
    }

    private record Changed<T>(T result, long order, List<ConsoleRole> all) {
    }
}
