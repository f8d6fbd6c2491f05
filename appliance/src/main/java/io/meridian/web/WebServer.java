package io.meridian.web;

import io.meridian.console.ConsoleLocales;
import io.meridian.console.Templates;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one HTTP(S) server: console, widget, REST API and health. Each capability mounts its own routes
 * through the {@code mounts} it is given; this class adds only what every route shares: security headers,
 * body limits and errors that never leak a stack trace.
 */
public final class WebServer extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    private static final long MAX_BODY_BYTES = 1024 * 1024;
    /** How long a console page or API call may take before the node answers 503 on its behalf. */
    static final long ANSWER_WITHIN_MILLIS = 60_000;
    /**
     * Largest form field, percent-encoded. Vert.x's default (8 KiB) is below the longest honest password: 1024
     * characters of three UTF-8 bytes each take 9 KiB in a form.
     */
    private static final int MAX_FORM_FIELD_BYTES = 16 * 1024;

    private final HttpServerOptions options;
    private final boolean tls;
    private final Templates templates;
    private final List<Consumer<Router>> mounts;
    private final String uploadsDir;
    private final LargeUploads largeUploads;
    private final ServerErrors serverErrors = new ServerErrors();
    private HttpServer server;
    private Router router;
    private long answerWithinMillis = ANSWER_WITHIN_MILLIS;

    /**
     * @param uploadsDir where multipart file uploads (e.g. a holiday calendar) are spooled while their request is
     *                   handled; deleted when it ends. Inside the data directory, never the working directory.
     */
    public WebServer(HttpServerOptions options, Templates templates, List<Consumer<Router>> mounts, Path uploadsDir) {
        this(options, templates, mounts, uploadsDir, LargeUploads.NONE);
    }

    /**
     * Routes that take files in a multipart body larger than every other body may be (an agent's reply with
     * attachments): a {@code multipart/form-data} POST whose path matches {@code paths} may be up to {@code maxBytes}.
     */
    public record LargeUploads(Pattern paths, long maxBytes) {

        public static final LargeUploads NONE = new LargeUploads(Pattern.compile("(?!)"), MAX_BODY_BYTES);

        boolean takes(RoutingContext ctx) {
            String type = ctx.request().getHeader("Content-Type");
            return ctx.request().method() == HttpMethod.POST && type != null
                    && type.strip().toLowerCase(Locale.ROOT).startsWith("multipart/form-data")
                    && paths.matcher(ctx.request().path()).matches();
        }
    }

    /** As above, with {@code largeUploads} taking larger multipart bodies on their routes. */
    public WebServer(HttpServerOptions options, Templates templates, List<Consumer<Router>> mounts, Path uploadsDir,
            LargeUploads largeUploads) {
        this.largeUploads = Objects.requireNonNull(largeUploads, "largeUploads");
        this.options = new HttpServerOptions(options).setMaxFormAttributeSize(MAX_FORM_FIELD_BYTES);
        this.tls = options.isSsl();
        this.templates = templates;
        this.mounts = mounts;
        this.uploadsDir = uploadsDir.toString();
    }

    @Override
    public Future<?> start() {
        router = Router.router(vertx);
        router.route().handler(new SecurityHeaders(tls));
        router.route().handler(WebServer::refuseUnreadableAddress);
        // HEAD is GET without the body (RFC 9110 9.3.2): monitors and proxies probe pages with it. The response
        // remembers the original method, so Vert.x sends the GET's status and headers and no body.
        router.route().method(HttpMethod.HEAD).handler(ctx -> ctx.reroute(HttpMethod.GET, ctx.request().uri()));
        RequestBodies bodies = bodyHandler(MAX_BODY_BYTES);
        RequestBodies large = bodyHandler(Math.max(MAX_BODY_BYTES, largeUploads.maxBytes()));
        Handler<RoutingContext> anyBody = ctx -> (largeUploads.takes(ctx) ? large : bodies).handle(ctx);
        router.route("/console/*").handler(anyBody);
        router.route("/api/*").handler(anyBody);
        router.route("/console/*").handler(this::answerInTime);
        router.route("/api/*").handler(this::answerInTime);
        router.get("/console/static/*").handler(StaticHandler.create("webroot/console").setCachingEnabled(false));
        router.get("/").handler(ctx -> ctx.redirect("/console"));
        mounts.forEach(m -> m.accept(router));
        router.errorHandler(400, ctx -> error(ctx, 400, "bad-request", "The request could not be read."));
        router.errorHandler(404, ctx -> error(ctx, 404, "not-found", "There is nothing at this address."));
        router.errorHandler(405, ctx -> error(ctx, 405, "method-not-allowed", "This address does not accept that method."));
        router.errorHandler(413, ctx -> error(ctx, 413, "too-large", "The request body is too large."));
        router.errorHandler(415, ctx -> error(ctx, 415, "unsupported-media-type",
                "This address does not take a form sent this way; send forms with POST, in UTF-8."));
        router.errorHandler(500, this::failed);
        router.errorHandler(503, ctx -> error(ctx, 503, "unavailable",
                "The node did not answer in time, so whether the request took effect is unknown: check before you "
                        + "send it again."));
        return vertx.createHttpServer(options)
                .requestHandler(router)
                .listen()
                .onSuccess(s -> server = s);
    }

    /**
     * Addresses no route can mean answer 400 here, once for every route: a query string that is not valid
     * percent-encoding (Vert.x decodes it lazily and throws wherever a handler first reads a parameter, often in a
     * callback where nothing answers the request any more), and a path with control characters, raw or
     * percent-encoded (a decoded path parameter would carry them into a redirect's Location header, which refuses them).
     */
    private static void refuseUnreadableAddress(RoutingContext ctx) {
        try {
            ctx.request().params();
        } catch (IllegalArgumentException e) {
            ctx.fail(400);
            return;
        }
        if (hasControlCharacter(ctx.request().path())) {
            ctx.fail(400);
            return;
        }
        ctx.next();
    }

    /**
     * The safety net for a request no handler answers (a failure in a callback that nothing reports): after
     * {@value #ANSWER_WITHIN_MILLIS} ms, counted once the body is read, it is answered 503 and logged with its
     * path, instead of the browser or script waiting for ever. WebSocket upgrades are left alone: they last.
     */
    private void answerInTime(RoutingContext ctx) {
        if ("websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"))) {
            ctx.next();
            return;
        }
        long within = answerWithinMillis;
        long timer = ctx.vertx().setTimer(within, t -> {
            if (!ctx.response().ended() && !ctx.response().closed()) {
                LOG.error("No answer to {} {} within {} ms: answered 503", ctx.request().method(),
                        ctx.request().path(), within);
                ctx.fail(503);
            }
        });
        ctx.addEndHandler(v -> ctx.vertx().cancelTimer(timer));
        ctx.next();
    }

    /** Whether the raw path holds a C0 control or DEL, as is or as {@code %00}-{@code %1F} or {@code %7F}. */
    static boolean hasControlCharacter(String path) {
        if (path == null) {
            return false;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
            if (c == '%' && i + 2 < path.length()) {
                int high = Character.digit(path.charAt(i + 1), 16);
                int low = Character.digit(path.charAt(i + 2), 16);
                if (high == 0 || high == 1 || high == 7 && low == 0xf) {
                    return true;
                }
            }
        }
        return false;
    }

    private RequestBodies bodyHandler(long limit) {
        return RequestBodies.of(BodyHandler.create(uploadsDir).setBodyLimit(limit).setDeleteUploadedFilesOnEnd(true));
    }

    /** A shorter safety net than {@value #ANSWER_WITHIN_MILLIS} ms, for tests; before the server starts. */
    WebServer answerWithin(long millis) {
        this.answerWithinMillis = millis;
        return this;
    }

    /** The path of every route with one (e.g. {@code /api/v1/conversations/:id}), for tests that try them all. */
    public List<String> routePaths() {
        return router.getRoutes().stream().map(Route::getPath).filter(Objects::nonNull).distinct().toList();
    }

    /** Every mounted route with a path, as "METHOD path" (one line per method; "* path" for any method). */
    public List<String> routes() {
        List<String> out = new java.util.ArrayList<>();
        for (Route route : router.getRoutes()) {
            if (route.getPath() == null) {
                continue;
            }
            if (route.methods() == null || route.methods().isEmpty()) {
                out.add("* " + route.getPath());
            } else {
                route.methods().forEach(m -> out.add(m.name() + " " + route.getPath()));
            }
        }
        return out.stream().distinct().toList();
    }

    /** The port actually bound (useful when configured as 0). */
    public int actualPort() {
        return server.actualPort();
    }

    /** Whether it serves HTTPS. */
    public boolean tls() {
        return tls;
    }

    /**
     * A failure no handler answered: a client's mistake that surfaced as an exception gets its 4xx; anything else is
     * the node's fault, logged once with an id that the answer carries too.
     */
    private void failed(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (ClientErrors.isMalformedRequest(failure)) {
            error(ctx, 400, "bad-request", "The request could not be read.");
            return;
        }
        String id = serverErrors.record(ctx.request().method().name(), ctx.request().path(), failure);
        error(ctx, 500, "internal", "Something went wrong on our side. It is safe to retry.", id);
    }

    private void error(RoutingContext ctx, int status, String type, String detail) {
        error(ctx, status, type, detail, null);
    }

    private void error(RoutingContext ctx, int status, String type, String detail, String errorId) {
        if (ctx.response().ended()) {
            return;
        }
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        String path = ctx.request().path();
        if (path.startsWith("/api/") || path.startsWith("/hooks/")) {
            Problem.send(ctx, status, type, detail, errorId);
            return;
        }
        String body = templates.render("console/error", Map.of("status", status, "title", Problem.title(status),
                "detail", detail, "errorId", errorId == null ? "" : errorId, "t", ConsoleLocales.messages(ctx, null)));
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(body);
    }
}
