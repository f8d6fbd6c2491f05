package io.meridian.translation;

import io.meridian.console.ConsoleLocales;
import io.meridian.console.Templates;
import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Permission;
import io.meridian.security.SignedInAgent;
import io.meridian.spi.translation.GlossaryTerm;
import io.meridian.spi.translation.LanguagePair;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /console/glossary}: the glossary terms of every language pair, and (admins) a CSV or TBX import for one pair
 * and removal of a term. Forms carry the session's CSRF token like every console form; the TBX form is a file upload
 * (multipart, field {@code file}) or pasted text (field {@code tbx}).
 */
public final class GlossaryPages {

    static final String PATH = "/console/glossary";
    /** How many skipped entries an import lists (the count covers all of them). */
    static final int MAX_SKIPS_SHOWN = 50;

    private final GlossaryStore glossary;
    private final Templates templates;

    public GlossaryPages(GlossaryStore glossary, Templates templates) {
        this.glossary = glossary;
        this.templates = templates;
    }

    public void addRoutes(Router router) {
        router.get(PATH).handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ)).handler(ctx -> render(ctx, 200, "", 0));
        router.post(PATH + "/import").handler(ConsoleSecurity.require(Permission.TRANSLATION_MANAGE)).handler(this::importCsv);
        router.post(PATH + "/import-tbx").handler(ConsoleSecurity.require(Permission.TRANSLATION_MANAGE)).handler(this::importTbx);
        router.post(PATH + "/:id/delete").handler(ConsoleSecurity.require(Permission.TRANSLATION_MANAGE)).handler(this::delete);
    }

    private void importCsv(RoutingContext ctx) {
        LanguagePair pair;
        try {
            pair = LanguagePair.of(field(ctx, "source"), field(ctx, "target"));
        } catch (IllegalArgumentException e) {
            render(ctx, 400, "glossary.error.pair", 0);
            return;
        }
        String csv = field(ctx, "csv");
        // A megabyte of CSV is milliseconds of work: on a worker, never on the event loop.
        ctx.vertx().executeBlocking(() -> GlossaryCsv.parse(csv), false).onComplete(ar -> {
            if (ar.failed() && ar.cause() instanceof IllegalArgumentException e) {
                render(ctx, 400, "glossary.error.csv", 0, e.getMessage());
            } else if (ar.failed()) {
                ctx.fail(ar.cause()); // the node's fault: logged once, with the id the error page shows
            } else {
                storeCsv(ctx, pair, ar.result());
            }
        });
    }

    private void storeCsv(RoutingContext ctx, LanguagePair pair, List<GlossaryTerm> terms) {
        if (terms.isEmpty()) {
            render(ctx, 400, "glossary.error.empty", 0);
            return;
        }
        glossary.put(pair, terms).onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.redirect(PATH + "?imported=" + ar.result());
            } else {
                ctx.fail(ar.cause()); // the node's fault: logged once, with the id the error page shows
            }
        });
    }

    private void importTbx(RoutingContext ctx) {
        FileUpload file = null;
        for (FileUpload f : ctx.fileUploads()) {
            if (file == null && f.name().equals("file") && f.fileName() != null && !f.fileName().isBlank()) {
                file = f;
            }
        }
        LanguagePair pair;
        try {
            pair = LanguagePair.of(field(ctx, "source"), field(ctx, "target"));
        } catch (IllegalArgumentException e) {
            render(ctx, 400, "glossary.error.pair", 0);
            return;
        }
        if (file == null) {
            String pasted = field(ctx, "tbx");
            if (pasted.isBlank()) {
                render(ctx, 400, "glossary.error.tbx-missing", 0);
                return;
            }
            importTbx(ctx, pair, () -> GlossaryTbx.parse(pasted, pair));
            return;
        }
        if (file.size() > GlossaryCsv.MAX_IMPORT_BYTES) {
            render(ctx, 400, "glossary.error.tbx", 0, "the file is larger than " + GlossaryCsv.MAX_IMPORT_BYTES / 1024
                    + " KiB; split it into several imports");
            return;
        }
        // the upload's temporary file is deleted when the request ends (WebServer's body handler)
        ctx.vertx().fileSystem().readFile(file.uploadedFileName()).onComplete(read -> {
            if (read.failed()) {
                ctx.fail(read.cause()); // the node's fault: logged once, with the id the error page shows
                return;
            }
            byte[] bytes = read.result().getBytes();
            importTbx(ctx, pair, () -> GlossaryTbx.parse(bytes, pair));
        });
    }

    /** Parses on a worker thread (a large term base takes milliseconds of CPU), then merges in one transaction. */
    private void importTbx(RoutingContext ctx, LanguagePair pair, Supplier<GlossaryTbx.Parsed> parse) {
        ctx.vertx().executeBlocking(parse::get, false).onComplete(ar -> {
            if (ar.failed() && ar.cause() instanceof IllegalArgumentException e) {
                render(ctx, 400, "glossary.error.tbx", 0, e.getMessage());
            } else if (ar.failed()) {
                ctx.fail(ar.cause()); // the node's fault: logged once, with the id the error page shows
            } else {
                merge(ctx, pair, ar.result());
            }
        });
    }

    private void merge(RoutingContext ctx, LanguagePair pair, GlossaryTbx.Parsed parsed) {
        if (parsed.terms().isEmpty()) {
            render(ctx, 400, "glossary.error.tbx-empty", 0, String.valueOf(parsed.skipped().size()),
                    skips(parsed));
            return;
        }
        glossary.merge(pair, parsed.terms()).onComplete(ar -> {
            if (ar.succeeded()) {
                GlossaryStore.Merged m = ar.result();
                Map<String, Object> result = new HashMap<>();
                result.put("added", m.added());
                result.put("updated", m.updated());
                result.put("unchanged", m.unchanged());
                result.put("skipped", parsed.skipped().size());
                render(ctx, 200, "", result, "", skips(parsed));
            } else {
                ctx.fail(ar.cause()); // the node's fault: logged once, with the id the error page shows
            }
        });
    }

    private static List<GlossaryTbx.Skip> skips(GlossaryTbx.Parsed parsed) {
        return parsed.skipped().stream().limit(MAX_SKIPS_SHOWN).toList();
    }

    private void delete(RoutingContext ctx) {
        glossary.delete(ctx.pathParam("id")).onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.redirect(PATH);
            } else {
                ctx.fail(ar.cause()); // the node's fault: logged once, with the id the error page shows
            }
        });
    }

    private void render(RoutingContext ctx, int status, String errorKey, int ignored) {
        render(ctx, status, errorKey, ignored, "");
    }

    private void render(RoutingContext ctx, int status, String errorKey, int ignored, String errorDetail) {
        render(ctx, status, errorKey, null, errorDetail, List.of());
    }

    private void render(RoutingContext ctx, int status, String errorKey, int ignored, String errorDetail,
            List<GlossaryTbx.Skip> skips) {
        render(ctx, status, errorKey, null, errorDetail, skips);
    }

    /** {@code tbxResult}: counts of a TBX import just made, or null; {@code skips}: the entries it skipped. */
    private void render(RoutingContext ctx, int status, String errorKey, Map<String, Object> tbxResult,
            String errorDetail, List<GlossaryTbx.Skip> skips) {
        SignedInAgent agent = ConsoleSecurity.agent(ctx);
        glossary.all().onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            Map<String, Object> model = new HashMap<>();
            model.put("title", "Glossary");
            model.put("agent", agent);
            model.put("csrf", ConsoleSecurity.csrfToken(ctx));
            model.put("t", ConsoleLocales.messages(ctx, agent.id()));
            model.put("entries", ar.result());
            model.put("admin", agent.may(Permission.TRANSLATION_MANAGE));
            String imported = ctx.request().getParam("imported");
            model.put("imported", status == 200 && imported != null && imported.matches("\\d{1,6}") ? imported : "");
            model.put("error", errorKey);
            model.put("errorDetail", errorDetail == null ? "" : errorDetail);
            model.put("tbxResult", tbxResult == null ? "" : tbxResult);
            model.put("skips", skips);
            model.put("maxImportKiB", GlossaryCsv.MAX_IMPORT_BYTES / 1024);
            ctx.response().setStatusCode(status)
                    .putHeader("Content-Type", "text/html; charset=utf-8")
                    .end(templates.render("console/glossary", model));
        });
    }

    private static String field(RoutingContext ctx, String name) {
        String value = ctx.request().getFormAttribute(name);
        return value == null ? "" : value;
    }
}
