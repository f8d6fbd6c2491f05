package io.meridian.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The console's resource bundles are complete, and templates ask only for keys they have. */
class ConsoleBundlesTest {

    private static final Path TEMPLATES = Path.of("src/main/resources/templates/console");
    /** $t.get("key"...), $t.pieces("key"), $t.count("key", n) with a literal key (single or double quotes). */
    private static final Pattern LITERAL_KEY = Pattern.compile("\\$t\\.(get|pieces|count)\\(([\"'])([^\"'$]+)\\2");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\d}");

    /** Verifies that every bundle has exactly the English keys, no empty text, and the same placeholders. */
    @Test
    void everyBundleHasEveryEnglishKey() {
        Properties english = load(ConsoleLanguage.EN);
        assertTrue(english.size() > 100, "the English bundle has the console's texts: " + english.size());
        for (ConsoleLanguage language : ConsoleLanguage.values()) {
            Properties bundle = load(language);
            Set<String> missing = new TreeSet<>(english.stringPropertyNames());
            missing.removeAll(bundle.stringPropertyNames());
            Set<String> extra = new TreeSet<>(bundle.stringPropertyNames());
            extra.removeAll(english.stringPropertyNames());
            assertEquals(Set.of(), missing, language + " lacks keys");
            assertEquals(Set.of(), extra, language + " has keys English does not");
            for (String key : english.stringPropertyNames()) {
                String text = bundle.getProperty(key);
                assertFalse(text.isBlank(), language + " " + key + " is empty");
                assertEquals(placeholders(english.getProperty(key)), placeholders(text),
                        language + " " + key + " has other placeholders than English");
            }
        }
    }

    /**
     * Single words German, French and Spanish help desks write as English does (the ticket fields); not counted as
     * copies. Anything longer that equals the English text is.
     */
    private static final java.util.Set<String> SAME_IN_MANY_LANGUAGES = java.util.Set.of("Tickets", "Status",
            "Team", "Normal", "Problem", "Question", "Incident", "Macro");

    /** Verifies that the translations are translations: most texts differ from English in every other language. */
    @Test
    void translationsAreNotCopiesOfEnglish() {
        Properties english = load(ConsoleLanguage.EN);
        for (ConsoleLanguage language : ConsoleLanguage.values()) {
            if (language == ConsoleLanguage.EN) {
                continue;
            }
            Properties bundle = load(language);
            long same = english.stringPropertyNames().stream()
                    .filter(k -> english.getProperty(k).equals(bundle.getProperty(k)))
                    .filter(k -> !SAME_IN_MANY_LANGUAGES.contains(english.getProperty(k)))
                    .count();
            // A few words are the same in some languages (Teams, System, Agent, Conversation, Routing).
            assertTrue(same <= 8, language + " has " + same + " texts identical to English");
        }
    }

    /** Verifies that every key a console template names exists, with its .one/.other forms for counts. */
    @Test
    void templatesReferOnlyToExistingKeys() throws IOException {
        Properties english = load(ConsoleLanguage.EN);
        List<String> missing = new ArrayList<>();
        int references = 0;
        try (Stream<Path> files = Files.list(TEMPLATES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".vm")).sorted().toList()) {
                Matcher m = LITERAL_KEY.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (m.find()) {
                    references++;
                    List<String> keys = m.group(1).equals("count")
                            ? List.of(m.group(3) + ".one", m.group(3) + ".other") : List.of(m.group(3));
                    keys.stream().filter(k -> !english.containsKey(k))
                            .forEach(k -> missing.add(file.getFileName() + ": " + k));
                }
            }
        }
        assertTrue(references > 60, "the templates use the bundle: " + references + " references");
        assertEquals(List.of(), missing);
        // Keys the templates build from data.
        for (String key : List.of("status.open", "status.closed", "role.AGENT", "role.ADMIN", "channel.web",
                "settings.error.language", "settings.error.time-zone")) {
            assertTrue(english.containsKey(key), key);
        }
    }

    /** Verifies that the templates converted to the bundle keep no English sentence of their own. */
    @Test
    void convertedTemplatesHaveNoEnglishText() throws IOException {
        for (String name : List.of("_top", "inbox", "inbox-list", "conversation", "message", "login", "password",
                "agents", "error", "settings", "plugins", "plugins-instance", "plugins-outbox", "plugins-delete",
                "plugins-deleted")) {
            String template = Files.readString(TEMPLATES.resolve(name + ".vm"), StandardCharsets.UTF_8);
            String text = template.replaceAll("(?m)^\\s*##.*$", "")
                    .replaceAll("<[^>]*>", " ")                 // tags and attributes
                    .replaceAll("#\\{?[a-z]+\\}?(\\([^)]*\\))?", " ")   // directives
                    .replaceAll("\\$!?\\{?[A-Za-z][\\w.]*(\\([^)]*\\))*\\}?", " "); // references
            Matcher words = Pattern.compile("\\b[A-Z][a-z]+( [a-z]+){2,}").matcher(text);
            assertFalse(words.find(), name + ".vm still has English text: " + (words.find(0) ? words.group() : ""));
        }
    }

    static Properties load(ConsoleLanguage language) {
        Properties p = new Properties();
        try (InputStream in = ConsoleBundlesTest.class.getResourceAsStream("/i18n/" + language.bundleFile())) {
            if (in == null) {
                throw new AssertionError("no bundle i18n/" + language.bundleFile());
            }
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return p;
    }

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }
}
