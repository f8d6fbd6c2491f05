package io.meridian.security;

import io.meridian.console.ConsolePreferences;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL of each agent's settings, kept as columns of the account ({@code agents.console_language},
 * {@code agents.time_zone}, migration V5; {@code agents.reading_language}, V9): the table is this capability's, so
 * the console's preferences and the reading languages reach these columns only through here. Runs inside the
 * store's work; never commits.
 */
public final class AgentSettingsRecords implements ConsolePreferences.Records {

    @Override
    public List<ConsolePreferences.Stored> chosen(Connection c) throws SQLException {
        List<ConsolePreferences.Stored> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, console_language, time_zone FROM agents "
                + "WHERE console_language IS NOT NULL OR time_zone IS NOT NULL");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(new ConsolePreferences.Stored(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        return out;
    }

    @Override
    public boolean save(Connection c, String agentId, String language, String timeZone) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE agents SET console_language = ?, time_zone = ? WHERE id = ?")) {
            setOrNull(s, 1, language);
            setOrNull(s, 2, timeZone);
            s.setString(3, agentId);
            return s.executeUpdate() == 1;
        }
    }

    /** Every agent's chosen reading language, by agent id (agents who chose none are left out). */
    public Map<String, String> readingLanguages(Connection c) throws SQLException {
        Map<String, String> found = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT id, reading_language FROM agents WHERE reading_language IS NOT NULL");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                found.put(rs.getString(1), rs.getString(2));
            }
        }
        return found;
    }

    /** Stores the agent's reading language (null: none chosen); false when there is no such agent. */
    public boolean saveReadingLanguage(Connection c, String agentId, String language) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE agents SET reading_language = ? WHERE id = ?")) {
            setOrNull(s, 1, language);
            s.setString(2, agentId);
            return s.executeUpdate() == 1;
        }
    }

    private static void setOrNull(PreparedStatement s, int index, String value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setString(index, value);
        }
    }
}
