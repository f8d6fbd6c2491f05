package io.meridian.widget;

import io.meridian.console.Templates;
import io.meridian.conversation.ChatHub;
import io.meridian.web.FileDownloads;
import io.meridian.web.LiveConnections;
import io.meridian.web.WebSocketUpgrades;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The customer side of chat: the embeddable script ({@code /widget/meridian.js}), a demo page that embeds it,
 * and the WebSocket the script talks to ({@code /widget/ws}).
 */
public final class WidgetEndpoint {

    private final ChatHub hub;
    private final WidgetLimits limits;
    private final LiveConnections live;
    private final Templates templates;
    private final List<String> allowedOrigins;
    private final Supplier<String> publicUrl;
    private final VisitorTranslations translations;
    private final ChatAvailability availability;
    private final AttachmentLinks links = new AttachmentLinks(Clock.systemUTC());

    /** {@code publicUrl} is asked at each request: with port 0 it is known only once the server listens. */
    public WidgetEndpoint(ChatHub hub, WidgetLimits limits, LiveConnections live, Templates templates,
            List<String> allowedOrigins, Supplier<String> publicUrl) {
        this(hub, limits, live, templates, allowedOrigins, publicUrl, VisitorTranslations.none(),
                ChatAvailability.alwaysOpen());
    }

    /**
     * With {@code translations}, what the widget's history shows for replies translated for the visitor, and
     * {@code availability}, what its header says (open, or away until a time).
     */
    public WidgetEndpoint(ChatHub hub, WidgetLimits limits, LiveConnections live, Templates templates,
            List<String> allowedOrigins, Supplier<String> publicUrl, VisitorTranslations translations,
            ChatAvailability availability) {
        this.translations = translations;
        this.availability = availability;
        this.hub = hub;
        this.limits = limits;
        this.live = live;
        this.templates = templates;
        this.allowedOrigins = allowedOrigins;
        this.publicUrl = publicUrl;
    }

    public void addRoutes(Router router) {
        router.get("/widget/ws").handler(this::upgrade);
        router.get("/widget/attachments/:id").handler(this::download);
        router.get("/widget/demo").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/html; charset=utf-8")
                .end(templates.render("widget/demo", Map.of("publicUrl", publicUrl.get()))));
        router.get("/widget/*").handler(StaticHandler.create("webroot/widget").setCachingEnabled(false));
    }

    /** A file an agent sent, by the signed link the visitor's widget was given ({@link AttachmentLinks}). */
    private void download(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!links.valid(id, ctx.queryParams().get("expires"), ctx.queryParams().get("sig"))) {
            ctx.response().setStatusCode(403).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("This link is not valid or has expired; open the chat again for a new one.");
            return;
        }
        hub.conversations().attachments().file(id).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else if (ar.result().isEmpty()) {
                ctx.response().setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8")
                        .end("There is no such file.");
            } else {
                FileDownloads.send(ctx, ar.result().get().info().name(), ar.result().get().content());
            }
        });
    }

    private void upgrade(RoutingContext ctx) {
        String origin = ctx.request().getHeader("Origin");
        if (!allowedOrigins.isEmpty() && (origin == null
                || !(allowedOrigins.contains(origin) || publicUrl.get().equals(origin)))) {
            ctx.response().setStatusCode(403).end("This site may not embed the chat.");
            return;
        }
        WebSocketUpgrades.accept(ctx)
                .onSuccess(socket -> new WidgetSocket(socket, hub, limits, live, translations, availability, links,
                        limits.preChatForms().forSite(origin)).start())
                .onFailure(ctx::fail);
    }
}
