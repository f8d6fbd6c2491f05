package io.meridian.translation;

import io.meridian.console.ConsoleLocales;
import io.meridian.console.Templates;
import io.meridian.conversation.ChatHub;
import io.meridian.conversation.ConversationClosedException;
import io.meridian.conversation.MessageLength;
import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Permission;
import io.meridian.security.SignedInAgent;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The console's translation forms (docs/translation.md, "In the appliance"): the review step of a reply (the outgoing
 * translation shown beside the original, editable, then sent), and the correction and flag of a message's
 * translation. Plain server-rendered forms; the console's CSRF guard checks their token like every console form.
 */
public final class TranslationPages {

    static final int MAX_TEXT_CHARS = 8_000;
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final ConversationTranslator translator;
    private final ChatHub hub;
    private final Templates templates;

    public TranslationPages(ConversationTranslator translator, ChatHub hub, Templates templates) {
        this.translator = translator;
        this.hub = hub;
        this.templates = templates;
    }

    public void addRoutes(Router router) {
        router.post("/console/conversations/:id/reply-review").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY))
                .handler(this::review);
        router.post("/console/conversations/:id/reply-reviewed").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY))
                .handler(this::sendReviewed);
        router.post("/console/messages/:id/translation/correct").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY))
                .handler(this::correct);
        router.post("/console/messages/:id/translation/flag").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY))
                .handler(this::flag);
    }

    /** Step one: the agent's reply and its translation into the customer's language, for editing. */
    private void review(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        String text = field(ctx, "text").strip();
        if (text.isEmpty() || MessageLength.exceeds(text, MAX_TEXT_CHARS)) {
            ctx.redirect(conversationPath(id) + "?error=empty");
            return;
        }
        if (ctx.fileUploads().stream().anyMatch(f -> f.size() > 0)) {
            // The review step carries text only: say so rather than send the reply without its files.
            ctx.redirect(conversationPath(id) + "?error=files-review");
            return;
        }
        translator.languageFor(ConsoleSecurity.agent(ctx).id(), id)
                .compose(language -> translator.previewOutgoing(id, text, language)).onComplete(ar -> {
            if (ar.failed()) {
                error(ctx, ar.cause());
                return;
            }
            Translation t = ar.result();
            Map<String, Object> model = base(ctx, "translation.review.title");
            model.put("conversationId", id);
            model.put("original", text);
            model.put("translation", t.translated() ? t.text() : "");
            model.put("translated", t.translated());
            model.put("engine", t.engine() == null ? "" : t.engine());
            model.put("clientMessageId", clientId(ctx));
            html(ctx, 200, templates.render("console/reply-review", model));
        });
    }

    /** Step two: the original is stored as the reply, the reviewed translation is what the customer receives. */
    private void sendReviewed(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        String original = field(ctx, "text").strip();
        String edited = field(ctx, "translation").strip();
        if (original.isEmpty() || MessageLength.exceeds(original, MAX_TEXT_CHARS) || edited.isEmpty()
                || MessageLength.exceeds(edited, MAX_TEXT_CHARS)) {
            ctx.redirect(conversationPath(id) + "?error=empty");
            return;
        }
        String clientMessageId = clientId(ctx);
        SignedInAgent agent = ConsoleSecurity.agent(ctx);
        translator.expectReviewed(clientMessageId);
        hub.agentSays(id, agent.id(), agent.displayName(), clientMessageId, original).compose(appended -> {
            if (appended.duplicate()) {
                translator.forgetReviewed(clientMessageId); // already sent once: nothing more to send
                return io.vertx.core.Future.succeededFuture();
            }
            return translator.sendReviewed(appended.message().id(), id, agent.id(), edited).mapEmpty();
        }).onComplete(ar -> {
            translator.forgetReviewed(clientMessageId); // stored or failed: a channel reply waiting for it may go
            if (ar.succeeded()) {
                ctx.redirect(conversationPath(id));
                return;
            }
            if (ar.cause() instanceof ConversationClosedException) {
                ctx.redirect(conversationPath(id) + "?error=closed");
            } else {
                error(ctx, ar.cause());
            }
        });
    }

    private void correct(RoutingContext ctx) {
        String text = field(ctx, "text").strip();
        if (text.isEmpty() || MessageLength.exceeds(text, MAX_TEXT_CHARS)) {
            message(ctx, 400, "translation.correct.title", "translation.correct.empty");
            return;
        }
        String target = field(ctx, "target").strip();
        translator.correct(ctx.pathParam("id"), ConsoleSecurity.agent(ctx).id(), text,
                target.isEmpty() || target.length() > 35 ? null : target).onComplete(ar -> {
            if (ar.failed()) {
                error(ctx, ar.cause());
            } else {
                backToConversation(ctx, ctx.pathParam("id"));
            }
        });
    }

    private void flag(RoutingContext ctx) {
        translator.flagBad(ctx.pathParam("id")).onComplete(ar -> {
            if (ar.failed()) {
                error(ctx, ar.cause());
            } else if (!ar.result()) {
                error(ctx, new NoSuchElementException("no translation"));
            } else {
                backToConversation(ctx, ctx.pathParam("id"));
            }
        });
    }

    private void backToConversation(RoutingContext ctx, String messageId) {
        translator.conversationOf(messageId).onComplete(ar -> {
            if (ar.succeeded() && ar.result() != null) {
                ctx.redirect(conversationPath(ar.result()) + "#m-" + messageId);
            } else {
                ctx.redirect("/console");
            }
        });
    }

    private Map<String, Object> base(RoutingContext ctx, String titleKey) {
        Map<String, Object> model = new HashMap<>();
        var t = ConsoleLocales.messages(ctx, ConsoleSecurity.agent(ctx).id());
        model.put("title", t.get(titleKey));
        model.put("agent", ConsoleSecurity.agent(ctx));
        model.put("csrf", ConsoleSecurity.csrfToken(ctx));
        model.put("t", t);
        return model;
    }

    private void message(RoutingContext ctx, int status, String titleKey, String messageKey) {
        Map<String, Object> model = base(ctx, titleKey);
        model.put("message", ConsoleLocales.messages(ctx, ConsoleSecurity.agent(ctx).id()).get(messageKey));
        html(ctx, status, templates.render("console/message", model));
    }

    private void error(RoutingContext ctx, Throwable cause) {
        if (cause instanceof NoSuchElementException) {
            message(ctx, 404, "translation.error.title", "translation.error.not-found");
        } else if (cause instanceof IllegalArgumentException) {
            message(ctx, 400, "translation.error.title", "translation.error.not-possible");
        } else {
            ctx.fail(cause); // the node's fault: logged once, with the id the error page shows
        }
    }

    private static String clientId(RoutingContext ctx) {
        String id = ctx.request().getFormAttribute("clientMessageId");
        return id != null && CLIENT_ID.matcher(id).matches() ? id : UUID.randomUUID().toString();
    }

    private static String conversationPath(String id) {
        return "/console/conversations/" + id;
    }

    private static String field(RoutingContext ctx, String name) {
        String value = ctx.request().getFormAttribute(name);
        return value == null ? "" : value;
    }

    private static void html(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(body);
    }
}
