package io.meridian.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.apache.velocity.app.event.EventCartridge;
import org.apache.velocity.app.event.ReferenceInsertionEventHandler;
import org.apache.velocity.context.Context;
import org.apache.velocity.util.introspection.SecureUberspector;

/**
 * Bounds on Velocity templates an admin edits (conf/templates/&lt;locale&gt;/*.vm), so that a template can neither reach
 * Java classes nor run without end: files of at most {@value #MAX_TEMPLATE_BYTES} bytes; Velocity's
 * {@link SecureUberspector}, which refuses methods of {@code Class}, {@code System}, {@code Runtime}, reflection and
 * the like (Velocity's default introspection lets {@code $text.getClass().forName(...)} through); no inline macros;
 * at most {@value #MAX_LOOPS} turns of a {@code #foreach}; at most {@value #MAX_STEPS} reads and writes of
 * references and {@link #MAX_TIME} per rendering (nested loops multiply); and at most {@value #MAX_OUTPUT_CHARS}
 * characters inserted (a string doubled in a loop). Past a bound rendering fails with {@link TemplateLimitException}.
 */
public final class TemplateLimits {

    /** Largest template file rendered; the shipped ones are well under 2 KiB. */
    public static final int MAX_TEMPLATE_BYTES = 64 * 1024;
    /** Most turns of one #foreach. */
    public static final int MAX_LOOPS = 1_000;
    /** Most reference reads and writes in one rendering. */
    public static final int MAX_STEPS = 100_000;
    /** Most characters inserted by references in one rendering. */
    public static final int MAX_OUTPUT_CHARS = 256 * 1024;
    /** Longest one rendering may take. */
    public static final Duration MAX_TIME = Duration.ofSeconds(2);

    private TemplateLimits() {
    }

    /** A template past a bound: says which. */
    public static final class TemplateLimitException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TemplateLimitException(String message) {
            super(message);
        }
    }

    /** Sets the bounds on an engine for admin-edited templates (before {@code init()}). */
    public static void restrict(VelocityEngine engine) {
        restrictIntrospection(engine);
        engine.setProperty("directive.foreach.max_loops", MAX_LOOPS);
        engine.setProperty("velocimacro.inline.allow", false);
        engine.setProperty("directive.parse.max_depth", 3);
    }

    /** Only the introspection bound: templates never reach Java classes (for templates shipped in the jar too). */
    public static void restrictIntrospection(VelocityEngine engine) {
        engine.setProperty("introspector.uberspect.class", SecureUberspector.class.getName());
    }

    /** Fails if {@code file} is larger than a template may be. */
    public static void checkSize(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_TEMPLATE_BYTES) {
            throw new TemplateLimitException(file + " is " + (size + 1023) / 1024 + " KiB; a template may be at most "
                    + MAX_TEMPLATE_BYTES / 1024 + " KiB");
        }
    }

    /** A context for one rendering of {@code template} that counts steps, time and output against the bounds. */
    public static VelocityContext context(String template) {
        Bounded context = new Bounded(template);
        EventCartridge cartridge = new EventCartridge();
        cartridge.addReferenceInsertionEventHandler(context);
        cartridge.attachToContext(context);
        return context;
    }

    /** Counts every read and write of a reference (each loop turn writes its variable) and what is inserted. */
    private static final class Bounded extends VelocityContext implements ReferenceInsertionEventHandler {

        private final String template;
        private final long deadline = System.nanoTime() + MAX_TIME.toNanos();
        private int steps;
        private long output;

        Bounded(String template) {
            this.template = template;
        }

        @Override
        public Object internalGet(String key) {
            step();
            return super.internalGet(key);
        }

        @Override
        public Object internalPut(String key, Object value) {
            step();
            return super.internalPut(key, value);
        }

        @Override
        public Object referenceInsert(Context context, String reference, Object value) {
            if (value != null) {
                output += value.toString().length();
                if (output > MAX_OUTPUT_CHARS) {
                    throw new TemplateLimitException(template + " inserts more than " + MAX_OUTPUT_CHARS
                            + " characters");
                }
            }
            return value;
        }

        private void step() {
            if (++steps > MAX_STEPS) {
                throw new TemplateLimitException(template + " takes more than " + MAX_STEPS + " steps");
            }
            if ((steps & 255) == 0 && System.nanoTime() - deadline > 0) {
                throw new TemplateLimitException(template + " takes longer than " + MAX_TIME.toMillis() + " ms");
            }
        }
    }
}
