package io.meridian.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The off-hours reply templates: the customer's locale first, and a broken template never leaves them unanswered. */
@Timeout(30)
class OffHoursRepliesTest {

    private static final Instant MONDAY_8_BERLIN = Instant.parse("2026-03-16T07:00:00Z");

    @TempDir
    Path dir;

    /** Verifies that a template with a Velocity error is skipped for the next one (es-MX, then es, then en). */
    @Test
    void brokenTemplateFallsBackToTheNextOne() throws Exception {
        write("es-MX", "Abrimos #if($opensAt el $opensAt");        // unclosed directive: does not parse
        write("es", "Abrimos el $opensAtDate a las $opensAtTime.");
        OffHoursReplies.Reply reply = new OffHoursReplies(dir).render("es", "es-MX",
                ZoneId.of("America/Mexico_City"), "Europe", MONDAY_8_BERLIN);
        assertEquals("es", reply.locale());
        assertEquals("Abrimos el lunes, 16 de marzo de 2026 a las 1:00.", reply.text());
    }

    /** Verifies the built-in English reply when no template can be used at all. */
    @Test
    void noUsableTemplateGivesTheBuiltInReply() throws Exception {
        write("en", "#foreach($x in");
        OffHoursReplies.Reply reply = new OffHoursReplies(dir).render("fr", "fr-FR", ZoneId.of("Europe/Paris"), "Europe",
                MONDAY_8_BERLIN);
        assertEquals("en", reply.locale());
        assertTrue(reply.text().startsWith("Thank you for your message. Our team is away right now and opens Monday, "
                + "March 16, 2026"), reply.text());
        assertTrue(reply.text().contains("(Europe/Paris)"), reply.text());
    }

    private void write(String locale, String template) throws Exception {
        Files.createDirectories(dir.resolve(locale));
        Files.writeString(dir.resolve(locale).resolve("off-hours.vm"), template, StandardCharsets.UTF_8);
    }
}
