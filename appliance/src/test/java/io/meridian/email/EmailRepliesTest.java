package io.meridian.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmailRepliesTest {

    /** The templates shipped in conf/templates (the tests run in the appliance module). */
    private static final Path SHIPPED = Path.of("..", "conf", "templates");

    @Test
    void everyShippedLocaleRendersGreetingTextSignatureAndFooter() {
        EmailReplies replies = new EmailReplies(SHIPPED);
        for (String[] expect : new String[][] {
                {"en", "Hello Ana,", "Kind regards,"},
                {"es", "Hola, Ana:", "Un saludo cordial,"},
                {"fr", "Bonjour Ana,", "Cordialement,"},
                {"de", "Guten Tag Ana,", "Mit freundlichen Gr\u00fc\u00dfen"}}) {
            EmailReplies.Rendered r = replies.render(expect[0], "Ana", "Bo", "Support", "Line one\n\nLine two");
            assertEquals(expect[0], r.locale());
            assertTrue(r.text().startsWith(expect[1] + "\n\nLine one\n\nLine two\n\n" + expect[2]), r.text());
            assertTrue(r.text().contains("\nBo\n"), r.text());
            assertTrue(r.text().contains("\n-- \n") && r.text().contains("Support"), r.text());
            assertTrue(r.html().contains("<p>Line one</p>\n<p>Line two</p>"), r.html());
            assertTrue(r.html().contains("lang=\"" + expect[0] + "\""), r.html());
            assertFalse(r.text().contains("$"), r.text());
        }
    }

    @Test
    void theAgentsTextIsEscapedInHtml() {
        EmailReplies.Rendered r = new EmailReplies(SHIPPED).render("en", "<b>Eve</b>", "Bo", null,
                "Try <script>alert(1)</script> & see");
        assertTrue(r.html().contains("Try &lt;script&gt;alert(1)&lt;/script&gt; &amp; see"), r.html());
        assertTrue(r.html().contains("Hello &lt;b&gt;Eve&lt;/b&gt;,"), r.html());
        assertFalse(r.html().contains("<script>"), r.html());
        assertTrue(r.text().contains("Try <script>alert(1)</script> & see"), r.text());
    }

    @Test
    void localeFallsBackToLanguageThenEnglish(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("en"));
        Files.createDirectories(dir.resolve("es"));
        Files.writeString(dir.resolve("en/email-reply.vm"), "#set($greeting = \"Hi\")#set($signature = \"S\")"
                + "#set($footer = \"F\")");
        Files.writeString(dir.resolve("es/email-reply.vm"), "#set($greeting = \"Hola\")#set($signature = \"S\")"
                + "#set($footer = \"\")");
        EmailReplies replies = new EmailReplies(dir);
        assertEquals("es", replies.render("es-MX", null, null, null, "x").locale());
        assertTrue(replies.render("es-MX", null, null, null, "x").text().startsWith("Hola\n\nx"));
        assertFalse(replies.render("es", null, null, null, "x").text().contains("-- "));
        assertEquals("en", replies.render("ja", null, null, null, "x").locale());
        assertEquals("en", replies.render("../../etc", null, null, null, "x").locale());
        assertEquals(List.of("pt-BR", "pt", "en"), io.meridian.console.TemplateFolders.candidates("pt_BR"));
    }

    @Test
    void withoutAnyTemplateAPlainReplyIsStillMade(@TempDir Path empty) {
        EmailReplies.Rendered r = new EmailReplies(empty).render("fr", "Ana", "Bo", null, "Body");
        assertEquals("en", r.locale());
        assertTrue(r.text().startsWith("Hello Ana,\n\nBody\n\nKind regards,\nBo"), r.text());
    }
}
