package io.meridian.config;

import io.meridian.store.PostgresSettings;
import io.meridian.store.StoreEngine;

import io.meridian.egress.OnSiteAddresses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The node's validated configuration: {@code conf/meridian.yaml}, then environment variables
 * ({@code MERIDIAN_HTTP_PORT}), then system properties ({@code -Dmeridian.http.port}), each overriding the one before.
 * Every problem stops start-up with a message naming where the value came from, the key and what was expected.
 */
public final class MeridianConfig {

    /** A legal data region's name: it is written in visitors' tokens and in event bus addresses. */
    private static final String REGION = "[a-z0-9][a-z0-9-]{0,31}";

    /** System properties read by the launcher itself, not configuration keys. */
    private static final Set<String> LAUNCHER_PROPERTIES = Set.of("meridian.home", "meridian.config", "meridian.logs");
    /**
     * {@code MERIDIAN_*} variables that are not configuration keys: read by bin/meridian or at start (the key store's
     * password). Any other {@code MERIDIAN_*} variable is a mistyped key and stops the start, like one in the file.
     */
    private static final Set<String> OTHER_VARIABLES = Set.of("MERIDIAN_HOME", "MERIDIAN_CONF", "MERIDIAN_LOGS",
            "MERIDIAN_PID_FILE", "MERIDIAN_START_TIMEOUT", "MERIDIAN_STOP_TIMEOUT", "MERIDIAN_CONSOLE_LOG_LEVEL",
            "MERIDIAN_KEYSTORE_PASSWORD", "MERIDIAN_STORE_POSTGRESQL_PASSWORD");

    private final Map<String, Object> values;
    private final Path home;

    private MeridianConfig(Map<String, Object> values, Path home) {
        this.values = values;
        this.home = home;
    }

    /** Loads the file (which may be absent: defaults apply), then the overrides from the process environment. */
    public static MeridianConfig load(Path home, Path file) {
        return load(home, file, System.getenv(), System.getProperties());
    }

    public static MeridianConfig load(Path home, Path file, Map<String, String> env, Properties sysProps) {
        Map<String, Object> values = new HashMap<>();
        for (ConfigKey key : ConfigKeys.ALL) {
            values.put(key.name(), parse(key, key.defaultValue(), "the built-in default"));
        }
        if (file != null && Files.exists(file)) {
            readYaml(file).forEach((name, raw) -> values.put(name, fromYaml(file, name, raw)));
        }
        for (String variable : env.keySet()) {
            if (variable.startsWith("MERIDIAN_") && !OTHER_VARIABLES.contains(variable) && ConfigKeys.ALL.stream()
                    .noneMatch(k -> k.environmentVariable().equals(variable))) {
                throw new ConfigException("environment variable " + variable + ": unknown key" + variableSuggestion(variable));
            }
        }
        for (ConfigKey key : ConfigKeys.ALL) {
            String fromEnv = env.get(key.environmentVariable());
            if (fromEnv != null) {
                values.put(key.name(), parse(key, fromEnv, "environment variable " + key.environmentVariable()));
            }
        }
        for (String prop : sysProps.stringPropertyNames()) {
            if (!prop.startsWith("meridian.") || LAUNCHER_PROPERTIES.contains(prop)) {
                continue;
            }
            String name = prop.substring("meridian.".length());
            ConfigKey key = ConfigKeys.byName(name).orElseThrow(() -> new ConfigException(
                    "system property -D" + prop + ": unknown key '" + name + "'" + suggestion(name)));
            values.put(name, parse(key, sysProps.getProperty(prop), "system property -D" + prop));
        }
        MeridianConfig config = new MeridianConfig(Map.copyOf(values), home.toAbsolutePath().normalize());
        config.checkConsistency(file);
        return config;
    }

    private static Map<String, Object> readYaml(Path file) {
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
        Map<String, Object> flat = new HashMap<>();
        if (root == null) {
            return flat;
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new ConfigException(file + ": expected a mapping of keys at the top level");
        }
        flatten(file, "", map, flat);
        return flat;
    }

    private static void flatten(Path file, String prefix, Map<?, ?> map, Map<String, Object> out) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = prefix + e.getKey();
            Object value = e.getValue();
            if (value instanceof Map<?, ?> nested && ConfigKeys.byName(name).isEmpty()) {
                flatten(file, name + ".", nested, out);
            } else if (ConfigKeys.byName(name).isEmpty()) {
                throw new ConfigException(file + ": unknown key '" + name + "'" + suggestion(name));
            } else {
                out.put(name, value);
            }
        }
    }

    private static Object fromYaml(Path file, String name, Object raw) {
        ConfigKey key = ConfigKeys.byName(name).orElseThrow();
        String where = file + ", key '" + name + "'";
        if (raw == null) {
            return parse(key, key.defaultValue(), where);
        }
        if (raw instanceof List<?> list) {
            if (key.type() != ConfigKey.Type.LIST) {
                throw new ConfigException(where + ": expected " + key.type().expected() + ", got a list");
            }
            return list.stream().map(String::valueOf).toList();
        }
        if (raw instanceof Map<?, ?>) {
            throw new ConfigException(where + ": expected " + key.type().expected() + ", got a mapping");
        }
        return parse(key, String.valueOf(raw), where);
    }

    private static Object parse(ConfigKey key, String raw, String where) {
        try {
            return key.type().parse(raw);
        } catch (RuntimeException e) {
            String at = where.contains("key '") ? where : where + " (key '" + key.name() + "')";
            throw new ConfigException(at + ": expected " + key.type().expected() + ", got '" + raw + "'");
        }
    }

    /** Closest known variable by edit distance. */
    private static String variableSuggestion(String variable) {
        return closest(ConfigKey::environmentVariable, variable, " (did you mean %s?)",
                "; every key's variable is listed in docs/configuration.md");
    }

    /** Closest known key by edit distance, to turn a typo into a fix. */
    private static String suggestion(String name) {
        return closest(ConfigKey::name, name, " (did you mean '%s'?)", "; known keys are listed in docs/configuration.md");
    }

    private static String closest(java.util.function.Function<ConfigKey, String> spelling, String typed, String found,
            String none) {
        return ConfigKeys.ALL.stream()
                .map(spelling)
                .min(Comparator.comparingInt(k -> distance(k, typed)))
                .filter(k -> distance(k, typed) <= 3)
                .map(k -> found.formatted(k))
                .orElse(none);
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private void checkConsistency(Path file) {
        String source = file == null ? "configuration" : file.toString();
        for (String address : list(ConfigKeys.SECURITY_ALERTS_MAIL_TO)) {
            if (!address.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                throw new ConfigException(source + ", key 'security.alerts.mail-to': expected e-mail addresses, got '"
                        + address + "'");
            }
        }
        for (String role : list(ConfigKeys.MFA_REQUIRED_ROLES)) {
            // ADMIN, AGENT or the name of a role admins define in the console (which may not exist yet).
            if (role.isBlank() || role.strip().length() > 64 || role.chars().anyMatch(Character::isISOControl)) {
                throw new ConfigException(source + ", key 'security.mfa.required-roles': expected ADMIN, AGENT or "
                        + "the names of defined roles (1-64 characters), got '" + role + "'");
            }
        }
        if (!List.of("starttls", "tls", "none").contains(string(ConfigKeys.STAFF_MAIL_SECURITY))) {
            throw new ConfigException(source + ", key 'staff-mail.security': expected starttls, tls or none, got '"
                    + string(ConfigKeys.STAFF_MAIL_SECURITY) + "'");
        }
        if (!List.of("en", "de", "es", "fr", "ja", "ko", "zh-CN", "zh-TW").contains(string(ConfigKeys.STAFF_MAIL_LANGUAGE))) {
            throw new ConfigException(source + ", key 'staff-mail.language': expected one of the console languages "
                    + "(en, de, es, fr, ja, ko, zh-CN, zh-TW), got '" + string(ConfigKeys.STAFF_MAIL_LANGUAGE) + "'");
        }
        boolean cert = !string(ConfigKeys.TLS_CERT_FILE).isEmpty();
        boolean key = !string(ConfigKeys.TLS_KEY_FILE).isEmpty();
        if (cert != key) {
            throw new ConfigException(source + ", keys 'tls.cert-file' and 'tls.key-file': expected both or neither");
        }
        boolean p12 = !string(ConfigKeys.TLS_PKCS12_FILE).isEmpty();
        if (p12 && cert) {
            throw new ConfigException(source + ", key 'tls.pkcs12-file': expected either PEM files or a PKCS#12 file, not both");
        }
        for (ConfigKey pathKey : List.of(ConfigKeys.TLS_CERT_FILE, ConfigKeys.TLS_KEY_FILE, ConfigKeys.TLS_PKCS12_FILE,
                ConfigKeys.TLS_PKCS12_PASSWORD_FILE, ConfigKeys.KEYSTORE_PASSWORD_FILE,
                ConfigKeys.STAFF_MAIL_PASSWORD_FILE, ConfigKeys.STORE_POSTGRESQL_PASSWORD_FILE,
                ConfigKeys.STORE_POSTGRESQL_SSL_ROOT_CERT)) {
            if (!string(pathKey).isEmpty() && !Files.isReadable(path(pathKey))) {
                throw new ConfigException(source + ", key '" + pathKey.name() + "': expected a readable file, "
                        + path(pathKey) + " is not");
            }
        }
        validateStore(source);
        if (bool(ConfigKeys.CLUSTER_ENABLED)) {
            for (String tlsFile : List.of("node.key", "node.crt", "ca.crt")) {
                if (!Files.isReadable(path(ConfigKeys.CLUSTER_TLS_DIR).resolve(tlsFile))) {
                    throw new ConfigException(source + ", key '" + ConfigKeys.CLUSTER_TLS_DIR.name() + "': expected "
                            + "this node's certificates from bin/meridian cluster-add-node, "
                            + path(ConfigKeys.CLUSTER_TLS_DIR).resolve(tlsFile) + " is not readable");
                }
            }
            String host = string(ConfigKeys.CLUSTER_HOST).strip();
            if (!host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*")) {
                throw new ConfigException(source + ", key '" + ConfigKeys.CLUSTER_HOST.name() + "': expected this "
                        + "node's IP address (both cluster ports listen on it), got '" + host + "'");
            }
            for (String member : list(ConfigKeys.CLUSTER_MEMBERS)) {
                java.util.regex.Matcher m = java.util.regex.Pattern
                        .compile("([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\]):([0-9]{1,5})").matcher(member);
                if (!m.matches() || Integer.parseInt(m.group(2)) > 65535) {
                    throw new ConfigException(source + ", key '" + ConfigKeys.CLUSTER_MEMBERS.name()
                            + "': expected host:port entries (IPv6 in brackets: [fd00::1]:5701), got '" + member + "'");
                }
            }
        }
        List<String> modes = List.of("off", "optional", "required");
        String preChat = string(ConfigKeys.WIDGET_PRE_CHAT_FORM).strip();
        if (!modes.contains(preChat)) {
            throw new ConfigException(source + ", key '" + ConfigKeys.WIDGET_PRE_CHAT_FORM.name()
                    + "': expected off, optional or required, got '" + preChat + "'");
        }
        for (String entry : list(ConfigKeys.WIDGET_PRE_CHAT_FORM_BY_SITE)) {
            int eq = entry.lastIndexOf('=');
            if (eq < 0 || !entry.substring(0, eq).strip().matches("(?i)https?://[a-z0-9.-]+(:[0-9]{1,5})?/?")
                    || !modes.contains(entry.substring(eq + 1).strip())) {
                throw new ConfigException(source + ", key '" + ConfigKeys.WIDGET_PRE_CHAT_FORM_BY_SITE.name()
                        + "': expected entries like https://shop.example.com=required (off, optional or required), "
                        + "got '" + entry + "'");
            }
        }
        try {
            ConfigKeys.attachmentLimits(this);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source + ", key '" + ConfigKeys.ATTACHMENTS_ALLOWED_TYPES.name() + "': "
                    + e.getMessage());
        }
        String region = string(ConfigKeys.NODE_REGION).strip();
        if (!region.matches(REGION)) {
            throw new ConfigException(source + ", key '" + ConfigKeys.NODE_REGION.name() + "': expected a region name "
                    + "of lower-case letters, digits and '-' (e.g. eu, us, apac), got '" + region + "'");
        }
        for (String entry : list(ConfigKeys.RESIDENCY_HOME_REGIONS)) {
            if (!entry.strip().matches("[A-Za-z]{2}\\s*=\\s*" + REGION)) {
                throw new ConfigException(source + ", key '" + ConfigKeys.RESIDENCY_HOME_REGIONS.name() + "': expected "
                        + "entries like DE=eu (a two-letter country code, then a region name), got '" + entry + "'");
            }
        }
        for (String entry : list(ConfigKeys.RESIDENCY_CROSS_REGION)) {
            if (!entry.strip().matches(REGION + "\\s*>\\s*" + REGION + "\\s*=\\s*(?i:allow|masked|deny)")) {
                throw new ConfigException(source + ", key '" + ConfigKeys.RESIDENCY_CROSS_REGION.name() + "': expected "
                        + "entries like eu>us=masked (home region > reading region = allow, masked or deny), got '"
                        + entry + "'");
            }
        }
        if (!string(ConfigKeys.RESIDENCY_CROSS_REGION_DEFAULT).strip().matches("(?i)allow|masked|deny")) {
            throw new ConfigException(source + ", key '" + ConfigKeys.RESIDENCY_CROSS_REGION_DEFAULT.name() + "': "
                    + "expected allow, masked or deny, got '" + string(ConfigKeys.RESIDENCY_CROSS_REGION_DEFAULT) + "'");
        }
        for (String entry : list(ConfigKeys.CONSENT_REGIONS)) {
            if (!entry.strip().matches(REGION)) {
                throw new ConfigException(source + ", key '" + ConfigKeys.CONSENT_REGIONS.name() + "': expected region "
                        + "names of lower-case letters, digits and '-' (e.g. eu), got '" + entry + "'");
            }
        }
        if (!string(ConfigKeys.CONSENT_VERSION).strip().matches("[A-Za-z0-9._-]{1,64}")) {
            throw new ConfigException(source + ", key '" + ConfigKeys.CONSENT_VERSION.name() + "': expected 1-64 of "
                    + "A-Z a-z 0-9 . _ - (e.g. 2026-12), got '" + string(ConfigKeys.CONSENT_VERSION) + "'");
        }
        int closeAfter = integer(ConfigKeys.TICKETS_CLOSE_SOLVED_AFTER_DAYS);
        if (closeAfter < 0 || closeAfter > 365) {
            throw new ConfigException(source + ", key '" + ConfigKeys.TICKETS_CLOSE_SOLVED_AFTER_DAYS.name()
                    + "': expected 0 (never) to 365 days, got " + closeAfter);
        }
        String prefix = string(ConfigKeys.TICKETS_NUMBER_PREFIX).strip();
        if (!prefix.isEmpty() && !prefix.matches("[A-Z0-9]{1,8}")) {
            throw new ConfigException(source + ", key '" + ConfigKeys.TICKETS_NUMBER_PREFIX.name() + "': expected 1-8 "
                    + "of A-Z and 0-9 (e.g. EU), got '" + prefix + "'");
        }
        String notice = string(ConfigKeys.CONSENT_PRIVACY_NOTICE_URL).strip();
        if (!notice.isEmpty() && !notice.matches("https://[^\\s\"'<>]{1,2000}")) {
            throw new ConfigException(source + ", key '" + ConfigKeys.CONSENT_PRIVACY_NOTICE_URL.name() + "': expected "
                    + "an https:// address, got '" + notice + "'");
        }
        checkRetention(source);
        try {
            OnSiteAddresses.parse(list(ConfigKeys.RESIDENCY_ON_SITE_ADDRESSES));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source + ", key '" + ConfigKeys.RESIDENCY_ON_SITE_ADDRESSES.name() + "': "
                    + e.getMessage());
        }
    }

    /** The privacy.retention.* keys (io.meridian.retention reads them; config depends on no capability). */
    private void validateStore(String source) {
        StoreEngine engine;
        try {
            engine = StoreEngine.named(string(ConfigKeys.STORE_ENGINE));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source + ", key '" + ConfigKeys.STORE_ENGINE.name() + "': expected derby or "
                    + "postgresql, got '" + string(ConfigKeys.STORE_ENGINE) + "'");
        }
        String sslMode = string(ConfigKeys.STORE_POSTGRESQL_SSL_MODE).strip();
        if (!PostgresSettings.SSL_MODES.contains(sslMode)) {
            throw new ConfigException(source + ", key '" + ConfigKeys.STORE_POSTGRESQL_SSL_MODE.name() + "': expected "
                    + "verify-full, verify-ca, require or disable, got '" + sslMode + "'");
        }
        String url = string(ConfigKeys.STORE_POSTGRESQL_URL).strip();
        if (engine == StoreEngine.POSTGRESQL && !url.startsWith("jdbc:postgresql://")) {
            throw new ConfigException(source + ", key '" + ConfigKeys.STORE_POSTGRESQL_URL.name() + "': expected "
                    + "jdbc:postgresql://host:port/database for store.engine postgresql, got '"
                    + url.replaceFirst("\\?.*", "?…") + "'");
        }
    }

    private void checkRetention(String source) {
        for (ConfigKey days : List.of(ConfigKeys.PRIVACY_RETENTION_TRANSCRIPTS_DAYS,
                ConfigKeys.PRIVACY_RETENTION_ATTACHMENTS_DAYS, ConfigKeys.PRIVACY_RETENTION_CLOSED_TICKETS_DAYS)) {
            if (integer(days) < 0 || integer(days) > MAX_RETENTION_DAYS) {
                throw new ConfigException(source + ", key '" + days.name() + "': expected 0 (keep for ever) to "
                        + MAX_RETENTION_DAYS + " days, got " + integer(days));
            }
        }
        for (String entry : list(ConfigKeys.PRIVACY_RETENTION_REGIONS)) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(REGION
                    + "\\s*:\\s*(transcripts|attachments|closed-tickets)\\s*=\\s*([0-9]{1,6})").matcher(entry.strip());
            if (!m.matches() || Integer.parseInt(m.group(2)) > MAX_RETENTION_DAYS) {
                throw new ConfigException(source + ", key '" + ConfigKeys.PRIVACY_RETENTION_REGIONS.name()
                        + "': expected entries like eu:transcripts=730 (a region, then transcripts, attachments or "
                        + "closed-tickets, then 0 to " + MAX_RETENTION_DAYS + " days), got '" + entry + "'");
            }
        }
        String runAt = string(ConfigKeys.PRIVACY_RETENTION_RUN_AT).strip();
        if (!runAt.matches("([01][0-9]|2[0-3]):[0-5][0-9]")) {
            throw new ConfigException(source + ", key '" + ConfigKeys.PRIVACY_RETENTION_RUN_AT.name() + "': expected "
                    + "a time of day HH:MM (UTC), e.g. 03:30, got '" + runAt + "'");
        }
        if (integer(ConfigKeys.PRIVACY_RETENTION_BATCH_SIZE) > MAX_RETENTION_BATCH) {
            throw new ConfigException(source + ", key '" + ConfigKeys.PRIVACY_RETENTION_BATCH_SIZE.name() + "': "
                    + "expected 1 to " + MAX_RETENTION_BATCH + " messages per write, got "
                    + integer(ConfigKeys.PRIVACY_RETENTION_BATCH_SIZE));
        }
    }

    /** A hundred years: longer is a typing mistake, not a policy. */
    private static final int MAX_RETENTION_DAYS = 36_500;
    /** More holds the store's writer, and every chat acknowledgement behind it, too long. */
    private static final int MAX_RETENTION_BATCH = 5_000;

    public String string(ConfigKey key) {
        return (String) values.get(key.name());
    }

    public int integer(ConfigKey key) {
        return (Integer) values.get(key.name());
    }

    public boolean bool(ConfigKey key) {
        return (Boolean) values.get(key.name());
    }

    @SuppressWarnings("unchecked")
    public List<String> list(ConfigKey key) {
        return (List<String>) values.get(key.name());
    }

    /** A path value resolved against the install directory. */
    public Path path(ConfigKey key) {
        return home.resolve(string(key)).normalize();
    }

    public Path home() {
        return home;
    }

    /** The effective values as key = value lines, for the start-up log. Holds no secrets: none are config keys. */
    public String describe() {
        return ConfigKeys.ALL.stream()
                .map(k -> k.name() + " = " + values.get(k.name()))
                .collect(Collectors.joining("\n  ", "  ", ""));
    }
}
