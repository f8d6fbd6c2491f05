package io.meridian.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.meridian.email.EmailReplies;
import io.meridian.routing.OffHoursReplies;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admin-edited templates (conf/templates/&lt;locale&gt;/*.vm) built to hang the node or reach Java: each is stopped at
 * its bound with an error naming the file, and an off-hours reply falls back to the next template.
 */
@Timeout(60)
class TemplateLimitsTest {

    private static final String EN_OFF_HOURS = "Our $teamName team is away; we open again on $opensAtIso.";
    private static final Instant OPENS = Instant.parse("2027-01-04T08:00:00Z");

    @TempDir
    Path dir;

    private void template(String locale, String name, String text) throws IOException {
        Files.createDirectories(dir.resolve(locale));
        Files.writeString(dir.resolve(locale).resolve(name), text, StandardCharsets.UTF_8);
    }

    private OffHoursReplies.Reply offHours() {
        return new OffHoursReplies(dir).render("es", "es-ES", ZoneId.of("Europe/Madrid"), "Soporte", OPENS);
    }

    /** Verifies that nested loops (10^9 turns) are stopped by the step bound, naming the file. */
    @Test
    void nestedLoopsStopped() throws IOException {
        template("es", "email-reply.vm", "#foreach($a in [1..1000])#foreach($b in [1..1000])#foreach($c in [1..1000])"
                + "#end#end#end#set($greeting = 'Hola')");
        TemplateLimits.TemplateLimitException e = assertThrows(TemplateLimits.TemplateLimitException.class,
                () -> new EmailReplies(dir).render("es", "Ana", "Bo", "Soporte", "Texto"));
        assertEquals(dir.resolve("es/email-reply.vm") + " takes more than 100000 steps", e.getMessage());

        template("es", "off-hours.vm", "#foreach($a in [1..1000])#foreach($b in [1..1000])#end#end Nunca");
        template("en", "off-hours.vm", EN_OFF_HOURS);
        OffHoursReplies.Reply reply = offHours();
        assertEquals("en", reply.locale(), "the next template answers");
        assertEquals("Our Soporte team is away; we open again on 2027-01-04T09:00+01:00.", reply.text());
    }

    /** Verifies that a loop turning more than the loop bound stops at it, and a string doubled in a loop is stopped. */
    @Test
    void loopCapAndDoublingStopped() throws IOException {
        template("es", "off-hours.vm", "#set($n = 0)#foreach($i in [1..2000000000])#set($n = $n + 1)#end$n");
        assertEquals("1000", offHours().text());

        template("es", "email-reply.vm", "#set($x = 'ab')#foreach($i in [1..60])#set($x = \"$x$x\")#end"
                + "#set($greeting = $x)");
        TemplateLimits.TemplateLimitException e = assertThrows(TemplateLimits.TemplateLimitException.class,
                () -> new EmailReplies(dir).render("es", "Ana", "Bo", "Soporte", "Texto"));
        assertEquals(dir.resolve("es/email-reply.vm") + " inserts more than 262144 characters", e.getMessage());
    }

    /** Verifies that a template cannot reach Java classes: the call is left unresolved, nothing is read. */
    @Test
    void javaClassesOutOfReach() throws IOException {
        String reach = "$teamName.getClass().forName('java.lang.System').getProperty('user.home')";
        template("es", "off-hours.vm", "Casa: " + reach);
        OffHoursReplies.Reply reply = offHours();
        assertEquals("es", reply.locale());
        assertEquals("Casa: " + reach, reply.text());
        assertFalse(reply.text().contains(System.getProperty("user.home")));
    }

    /** Verifies that an oversized template is refused naming the file and its size, and inline macros are off. */
    @Test
    void oversizedTemplateAndMacrosRefused() throws IOException {
        template("es", "email-reply.vm", "#set($greeting = 'Hola')\n## " + "x".repeat(70 * 1024) + "\n");
        TemplateLimits.TemplateLimitException e = assertThrows(TemplateLimits.TemplateLimitException.class,
                () -> new EmailReplies(dir).render("es", "Ana", "Bo", "Soporte", "Texto"));
        assertEquals(dir.resolve("es/email-reply.vm") + " is 71 KiB; a template may be at most 64 KiB",
                e.getMessage());

        template("es", "off-hours.vm", "#macro(boom)#boom()#boom()#end#boom()Hola");
        OffHoursReplies.Reply reply = offHours();
        assertEquals("es", reply.locale());
        assertEquals("#boom()Hola", reply.text(), "the macro is not defined, so it cannot recurse");
    }
}
