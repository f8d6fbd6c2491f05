package io.meridian.widget;

import io.meridian.console.Templates;
import io.meridian.cluster.RegionNodes;
import io.meridian.consent.Consents;
import io.meridian.conversation.ChatHub;
import io.meridian.conversation.HomeRegions;
import io.meridian.lifecycle.Lifecycle;
import io.meridian.web.FileDownloads;
import io.meridian.web.LiveConnections;
import io.meridian.web.WebSocketUpgrades;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
    private final Consents consents;
    private final AttachmentLinks links;
    private final HomeRegionRelay relay;
    private final RelayedVisitors relayed;
    private final RelayedFiles relayedFiles;
    private final String region;

    /**
     * {@code publicUrl} is asked at each request: with port 0 it is known only once the server listens.
     * {@code translations}: what the widget's history shows for replies translated for the visitor;
     * {@code availability}: what its header says (open, or away until a time). In a cluster, {@code nodes} tells
     * which node serves which region and {@code regions} the home region of a new visitor; a visitor homed in another
     * region is relayed to that region's node ({@link HomeRegionRelay}).
     */
    public WidgetEndpoint(Vertx vertx, ChatHub hub, WidgetLimits limits, LiveConnections live, Templates templates,
            List<String> allowedOrigins, Supplier<String> publicUrl, VisitorTranslations translations,
            ChatAvailability availability, RegionNodes nodes, HomeRegions regions, Consents consents) {
        this.consents = consents;
        this.region = regions.nodeRegion();
        this.links = new AttachmentLinks(Clock.systemUTC(), region);
        this.relay = new HomeRegionRelay(vertx, nodes, regions, live);
        this.relayedFiles = new RelayedFiles(vertx, nodes, links, id -> hub.conversations().attachments().file(id));
        // A relayed visitor's socket is the other node's to count: its session here is not a connection of this node.
        LiveConnections servedForOthers = new LiveConnections();
        this.relayed = new RelayedVisitors(vertx, nodes, regions.nodeRegion(),
                (link, origin) -> session(link, origin, servedForOthers));
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

    /**
     * A file an agent sent, by the signed link the visitor's widget was given ({@link AttachmentLinks}); one signed in
     * another region (a relayed visitor's) is fetched from that region's node ({@link RelayedFiles}).
     */
    private void download(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        String home = ctx.queryParams().get("region");
        if (home != null && !home.equals(region) && relayedFiles.clustered()) {
            relayedFiles.fetch(home, id, ctx.queryParams().get("expires"), ctx.queryParams().get("sig"))
                    .onSuccess(file -> FileDownloads.send(ctx, file.name(), file.content()))
                    .onFailure(e -> {
                        int status = e instanceof RelayedFiles.Refused r ? r.status : 503;
                        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8")
                                .end(status == 403 ? "This link is not valid or has expired; open the chat again for a "
                                        + "new one." : status == 404 ? "There is no such file."
                                        : "The file cannot be fetched right now; try again shortly.");
                    });
            return;
        }
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
                .onSuccess(socket -> relay.accept(socket, origin, link -> session(link, origin, live)))
                .onFailure(ctx::fail);
    }

    /** A visitor's chat session on this node, for a page of {@code origin}, counted in {@code counted}. */
    private WidgetSocket session(VisitorLink link, String origin, LiveConnections counted) {
        return new WidgetSocket(link, hub, limits, counted, translations, availability, links,
                limits.preChatForms().forSite(origin), consents);
    }

    /**
     * Both sides of the relay between regions: the browsers here served elsewhere, and the visitors homed here whose
     * browsers reached another node. Nothing to start on a node that is not clustered.
     */
    public Lifecycle relays() {
        return new Lifecycle() {
            @Override
            public Future<Void> start() {
                return relayed.start().compose(v -> relayedFiles.start()).compose(v -> relay.start());
            }

            @Override
            public Future<Void> stop() {
                return relay.stop().eventually(relayedFiles::stop).eventually(relayed::stop);
            }
        };
    }
}
