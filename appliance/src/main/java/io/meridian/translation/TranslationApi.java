package io.meridian.translation;

import io.meridian.console.ConsoleLocales;
import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Permission;
import io.meridian.spi.translation.GlossaryTerm;
import io.meridian.spi.translation.LanguagePair;
import io.meridian.web.JsonBodies;
import io.meridian.web.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * The REST view of translation under /api/v1 (docs/translation.md): the translations beside a conversation's messages,
 * the preview of an outgoing reply's translation, an agent's correction (translation memory) and flag, and the
 * glossary per language pair (admins change it; JSON terms or CSV).
 */
public final class TranslationApi {

    static final int MAX_PREVIEW_CHARS = 10_000;

    private final ConversationTranslator translator;

    public TranslationApi(ConversationTranslator translator) {
        this.translator = translator;
    }

    public void addRoutes(Router router) {
        router.get("/api/v1/conversations/:id/translations").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ))
                .handler(this::translations);
        router.post("/api/v1/conversations/:id/reply-language").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY))
                .handler(this::replyLanguage);
        router.post("/api/v1/conversations/:id/translation-preview").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY))
                .handler(this::preview);
        router.put("/api/v1/messages/:id/translation").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY))
                .handler(this::correct);
        router.post("/api/v1/messages/:id/translation/flag").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY))
                .handler(this::flag);
        router.get("/api/v1/translation/glossary").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ))
                .handler(this::glossary);
        router.post("/api/v1/translation/glossary").handler(ConsoleSecurity.require(Permission.TRANSLATION_MANAGE))
                .handler(this::importGlossary);
        router.delete("/api/v1/translation/glossary/:id").handler(ConsoleSecurity.require(Permission.TRANSLATION_MANAGE))
                .handler(this::deleteTerm);
        router.post("/api/v1/translation/retry").handler(ConsoleSecurity.require(Permission.TRANSLATION_MANAGE))
                .handler(ctx -> reply(ctx, translator.retryFailed().map(n -> new JsonObject().put("retried", n)), 200));
    }

    private void translations(RoutingContext ctx) {
        reply(ctx, translator.ofConversation(ctx.pathParam("id")).map(list -> {
            JsonArray out = new JsonArray();
            list.forEach(m -> out.add(toJson(m)));
            return new JsonObject().put("translations", out);
        }), 200);
    }

    private void preview(RoutingContext ctx) {
        JsonObject body = JsonBodies.read(ctx);
        String text = body == null ? null : draftText(ctx, body);
        if (text == null) {
            return;
        }
        String from = body.getValue("language") instanceof String s ? s : null;
        // Without a language: the one the text is written in, else the caller's (reading language, team's, node's).
        String id = ctx.pathParam("id");
        reply(ctx, (from != null ? Future.succeededFuture(from)
                : translator.languageOfReply(ConsoleSecurity.agent(ctx).id(), id, text))
                .compose(language -> translator.previewOutgoing(id, text, language)).map(TranslationApi::toJson), 200);
    }

    /** Which language a draft reply is written in, against the agent's settings: the console warns before sending. */
    private void replyLanguage(RoutingContext ctx) {
        JsonObject body = JsonBodies.read(ctx);
        String text = body == null ? null : draftText(ctx, body);
        if (text == null) {
            return;
        }
        String agentId = ConsoleSecurity.agent(ctx).id();
        // "Same as my browser": the console's language for this request is what the agent expects to write in.
        String console = ConsoleLocales.messages(ctx, agentId).lang();
        reply(ctx, translator.replyLanguages(agentId, ctx.pathParam("id"), text, console), 200);
    }

    /** A draft reply's {@code text}, or null once a 400 says why there is none. */
    private static String draftText(RoutingContext ctx, JsonObject body) {
        String text = body.getValue("text") instanceof String s ? s : null;
        if (text == null || text.isBlank() || text.length() > MAX_PREVIEW_CHARS) {
            Problem.send(ctx, 400, "invalid-field", "text must be a non-empty string of at most " + MAX_PREVIEW_CHARS
                    + " characters");
            return null;
        }
        return text;
    }

    private void correct(RoutingContext ctx) {
        JsonObject body = JsonBodies.read(ctx);
        if (body == null) {
            return;
        }
        String text = body.getValue("text") instanceof String s ? s : null;
        reply(ctx, translator.correct(ctx.pathParam("id"), ConsoleSecurity.agent(ctx).id(), text)
                .map(TranslationApi::toJson), 200);
    }

    private void flag(RoutingContext ctx) {
        reply(ctx, translator.flagBad(ctx.pathParam("id")).map(found -> {
            if (!found) {
                throw new NoSuchElementException("No translation of message " + ctx.pathParam("id"));
            }
            return new JsonObject().put("flaggedBad", true);
        }), 200);
    }

    private void glossary(RoutingContext ctx) {
        LanguagePair pair = pair(ctx);
        if (pair == null) {
            return;
        }
        reply(ctx, translator.glossary().entries(pair).map(entries -> {
            JsonArray out = new JsonArray();
            entries.forEach(e -> out.add(new JsonObject().put("id", e.id()).put("source", e.term().source())
                    .put("target", e.term().target()).put("doNotTranslate", e.term().doNotTranslate())));
            return new JsonObject().put("source", pair.source()).put("target", pair.target()).put("terms", out);
        }), 200);
    }

    /** ?source=es&target=en with a JSON body {@code {terms:[{source,target,doNotTranslate}]}} or a text/csv body. */
    private void importGlossary(RoutingContext ctx) {
        LanguagePair pair = pair(ctx);
        if (pair == null) {
            return;
        }
        String type = String.valueOf(ctx.request().getHeader("Content-Type")).toLowerCase(Locale.ROOT);
        if (isTbx(type)) {
            importTbx(ctx, pair);
            return;
        }
        if (type.startsWith("text/csv") || type.startsWith("text/plain")) {
            String csv = ctx.body() == null || ctx.body().buffer() == null ? "" : ctx.body().asString();
            // parsed on a worker thread: a megabyte of CSV takes milliseconds of CPU
            ctx.vertx().executeBlocking(() -> GlossaryCsv.parse(csv), false).onComplete(ar -> {
                if (ar.failed() && ar.cause() instanceof IllegalArgumentException e) {
                    Problem.send(ctx, 400, "invalid-glossary", e.getMessage() + "; nothing was imported");
                } else if (ar.failed()) {
                    reply(ctx, Future.failedFuture(ar.cause()), 200);
                } else {
                    reply(ctx, translator.glossary().put(pair, ar.result())
                            .map(n -> new JsonObject().put("imported", n)), 200);
                }
            });
            return;
        }
        List<GlossaryTerm> terms;
        try {
            JsonObject body = JsonBodies.read(ctx);
            if (body == null) {
                return;
            }
            terms = new ArrayList<>();
            JsonArray array = body.getJsonArray("terms");
            if (array == null) {
                throw new IllegalArgumentException("terms must be an array of {source, target, doNotTranslate}");
            }
            if (array.size() > GlossaryCsv.MAX_IMPORT_TERMS) {
                throw GlossaryCsv.tooManyTerms("terms");
            }
            for (int i = 0; i < array.size(); i++) {
                JsonObject t = array.getJsonObject(i);
                String source = t.getString("source");
                String target = t.getString("target");
                if (source != null && source.length() > GlossaryCsv.MAX_TERM_CHARS
                        || target != null && target.length() > GlossaryCsv.MAX_TERM_CHARS) {
                    throw new IllegalArgumentException("terms[" + i + "]: longer than "
                            + GlossaryCsv.MAX_TERM_CHARS + " characters");
                }
                terms.add(new GlossaryTerm(source, target, Boolean.TRUE.equals(t.getBoolean("doNotTranslate"))));
            }
        } catch (IllegalArgumentException | ClassCastException e) {
            Problem.send(ctx, 400, "invalid-glossary", e.getMessage() + "; nothing was imported");
            return;
        }
        reply(ctx, translator.glossary().put(pair, terms).map(n -> new JsonObject().put("imported", n)), 200);
    }

    /** A TBX term base: application/x-tbx, application/tbx+xml, application/xml or text/xml. */
    static boolean isTbx(String contentType) {
        return contentType.startsWith("application/x-tbx") || contentType.startsWith("application/tbx+xml")
                || contentType.startsWith("application/xml") || contentType.startsWith("text/xml");
    }

    /** Imports a TBX body for the pair; the answer counts added, updated, unchanged and skipped terms, with reasons. */
    private void importTbx(RoutingContext ctx, LanguagePair pair) {
        byte[] body = ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        // parsed on a worker thread: a large term base takes milliseconds of CPU
        ctx.vertx().executeBlocking(() -> GlossaryTbx.parse(body, pair), false).onComplete(ar -> {
            if (ar.failed() && ar.cause() instanceof IllegalArgumentException e) {
                Problem.send(ctx, 400, "invalid-glossary", e.getMessage() + "; nothing was imported");
                return;
            }
            if (ar.failed()) {
                reply(ctx, Future.failedFuture(ar.cause()), 200);
                return;
            }
            GlossaryTbx.Parsed parsed = ar.result();
            if (parsed.terms().isEmpty()) {
                Problem.send(ctx, 400, "invalid-glossary", "the term base has no usable " + pair.source() + " -> "
                        + pair.target() + " term (" + parsed.skipped().size() + " skipped); nothing was imported");
                return;
            }
            reply(ctx, translator.glossary().merge(pair, parsed.terms()).map(m -> tbxResult(m, parsed)), 200);
        });
    }

    static JsonObject tbxResult(GlossaryStore.Merged merged, GlossaryTbx.Parsed parsed) {
        JsonArray skips = new JsonArray();
        parsed.skipped().stream().limit(GlossaryPages.MAX_SKIPS_SHOWN).forEach(s -> skips.add(new JsonObject()
                .put("entry", s.entry()).put("line", s.line()).put("reason", s.reason())));
        return new JsonObject().put("imported", merged.added() + merged.updated()).put("added", merged.added())
                .put("updated", merged.updated()).put("unchanged", merged.unchanged())
                .put("skipped", parsed.skipped().size()).put("skips", skips);
    }

    private void deleteTerm(RoutingContext ctx) {
        reply(ctx, translator.glossary().delete(ctx.pathParam("id")).map(found -> {
            if (!found) {
                throw new NoSuchElementException("No glossary term " + ctx.pathParam("id"));
            }
            return new JsonObject().put("deleted", true);
        }), 200);
    }

    static JsonObject toJson(MessageTranslation m) {
        return new JsonObject().put("messageId", m.messageId()).put("direction", m.direction())
                .put("source", m.source()).put("target", m.target()).put("status", m.status()).put("text", m.text())
                .put("engine", m.engine()).put("confidence", m.confidence()).put("via", new JsonArray(m.via()))
                .put("detail", m.detail()).put("attempts", m.attempts()).put("flagged", m.flagged())
                .put("flaggedBad", m.flaggedBad());
    }

    static JsonObject toJson(Translation t) {
        return new JsonObject().put("status", t.outcome().name()).put("text", t.text()).put("engine", t.engine())
                .put("confidence", t.confidence()).put("via", new JsonArray(t.via())).put("detail", t.detail());
    }

    private static LanguagePair pair(RoutingContext ctx) {
        try {
            return LanguagePair.of(String.valueOf(ctx.request().getParam("source")),
                    String.valueOf(ctx.request().getParam("target")));
        } catch (IllegalArgumentException e) {
            Problem.send(ctx, 400, "invalid-field", "source and target must be two different language tags: "
                    + e.getMessage());
            return null;
        }
    }

    private void reply(RoutingContext ctx, Future<JsonObject> result, int status) {
        result.onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                        .end(ConsoleSecurity.forReader(ctx, ar.result(), null).encode());
                return;
            }
            Throwable e = ar.cause();
            if (e instanceof NoSuchElementException) {
                Problem.send(ctx, 404, "not-found", e.getMessage());
            } else if (e instanceof IllegalArgumentException) {
                Problem.send(ctx, 400, "invalid-field", e.getMessage());
            } else {
                ctx.fail(e); // the node's fault: logged once with an id the answer carries
            }
        });
    }
}
