package io.meridian.email;

import io.meridian.console.TemplateFolders;
import io.meridian.console.TemplateLimits;
import io.meridian.console.Templates;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.velocity.Template;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.apache.velocity.runtime.RuntimeConstants;

/**
 * Renders an agent's reply as an e-mail, from {@code <templates-dir>/<locale>/email-reply.vm}. The template is
 * Velocity and only sets three texts: {@code $greeting}, {@code $signature} and {@code $footer} (it may use
 * {@code $customerName}, {@code $agentName} and {@code $teamName}); the layout around the agent's text is fixed
 * here, so an admin editing a translation cannot break the HTML or inject markup: every text is escaped in the
 * HTML part. The customer's locale is tried first (es-MX), then its language (es), then English. Templates are read
 * on each use, so an admin's edit applies at once. Blocking file I/O: call on a worker.
 */
public final class EmailReplies {

    /** A rendered reply: both alternatives of a multipart/alternative mail and the template's locale. */
    public record Rendered(String text, String html, String locale) {
    }

    private static final String FILE = "email-reply.vm";

    private final Path dir;
    private final VelocityEngine engine = new VelocityEngine();

    public EmailReplies(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
        engine.setProperty(RuntimeConstants.RESOURCE_LOADERS, "file");
        engine.setProperty("resource.loader.file.path", dir.toAbsolutePath().toString());
        engine.setProperty("resource.loader.file.cache", "false");
        engine.setProperty(RuntimeConstants.INPUT_ENCODING, "UTF-8");
        TemplateLimits.restrict(engine);
        engine.init();
    }

    /**
     * The reply carrying {@code agentText} for a customer with {@code locale} (a BCP 47 tag or null);
     * {@code customerName} and {@code teamName} may be null.
     */
    public Rendered render(String locale, String customerName, String agentName, String teamName, String agentText) {
        Objects.requireNonNull(agentText, "agentText");
        for (String candidate : TemplateFolders.candidates(locale)) {
            Path file = dir.resolve(candidate).resolve(FILE);
            if (Files.isRegularFile(file)) {
                try {
                    TemplateLimits.checkSize(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                VelocityContext context = TemplateLimits.context(file.toString());
                context.put("customerName", blankToEmpty(customerName));
                context.put("agentName", blankToEmpty(agentName));
                context.put("teamName", blankToEmpty(teamName));
                Template template = engine.getTemplate(candidate + "/" + FILE, "UTF-8");
                template.merge(context, new StringWriter()); // the template's output is unused: it sets texts
                return compose(text(context, "greeting"), agentText, text(context, "signature"),
                        text(context, "footer"), candidate);
            }
        }
        String name = blankToEmpty(agentName);
        return compose(customerName == null || customerName.isBlank() ? "Hello," : "Hello " + customerName.strip() + ",",
                agentText, name.isEmpty() ? "Kind regards" : "Kind regards,\n" + name, "", "en");
    }

    static Rendered compose(String greeting, String agentText, String signature, String footer, String locale) {
        String body = agentText.replace("\r\n", "\n").strip();
        StringBuilder text = new StringBuilder();
        appendText(text, greeting);
        appendText(text, body);
        appendText(text, signature);
        if (!footer.isEmpty()) {
            text.append("-- \n").append(footer).append('\n'); // "-- " marks a signature block for mail clients
        }
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"")
                .append(Templates.escapeHtml(locale)).append("\"><head><meta charset=\"utf-8\"></head><body>\n");
        appendParagraph(html, greeting);
        for (String paragraph : body.split("\n\\s*\n")) {
            appendParagraph(html, paragraph);
        }
        appendParagraph(html, signature);
        if (!footer.isEmpty()) {
            html.append("<hr>\n<p style=\"color:#666;font-size:small\">").append(lines(footer)).append("</p>\n");
        }
        html.append("</body></html>\n");
        return new Rendered(text.toString(), html.toString(), locale);
    }

    private static String text(VelocityContext context, String name) {
        Object v = context.get(name);
        return v == null ? "" : v.toString().strip();
    }

    private static void appendText(StringBuilder out, String s) {
        if (!s.isEmpty()) {
            out.append(s).append("\n\n");
        }
    }

    private static void appendParagraph(StringBuilder out, String s) {
        if (!s.isBlank()) {
            out.append("<p>").append(lines(s.strip())).append("</p>\n");
        }
    }

    private static String lines(String s) {
        return Templates.escapeHtml(s).replace("\n", "<br>\n");
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s.strip();
    }
}
