package io.meridian.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guard: no console template carries fixed human-language text. Every word an agent reads must come from the bundles
 * ({@code $t}), or the page shows English in the seven other languages. The scan removes Velocity comments,
 * directives and references, then looks at what is left between tags and in the attributes people read
 * ({@code title}, {@code placeholder}, {@code aria-label}, {@code alt}). Anything with a letter in it is reported with
 * its file and line, unless it is on the short allowlist below.
 */
class ConsoleTemplateTextTest {

    private static final Path TEMPLATES = Path.of("src/main/resources/templates/console");

    /**
     * Fixed texts that are the same in every language, each with the reason. Matched against the whole text of one
     * element content or attribute value (trimmed, spaces collapsed), never against a single word of a sentence.
     */
    private static final Map<String, String> ALLOWED = Map.ofEntries(
            Map.entry("Meridian", "the product name"),
            Map.entry("HTML", "the name of the mail format, the label of a mail's HTML part"),
            Map.entry("UTC", "the time zone's code, listed beside IANA zone ids"),
            Map.entry("admin", "the first administrator's username, typed as shown"),
            // Example values of form fields: codes and file names an admin types as written.
            Map.entry("es", "language code (placeholder)"),
            Map.entry("en", "language code (placeholder)"),
            Map.entry("en, es", "language codes (placeholder)"),
            Map.entry("es:native, en:fluent", "language codes with proficiency keywords of the profile syntax"),
            Map.entry("America/New_York", "IANA time zone id (placeholder)"),
            Map.entry("us-holidays.ics", "calendar file name (placeholder)"),
            Map.entry("americas, emea", "team ids (placeholder)"),
            Map.entry("billing", "skill id (placeholder)"),
            Map.entry("mon-fri: 09:00-17:00", "business-hours syntax (placeholder)"));

    /** Elements whose content is code, not prose: literal syntax, file names, scripts and styles. */
    private static final Set<String> CODE_ELEMENTS = Set.of("code", "script", "style");
    private static final Set<String> READ_ATTRIBUTES = Set.of("title", "placeholder", "aria-label", "alt");
    private static final Pattern DIRECTIVE = Pattern.compile(
            "#\\{?(if|elseif|else|end|foreach|set|parse|include|macro|break|stop|define|evaluate)\\b\\}?");
    private static final Pattern LETTER = Pattern.compile("\\p{L}");
    private static final Pattern MACRO = Pattern.compile("#\\{?macro\\}?\\(\\s*(\\w+)");
    private static final Pattern MACRO_CALL = Pattern.compile("#(\\w+)\\(");
    private static final Pattern ENTITY = Pattern.compile("&(#\\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);");
    private static final Pattern TAG_NAME = Pattern.compile("^</?([a-zA-Z][a-zA-Z0-9-]*)");
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z][\\w:-]*)\\s*=\\s*(\"([^\"]*)\"|'([^']*)')");

    /** Verifies that no console template, the plugin pages included, has fixed text outside the bundles. */
    @Test
    void consoleTemplatesHaveNoFixedText() throws IOException {
        List<String> found = new ArrayList<>();
        int templates = 0;
        try (Stream<Path> files = Files.list(TEMPLATES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".vm")).sorted().toList()) {
                templates++;
                found.addAll(fixedTexts(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8)));
            }
        }
        assertTrue(templates >= 20, "the console's templates were found: " + templates);
        assertEquals(List.of(), found, "fixed text in console templates; move it into i18n/console*.properties");
    }

    /** Verifies that the scan finds text in content and in read attributes, and ignores Velocity and codes. */
    @Test
    void scanFindsFixedTextAndIgnoresTemplateSyntax() {
        String template = """
                ## a comment with words
                #* a block comment
                   with words *#
                <h1>$t.get("contact.heading", $contact.contactId().substring(0, 8))</h1>
                #if($x == "open")<p class="a b">#foreach($p in $t.pieces('k'))$p.text()#end</p>#{else}&#128100;#end
                <p>Merged into <a href="/console/contacts/$id">$id</a></p>
                <input name="q" placeholder="Search" title="$t.get('x')" value="literal value">
                <code>mon-fri: 09:00</code> <strong>admin</strong> · — $!a.b() / $c.d()
                <img alt="Logo" src="x.png"><span aria-label='Close'>x</span>
                <p>$t.get("a")
                  Unterhaltung</p>
                #macro(days $n)$n#end<td>#days($p.x())</td>
                """;
        assertEquals(List.of(
                "t.vm:6: \"Merged into\"",
                "t.vm:7: placeholder=\"Search\"",
                "t.vm:9: alt=\"Logo\"",
                "t.vm:9: aria-label=\"Close\"",
                "t.vm:9: \"x\"",
                "t.vm:11: \"Unterhaltung\""), fixedTexts("t.vm", template));
    }

    /** The fixed texts of one template, as "file:line: text". */
    static List<String> fixedTexts(String name, String template) {
        char[] text = template.toCharArray();
        blankVelocity(text);
        List<String> found = new ArrayList<>();
        String s = new String(text);
        int i = 0;
        int textStart = 0;
        String skipUntil = null;
        while (i < s.length()) {
            if (s.startsWith("<!--", i)) {
                report(name, s, textStart, i, skipUntil, found);
                int end = s.indexOf("-->", i);
                i = end < 0 ? s.length() : end + 3;
                textStart = i;
                continue;
            }
            if (s.charAt(i) == '<' && i + 1 < s.length() && (Character.isLetter(s.charAt(i + 1))
                    || s.charAt(i + 1) == '/' || s.charAt(i + 1) == '!')) {
                report(name, s, textStart, i, skipUntil, found);
                int end = tagEnd(s, i);
                String tag = s.substring(i, end);
                Matcher tagName = TAG_NAME.matcher(tag);
                if (tagName.find()) {
                    String element = tagName.group(1).toLowerCase(Locale.ROOT);
                    boolean closing = tag.startsWith("</");
                    if (skipUntil == null && !closing && CODE_ELEMENTS.contains(element)) {
                        skipUntil = element;
                    } else if (closing && element.equals(skipUntil)) {
                        skipUntil = null;
                    }
                }
                Matcher attribute = ATTRIBUTE.matcher(tag);
                while (attribute.find()) {
                    String attr = attribute.group(1).toLowerCase(Locale.ROOT);
                    String value = attribute.group(3) != null ? attribute.group(3) : attribute.group(4);
                    if (READ_ATTRIBUTES.contains(attr) && isFixedText(value)) {
                        found.add(name + ":" + line(s, i + attribute.start()) + ": " + attr + "=\"" + clean(value) + "\"");
                    }
                }
                i = end;
                textStart = i;
                continue;
            }
            i++;
        }
        report(name, s, textStart, s.length(), skipUntil, found);
        return found;
    }

    private static void report(String name, String s, int from, int to, String skipUntil, List<String> found) {
        if (skipUntil != null || from >= to) {
            return;
        }
        String content = s.substring(from, to);
        if (isFixedText(content)) {
            int offset = from;
            while (offset < to && !LETTER.matcher(String.valueOf(s.charAt(offset))).matches()) {
                offset++;
            }
            found.add(name + ":" + line(s, offset) + ": \"" + clean(content) + "\"");
        }
    }

    private static boolean isFixedText(String value) {
        String cleaned = clean(value);
        // Separators around an allowed text ("· Meridian" in a title) do not make it prose.
        String bare = cleaned.replaceAll("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$", "");
        return LETTER.matcher(cleaned).find() && !ALLOWED.containsKey(bare);
    }

    private static String clean(String value) {
        return ENTITY.matcher(value).replaceAll(" ").replaceAll("\\s+", " ").strip();
    }

    private static int line(String s, int offset) {
        int line = 1;
        for (int k = 0; k < offset; k++) {
            if (s.charAt(k) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** The end of the tag starting at {@code start}: the first '>' outside quoted attribute values. */
    private static int tagEnd(String s, int start) {
        char quote = 0;
        for (int k = start + 1; k < s.length(); k++) {
            char c = s.charAt(k);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return k + 1;
            }
        }
        return s.length();
    }

    /**
     * Replaces Velocity comments, directives (with their arguments) and references (with their method calls and
     * arguments) by spaces, keeping line breaks, so that offsets and line numbers stay those of the file.
     */
    static void blankVelocity(char[] t) {
        String s = new String(t);
        // Calls of the template's own macros are syntax too: #days($n).
        Set<String> macros = new java.util.HashSet<>();
        Matcher defined = MACRO.matcher(s);
        while (defined.find()) {
            macros.add(defined.group(1));
        }
        int i = 0;
        while (i < t.length) {
            if (s.startsWith("#*", i)) {
                int end = s.indexOf("*#", i + 2);
                i = blank(t, i, end < 0 ? t.length : end + 2);
            } else if (s.startsWith("##", i)) {
                int end = s.indexOf('\n', i);
                i = blank(t, i, end < 0 ? t.length : end);
            } else if (t[i] == '#') {
                Matcher d = DIRECTIVE.matcher(s).region(i, t.length);
                if (d.lookingAt()) {
                    int end = d.end();
                    int k = end;
                    while (k < t.length && t[k] == ' ') {
                        k++;
                    }
                    if (k < t.length && t[k] == '(' && !d.group(1).equals("else") && !d.group(1).equals("end")) {
                        end = balanced(s, k);
                    }
                    i = blank(t, i, end);
                } else {
                    Matcher call = MACRO_CALL.matcher(s).region(i, t.length);
                    i = call.lookingAt() && macros.contains(call.group(1))
                            ? blank(t, i, balanced(s, call.end() - 1)) : i + 1;
                }
            } else if (t[i] == '$' && i + 1 < t.length) {
                int k = i + 1;
                if (t[k] == '!') {
                    k++;
                }
                boolean braced = k < t.length && t[k] == '{';
                if (braced) {
                    k++;
                }
                if (k < t.length && Character.isLetter(t[k])) {
                    k = reference(s, k);
                    if (braced && k < t.length && t[k] == '}') {
                        k++;
                    }
                    i = blank(t, i, k);
                } else {
                    i++;
                }
            } else {
                i++;
            }
        }
    }

    /** The end of a reference's identifier chain starting at {@code k}: names, .calls(args), [index]. */
    private static int reference(String s, int k) {
        while (true) {
            while (k < s.length() && (Character.isLetterOrDigit(s.charAt(k)) || s.charAt(k) == '_')) {
                k++;
            }
            if (k < s.length() && s.charAt(k) == '(') {
                k = balanced(s, k);
            }
            if (k < s.length() && s.charAt(k) == '[') {
                int end = s.indexOf(']', k);
                k = end < 0 ? s.length() : end + 1;
            }
            if (k + 1 < s.length() && s.charAt(k) == '.' && Character.isLetter(s.charAt(k + 1))) {
                k++;
            } else {
                return k;
            }
        }
    }

    /** The index after the parenthesis matching the one at {@code open}, skipping quoted strings. */
    private static int balanced(String s, int open) {
        int depth = 0;
        char quote = 0;
        for (int k = open; k < s.length(); k++) {
            char c = s.charAt(k);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return k + 1;
            }
        }
        return s.length();
    }

    private static int blank(char[] t, int from, int to) {
        for (int k = from; k < to && k < t.length; k++) {
            if (t[k] != '\n') {
                t[k] = ' ';
            }
        }
        return Math.min(to, t.length);
    }
}
