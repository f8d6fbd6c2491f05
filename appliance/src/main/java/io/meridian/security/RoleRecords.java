package io.meridian.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * All SQL on {@code console_roles} (migration V36). Methods run on a store connection handed in by
 * {@link io.meridian.store.Store}, inside its transaction; none commits.
 */
final class RoleRecords {

    /** Derby's (and PostgreSQL's) SQLState for a unique or primary key violation. */
    static final String DUPLICATE_KEY = "23505";
    private static final String COLUMNS = "id, name, description, permissions, team_ids, regions, created_at, "
            + "updated_at";
    private static final ThreadLocal<Calendar> UTC = ThreadLocal.withInitial(
            () -> Calendar.getInstance(TimeZone.getTimeZone("UTC")));

    List<ConsoleRole> all(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM console_roles ORDER BY name");
                ResultSet rs = s.executeQuery()) {
            List<ConsoleRole> roles = new ArrayList<>();
            while (rs.next()) {
                roles.add(row(rs));
            }
            return roles;
        }
    }

    Optional<ConsoleRole> byId(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM console_roles WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    void insert(Connection c, ConsoleRole role) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO console_roles (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            bind(s, role);
            s.executeUpdate();
        }
    }

    /** Replaces everything but the id and creation time; false for an unknown id. */
    boolean update(Connection c, ConsoleRole role) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE console_roles SET name = ?, description = ?, "
                + "permissions = ?, team_ids = ?, regions = ?, updated_at = ? WHERE id = ?")) {
            s.setString(1, role.name());
            s.setString(2, role.description());
            s.setString(3, joinPermissions(role.permissions()));
            s.setString(4, String.join(",", role.teams()));
            s.setString(5, String.join(",", role.regions()));
            s.setTimestamp(6, Timestamp.from(role.updatedAt()), UTC.get());
            s.setString(7, role.id());
            return s.executeUpdate() == 1;
        }
    }

    boolean delete(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM console_roles WHERE id = ?")) {
            s.setString(1, id);
            return s.executeUpdate() == 1;
        }
    }

    private static void bind(PreparedStatement s, ConsoleRole role) throws SQLException {
        s.setString(1, role.id());
        s.setString(2, role.name());
        s.setString(3, role.description());
        s.setString(4, joinPermissions(role.permissions()));
        s.setString(5, String.join(",", role.teams()));
        s.setString(6, String.join(",", role.regions()));
        s.setTimestamp(7, Timestamp.from(role.createdAt()), UTC.get());
        s.setTimestamp(8, Timestamp.from(role.updatedAt()), UTC.get());
    }

    /** In the enum's order, so the stored text does not depend on the order an admin ticked them. */
    static String joinPermissions(Set<Permission> permissions) {
        return permissions.stream().sorted().map(Permission::key).collect(Collectors.joining(","));
    }

    private static ConsoleRole row(ResultSet rs) throws SQLException {
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        // A key no longer in the list (a permission renamed by a later version) grants nothing rather than failing.
        split(rs.getString(4)).forEach(key -> Permission.ofKey(key).ifPresent(permissions::add));
        return new ConsoleRole(rs.getString(1).strip(), rs.getString(2), rs.getString(3), permissions,
                split(rs.getString(5)), split(rs.getString(6)), rs.getTimestamp(7, UTC.get()).toInstant(),
                rs.getTimestamp(8, UTC.get()).toInstant());
    }

    private static Set<String> split(String list) {
        return Arrays.stream(list == null ? new String[0] : list.split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
    }
}
