package io.meridian.console;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.velocity.Template;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.apache.velocity.runtime.RuntimeConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plain-text Velocity templates an admin keeps per locale for customers ({@code <dir>/<locale>/<name>.vm}, e.g.
 * {@code conf/templates/ja/ticket-solved.vm}), rendered within {@link TemplateLimits}. Read on each use, so an edit
 * applies at once; a template that cannot be used is logged and the next locale tried, so a typo never leaves the
 * customer without the text.
 */
public final class LocaleTemplates {

    private static final Logger LOG = LoggerFactory.getLogger(LocaleTemplates.class);

    /** A rendered text and the locale folder of the template used. */
    public record Rendered(String text, String locale) {
    }

    private final Path dir;
    private final VelocityEngine engine = new VelocityEngine();

    public LocaleTemplates(Path dir) {
        this.dir = dir;
        engine.setProperty(RuntimeConstants.RESOURCE_LOADERS, "file");
        engine.setProperty("resource.loader.file.path", dir.toAbsolutePath().toString());
        engine.setProperty("resource.loader.file.cache", "false");
        engine.setProperty(RuntimeConstants.INPUT_ENCODING, "UTF-8");
        TemplateLimits.restrict(engine);
        engine.init();
    }

    /**
     * {@code name} rendered from the first of {@code folders} (best first, as {@link TemplateFolders} gives them) that
     * has a usable one, with {@code values}; empty if none has.
     */
    public Optional<Rendered> render(List<String> folders, String name, Map<String, Object> values) {
        for (String folder : folders) {
            Path file = dir.resolve(folder).resolve(name);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try {
                TemplateLimits.checkSize(file);
                VelocityContext context = TemplateLimits.context(file.toString());
                values.forEach(context::put);
                Template template = engine.getTemplate(folder + "/" + name, "UTF-8");
                StringWriter out = new StringWriter();
                template.merge(context, out);
                return Optional.of(new Rendered(out.toString().strip(), folder));
            } catch (RuntimeException | IOException e) {
                LOG.warn("Template {} cannot be used ({}); trying the next one", file, e.getMessage());
            }
        }
        return Optional.empty();
    }
}
