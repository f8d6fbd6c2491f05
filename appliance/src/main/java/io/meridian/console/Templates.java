package io.meridian.console;

import java.io.StringWriter;
import java.util.Map;
import org.apache.velocity.Template;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.apache.velocity.app.event.EventCartridge;
import org.apache.velocity.app.event.ReferenceInsertionEventHandler;
import org.apache.velocity.context.Context;
import org.apache.velocity.runtime.RuntimeConstants;
import org.apache.velocity.runtime.resource.loader.ClasspathResourceLoader;

/**
 * Server-side pages from Velocity templates under {@code templates/} on the class path.
 * Every {@code $reference} a template prints goes through {@link #escapeHtml}, so a template cannot forget to escape
 * customer-supplied text or let a name disguise itself with bidirectional controls; templates put values only in element text and quoted attributes, never in script.
 */
public final class Templates {

    private final VelocityEngine engine = new VelocityEngine();
    /** What every page may use besides its own model (e.g. whether the node is clustered, for the menu). */
    private final Map<String, Object> shared = new java.util.concurrent.ConcurrentHashMap<>();

    public Templates() {
        engine.setProperty(RuntimeConstants.RESOURCE_LOADERS, "classpath");
        engine.setProperty("resource.loader.classpath.class", ClasspathResourceLoader.class.getName());
        engine.setProperty(RuntimeConstants.RUNTIME_REFERENCES_STRICT, "true");
        engine.setProperty(RuntimeConstants.INPUT_ENCODING, "UTF-8");
        TemplateLimits.restrictIntrospection(engine);
        engine.init();
    }

    /** Puts {@code value} in every page's model under {@code key}, unless a page's own model has that key. */
    public void share(String key, Object value) {
        shared.put(key, value);
    }

    /** Renders {@code templates/<name>.vm} with the model (and what is {@link #share shared}). */
    public String render(String name, Map<String, ?> model) {
        Template template = engine.getTemplate("templates/" + name + ".vm", "UTF-8");
        VelocityContext context = new VelocityContext();
        shared.forEach(context::put);
        model.forEach(context::put);
        // The reader's view of personal data: masked for an account without personal-data.unmasked.
        Object reader = model.get("agent");
        Object customerName = model.get("customerName");
        context.put("pd", reader instanceof ConsoleReader r && !r.seesPersonalData()
                ? new PersonalDataView(true, customerName instanceof String named ? named : null)
                : PersonalDataView.UNMASKED);
        if (!context.containsKey("t")) {
            context.put("t", Messages.fallback()); // console texts ($t): English unless the page chose a language
        }
        EventCartridge cartridge = new EventCartridge();
        cartridge.addReferenceInsertionEventHandler(new HtmlEscaper());
        cartridge.attachToContext(context);
        StringWriter out = new StringWriter();
        template.merge(context, out);
        return out.toString();
    }

    /**
     * Text made safe to show in HTML text and quoted attribute values: the five characters that matter in HTML are
     * escaped, and characters that would let a name or message disguise itself are neutralised: bidirectional
     * controls (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C), which could reverse how the text around them
     * reads, are dropped; other control characters (C0 but tab, line feed and carriage return; DEL; C1) become
     * U+FFFD, so that they show. What is stored keeps the original.
     */
    public static String escapeHtml(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (isBidiControl(c)) {
                        continue;
                    }
                    b.append(isHiddenControl(c) ? '\uFFFD' : c);
                }
            }
        }
        return b.toString();
    }

    /** The explicit bidirectional formatting characters and marks. */
    static boolean isBidiControl(char c) {
        return c >= '\u202A' && c <= '\u202E' || c >= '\u2066' && c <= '\u2069' || c == '\u200E' || c == '\u200F'
                || c == '\u061C';
    }

    /** Control characters that show nothing, so a reader cannot tell they are there. */
    static boolean isHiddenControl(char c) {
        return c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c >= 0x7f && c <= 0x9f;
    }

    private static final class HtmlEscaper implements ReferenceInsertionEventHandler {
        @Override
        public Object referenceInsert(Context context, String reference, Object value) {
            return value == null ? null : escapeHtml(value.toString());
        }
    }
}
