package io.meridian.plugin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;

/**
 * The SQL of plugin settings and connector instances (migration V3). Runs inside the store's work; never commits.
 * Secret values arrive sealed and leave sealed.
 */
final class InstanceRecords {

    private static final ThreadLocal<Calendar> UTC =
            ThreadLocal.withInitial(() -> Calendar.getInstance(TimeZone.getTimeZone("UTC")));

    record InstanceRow(String id, String pluginId, String factoryId, String displayName, boolean enabled,
            String source, byte[] dataKey) {
    }

    /** One stored value: exactly one of {@code text} and {@code sealed} is set. */
    record ValueRow(String name, String text, byte[] sealed) {
    }

    Map<String, Boolean> pluginSettings(Connection c) throws SQLException {
        Map<String, Boolean> settings = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT plugin_id, enabled FROM plugin_settings");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                settings.put(rs.getString(1), rs.getBoolean(2));
            }
        }
        return settings;
    }

    void setPluginEnabled(Connection c, String pluginId, boolean enabled, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE plugin_settings SET enabled = ?, updated_at = ? WHERE plugin_id = ?")) {
            s.setBoolean(1, enabled);
            s.setTimestamp(2, Timestamp.from(now), UTC.get());
            s.setString(3, pluginId);
            if (s.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO plugin_settings (plugin_id, enabled, updated_at) VALUES (?, ?, ?)")) {
            s.setString(1, pluginId);
            s.setBoolean(2, enabled);
            s.setTimestamp(3, Timestamp.from(now), UTC.get());
            s.executeUpdate();
        }
    }

    List<InstanceRow> list(Connection c) throws SQLException {
        List<InstanceRow> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, plugin_id, factory_id, display_name, enabled, source, "
                + "data_key FROM connector_instances ORDER BY id");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.add(row(rs));
            }
        }
        return rows;
    }

    Optional<InstanceRow> byId(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id, plugin_id, factory_id, display_name, enabled, source, "
                + "data_key FROM connector_instances WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    List<ValueRow> values(Connection c, String instanceId) throws SQLException {
        List<ValueRow> values = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT name, value_text, value_sealed FROM connector_values WHERE instance_id = ? ORDER BY name")) {
            s.setString(1, instanceId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    values.add(new ValueRow(rs.getString(1), rs.getString(2), rs.getBytes(3)));
                }
            }
        }
        return values;
    }

    void insert(Connection c, InstanceRow row, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO connector_instances (id, plugin_id, factory_id, "
                + "display_name, enabled, source, data_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, row.id());
            s.setString(2, row.pluginId());
            s.setString(3, row.factoryId());
            s.setString(4, row.displayName());
            s.setBoolean(5, row.enabled());
            string(s, 6, row.source());
            s.setBytes(7, row.dataKey());
            s.setTimestamp(8, Timestamp.from(now), UTC.get());
            s.setTimestamp(9, Timestamp.from(now), UTC.get());
            s.executeUpdate();
        }
    }

    void update(Connection c, InstanceRow row, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE connector_instances SET plugin_id = ?, factory_id = ?, "
                + "display_name = ?, enabled = ?, source = ?, updated_at = ?, version = version + 1 WHERE id = ?")) {
            s.setString(1, row.pluginId());
            s.setString(2, row.factoryId());
            s.setString(3, row.displayName());
            s.setBoolean(4, row.enabled());
            string(s, 5, row.source());
            s.setTimestamp(6, Timestamp.from(now), UTC.get());
            s.setString(7, row.id());
            s.executeUpdate();
        }
    }

    void replaceValues(Connection c, String instanceId, List<ValueRow> values) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM connector_values WHERE instance_id = ?")) {
            s.setString(1, instanceId);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO connector_values (instance_id, name, value_text, value_sealed) VALUES (?, ?, ?, ?)")) {
            for (ValueRow v : values) {
                s.setString(1, instanceId);
                s.setString(2, v.name());
                string(s, 3, v.text());
                if (v.sealed() == null) {
                    s.setNull(4, Types.VARBINARY);
                } else {
                    s.setBytes(4, v.sealed());
                }
                s.executeUpdate();
            }
        }
    }

    boolean setEnabled(Connection c, String id, boolean enabled, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE connector_instances SET enabled = ?, updated_at = ?, "
                + "version = version + 1 WHERE id = ?")) {
            s.setBoolean(1, enabled);
            s.setTimestamp(2, Timestamp.from(now), UTC.get());
            s.setString(3, id);
            return s.executeUpdate() == 1;
        }
    }

    /** Every instance's wrapped data key that {@code rewrap} gives a new form (non-null) is replaced; how many. */
    int rewrapKeys(Connection c, java.util.function.UnaryOperator<byte[]> rewrap) throws SQLException {
        int changed = 0;
        try (PreparedStatement s = c.prepareStatement("SELECT id, data_key FROM connector_instances");
                PreparedStatement update = c.prepareStatement(
                        "UPDATE connector_instances SET data_key = ? WHERE id = ?");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                byte[] next = rs.getBytes(2) == null ? null : rewrap.apply(rs.getBytes(2));
                if (next != null) {
                    update.setBytes(1, next);
                    update.setString(2, rs.getString(1));
                    changed += update.executeUpdate();
                }
            }
        }
        return changed;
    }

    boolean delete(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM connector_instances WHERE id = ?")) {
            s.setString(1, id);
            return s.executeUpdate() == 1;
        }
    }

    private static InstanceRow row(ResultSet rs) throws SQLException {
        return new InstanceRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5),
                rs.getString(6), rs.getBytes(7));
    }

    private static void string(PreparedStatement s, int index, String value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setString(index, value);
        }
    }
}
