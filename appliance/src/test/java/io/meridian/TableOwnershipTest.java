package io.meridian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A capability owns its tables: only the owner's package runs SQL on them; every other capability asks the owner's
 * records or service (with the connection of its own store work where it needs one transaction). The tables are
 * those the Flyway migrations create, each given its owner below; the SQL is read from the string literals of each
 * package's main sources (literals joined by {@code +} read as one), as a reviewer would.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TableOwnershipTest {

    private static final Path SOURCES = Path.of("src/main/java/io/meridian");
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

    /**
     * Each table's owning package. Mostly the capability whose migration created the table; channel_conversations was
     * created with the plugin host (V3) but is the conversation capability's (ChannelConversations keeps it), and
     * message_attachments was created for mail (V8) but holds every channel's files (MessageAttachments keeps it).
     */
    static final Map<String, String> OWNERS = owners(Map.ofEntries(
            Map.entry("conversation", List.of("contacts", "contact_identities", "conversations", "messages",
                    "channel_conversations", "message_attachments")),
            Map.entry("contact", List.of("contact_merges")),
            Map.entry("canned", List.of("canned_replies", "canned_reply_texts")),
            Map.entry("email", List.of("message_fingerprints", "message_html")),
            Map.entry("plugin", List.of("plugin_settings", "connector_instances", "connector_values",
                    "channel_outbox")),
            Map.entry("routing", List.of("routing_setup", "routing_calendars", "conversation_routing", "agent_load",
                    "routing_events", "contact_tags", "conversation_notes", "note_mentions")),
            Map.entry("residency", List.of("cross_region_reads")),
            Map.entry("audit", List.of("audit_trail")),
            Map.entry("consent", List.of("consents")),
            Map.entry("privacy", List.of("contact_erasures", "legal_holds")),
            Map.entry("compliance", List.of("subject_requests")),
            Map.entry("retention", List.of("retention_runs", "retention_run_counts")),
            Map.entry("staffmail", List.of("staff_mail")),
            Map.entry("store", List.of("store_copies")),
            Map.entry("security", List.of("agents", "login_failures", "agent_second_factor",
                    "agent_recovery_codes", "admin_networks", "console_roles", "security_alerts")),
            Map.entry("ticket", List.of("ticket_counters", "tickets", "ticket_conversations", "ticket_events",
                    "ticket_sla", "ticket_field_values", "ticket_notes", "ticket_links",
                    "ticket_attachments")),
            Map.entry("translation", List.of("translation_glossary", "translation_glossary_versions",
                    "message_translations", "translation_segments"))));

    private static final Pattern CREATE_TABLE = Pattern.compile("\\bCREATE\\s+TABLE\\s+(\\w+)",
            Pattern.CASE_INSENSITIVE);
    /**
     * A table named by SQL: after FROM, JOIN, INTO, UPDATE or TABLE, and the further tables of a comma-separated FROM
     * list. The code base writes SQL keywords in capitals, so prose in messages ("read from the conversations") is
     * not taken for SQL.
     */
    private static final Pattern TABLE_REFERENCE = Pattern.compile("\\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\\s+(\\w+)"
            + "((?:\\s+(?:AS\\s+)?\\w+)?(?:\\s*,\\s*\\w+(?:\\s+(?:AS\\s+)?\\w+)?)*)");
    private static final Pattern PACKAGE = Pattern.compile("^package io\\.meridian\\.(\\w+)", Pattern.MULTILINE);

    /** Verifies that the owner list names exactly the tables the migrations create, so a new table needs an owner. */
    @Test
    void everyTableTheMigrationsCreateHasOneOwner() throws IOException {
        Set<String> created = new TreeSet<>();
        // Migrations live in common/, derby/ and postgresql/ (an engine's own file repeats its tables).
        try (Stream<Path> files = Files.walk(MIGRATIONS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
                Matcher m = CREATE_TABLE.matcher(withoutSqlComments(Files.readString(file)));
                while (m.find()) {
                    created.add(m.group(1).toLowerCase());
                }
            }
        }
        assertTrue(created.size() > 20, "the migrations' tables were found: " + created);
        assertEquals(created, new TreeSet<>(OWNERS.keySet()),
                "tables created by the migrations vs. tables with an owner");
    }

    /** Verifies that no package's main sources run SQL on a table another package owns. */
    @Test
    void noPackageRunsSqlOnAnotherCapabilitysTable() throws IOException {
        List<String> violations = new ArrayList<>();
        Set<String> ownersSeen = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String source = Files.readString(file);
                Matcher declared = PACKAGE.matcher(source);
                String own = declared.find() ? declared.group(1) : "";
                for (TableUse use : tableUses(source)) {
                    String owner = OWNERS.get(use.table());
                    if (owner.equals(own)) {
                        ownersSeen.add(owner);
                    } else {
                        violations.add(SOURCES.relativize(file) + ":" + use.line() + " runs SQL on " + use.table()
                                + " (owned by " + owner + "): " + use.sql());
                    }
                }
            }
        }
        // The scan reads SQL at all: every owner's own SQL is found in its package.
        assertEquals(new TreeSet<>(OWNERS.values()), ownersSeen, "owners whose own SQL the scan found");
        assertEquals(List.of(), violations, "SQL on another capability's table: ask the owner's records instead");
    }

    /** Verifies that the scan sees SQL on a foreign table however it is written, and only such SQL. */
    @Test
    void theScanFindsAPlantedViolation() {
        String planted = String.join("\n",
                "package io.meridian.routing;",
                "final class Planted {",
                "    // \"SELECT id FROM messages\" in a comment is no SQL",
                "    static final String Q = \"SELECT r.state FROM conversation_routing r JOIN \"",
                "            + \"messages m ON m.conversation_id = r.conversation_id WHERE r.version = ?\";",
                "    static final String U = \"\"\"",
                "            UPDATE contacts SET language = ? WHERE id = ?",
                "            \"\"\";",
                "    static final String L = \"SELECT a.active FROM agent_load a, conversations c WHERE c.id = ?\";",
                "    static final String P = \"Could not read the messages from conversations: \" + Q;",
                "    static final char C = '\"';",
                "    static final String OWN = \"DELETE FROM routing_events WHERE conversation_id = ?\";",
                "}");
        List<String> foreign = tableUses(planted).stream()
                .filter(u -> !OWNERS.get(u.table()).equals("routing"))
                .map(u -> u.table() + "@" + u.line()).toList();
        assertEquals(List.of("messages@4", "contacts@6", "conversations@9"), foreign);
    }

    /** A known table named by SQL in a literal that starts on {@code line}. */
    record TableUse(String table, int line, String sql) {
    }

    /** The known tables the source's string literals name as SQL. */
    static List<TableUse> tableUses(String source) {
        List<TableUse> uses = new ArrayList<>();
        for (Literal literal : literals(source)) {
            Matcher m = TABLE_REFERENCE.matcher(literal.text());
            while (m.find()) {
                List<String> names = new ArrayList<>();
                names.add(m.group(1));
                String[] more = m.group(2).split(",");
                for (int i = 1; i < more.length; i++) {
                    names.add(more[i].strip().split("\\s+")[0]);
                }
                for (String name : names) {
                    String table = name.toLowerCase();
                    if (OWNERS.containsKey(table)) {
                        uses.add(new TableUse(table, literal.line(), m.group().strip()));
                    }
                }
            }
        }
        return uses;
    }

    /** A string literal's text (adjacent literals joined by {@code +} as one) and the line it starts on. */
    record Literal(String text, int line) {
    }

    /** The string literals and text blocks of Java source, outside comments and character literals. */
    static List<Literal> literals(String source) {
        List<Literal> out = new ArrayList<>();
        int i = 0;
        int lastEnd = -1;
        while (i < source.length()) {
            char ch = source.charAt(i);
            if (source.startsWith("//", i)) {
                i = endOf(source, "\n", i + 2);
            } else if (source.startsWith("/*", i)) {
                i = endOf(source, "*/", i + 2);
            } else if (ch == '\'') {
                i = closing(source, i + 1, "'");
                lastEnd = -1;
            } else if (ch == '"') {
                boolean block = source.startsWith("\"\"\"", i);
                int start = i + (block ? 3 : 1);
                int end = closing(source, start, block ? "\"\"\"" : "\"");
                String text = source.substring(start, end - (block ? 3 : 1));
                // Joined when only a + (and maybe comments) stands between this literal and the one before.
                boolean joined = lastEnd >= 0 && source.substring(lastEnd, i)
                        .replaceAll("//[^\n]*|/\\*(?s:.*?)\\*/", "").matches("\\s*\\+\\s*");
                if (joined) {
                    Literal previous = out.remove(out.size() - 1);
                    out.add(new Literal(previous.text() + text, previous.line()));
                } else {
                    out.add(new Literal(text, lineOf(source, i)));
                }
                lastEnd = end;
                i = end;
            } else {
                i++;
            }
        }
        return out;
    }

    /** The index just after {@code close}, skipping backslash escapes; the end of the source if it never closes. */
    private static int closing(String source, int from, String close) {
        int i = from;
        while (i < source.length()) {
            if (source.charAt(i) == '\\') {
                i += 2;
            } else if (source.startsWith(close, i)) {
                return i + close.length();
            } else {
                i++;
            }
        }
        return source.length();
    }

    private static int endOf(String source, String marker, int from) {
        int at = source.indexOf(marker, from);
        return at < 0 ? source.length() : at + marker.length();
    }

    private static int lineOf(String source, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (source.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String withoutSqlComments(String sql) {
        return sql.replaceAll("--[^\n]*", "");
    }

    private static Map<String, String> owners(Map<String, List<String>> tablesByOwner) {
        Map<String, String> owners = new TreeMap<>();
        tablesByOwner.forEach((owner, tables) -> tables.forEach(table -> {
            if (owners.put(table, owner) != null) {
                throw new IllegalStateException("two owners for " + table);
            }
        }));
        return Map.copyOf(owners);
    }
}
