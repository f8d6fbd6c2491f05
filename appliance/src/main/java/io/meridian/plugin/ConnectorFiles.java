package io.meridian.plugin;

import io.meridian.config.AdminYaml;
import io.meridian.config.ConfigException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Connector instances defined in files: {@code <plugins.connectors-dir>/<instance id>.yaml}, e.g.
 * <pre>
 * plugin: channel-email        # the plugin's id
 * factory: channel-email       # the connector factory's id within it
 * name: Support mailbox        # optional, shown in the console
 * enabled: true                # optional, default true
 * values:                      # the connector's properties, as its form in the console lists them
 *   imapHost: imap.example.com
 *   imapPassword: "..."
 * </pre>
 * Only {@code *.yaml} files are read, so a sample such as {@code support-mailbox.yaml.example} is not.
 * A file that is not of this shape stops start-up with the file, the key and what was expected. Whether the values
 * fit the connector is checked when its plugin is loaded; a misfit marks the instance FAILED with the same precision.
 */
final class ConnectorFiles {

    private static final Set<String> KEYS = Set.of("plugin", "factory", "name", "enabled", "values");

    private ConnectorFiles() {
    }

    /** Every {@code *.yaml} in {@code dir} (none if it does not exist), sorted by name. BLOCKING. */
    static List<InstanceDraft> read(Path dir) {
        List<InstanceDraft> drafts = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return drafts;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.yaml")) {
            stream.forEach(files::add);
        } catch (IOException e) {
            throw new ConfigException(dir + ": cannot list the connector files: " + e.getMessage());
        }
        files.sort(null);
        for (Path file : files) {
            drafts.add(parse(file));
        }
        return drafts;
    }

    static InstanceDraft parse(Path file) {
        String name = file.getFileName().toString();
        String id = name.substring(0, name.length() - ".yaml".length());
        if (!id.matches(InstanceDraft.ID_PATTERN) || id.equals("web")) {
            throw new ConfigException(file + ": the file name is the instance id and must match "
                    + InstanceDraft.ID_PATTERN + " (and not be 'web'), e.g. support-mail.yaml");
        }
        Object root;
        try {
            root = AdminYaml.read(file);
        } catch (YAMLException e) {
            throw new ConfigException(file + ": not valid YAML: " + AdminYaml.reason(e));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file + ": " + e.getMessage());
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot be read: " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new ConfigException(file + ": expected a mapping with the keys plugin, factory and values");
        }
        for (Object key : map.keySet()) {
            if (!KEYS.contains(String.valueOf(key))) {
                throw new ConfigException(file + ": unknown key '" + key + "'; expected plugin, factory, name, "
                        + "enabled and values");
            }
        }
        String plugin = requiredString(file, map, "plugin");
        String factory = requiredString(file, map, "factory");
        Object displayName = map.get("name");
        if (displayName != null && (displayName instanceof Map || displayName instanceof List)) {
            throw new ConfigException(file + ", key 'name': expected a display name (text)");
        }
        Object enabled = map.get("enabled");
        if (enabled != null && !(enabled instanceof Boolean)) {
            throw new ConfigException(file + ", key 'enabled': expected true or false, got '" + enabled + "'");
        }
        Map<String, String> values = new LinkedHashMap<>();
        Object rawValues = map.get("values");
        if (rawValues != null) {
            if (!(rawValues instanceof Map<?, ?> valueMap)) {
                throw new ConfigException(file + ", key 'values': expected a mapping of property names to values");
            }
            for (Map.Entry<?, ?> e : valueMap.entrySet()) {
                Object value = e.getValue();
                if (value instanceof Map || value instanceof List) {
                    throw new ConfigException(file + ", key 'values." + e.getKey() + "': expected a single value "
                            + "(text, number or true/false)");
                }
                values.put(String.valueOf(e.getKey()), value == null ? "" : String.valueOf(value));
            }
        }
        String shown = displayName == null ? id : String.valueOf(displayName).strip();
        if (shown.length() > 100) {
            throw new ConfigException(file + ", key 'name': expected at most 100 characters");
        }
        return new InstanceDraft(id, plugin, factory, shown, enabled == null || (Boolean) enabled, file.toString(),
                values);
    }

    private static String requiredString(Path file, Map<?, ?> map, String key) {
        Object value = map.get(key);
        if (value == null || value instanceof Map || value instanceof List || String.valueOf(value).isBlank()) {
            throw new ConfigException(file + ", key '" + key + "': expected the " + key + " id (text)");
        }
        return String.valueOf(value).strip();
    }
}
