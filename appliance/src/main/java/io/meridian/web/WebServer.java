package io.meridian.web;

import io.meridian.language.ConsoleLocales;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
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
    private HttpServer server;

    /**
     * @param uploadsDir where multipart file uploads (e.g. a holiday calendar) are spooled while their request is
     *                   handled; deleted when it ends. Inside the data directory, never the working directory.
     */
    public WebServer(HttpServerOptions options, Templates templates, List<Consumer<Router>> mounts, Path uploadsDir) {
        this.options = new HttpServerOptions(options).setMaxFormAttributeSize(MAX_FORM_FIELD_BYTES);
        this.tls = options.isSsl();
        this.templates = templates;
        this.mounts = mounts;
        this.uploadsDir = uploadsDir.toString();
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.route().handler(new SecurityHeaders(tls));
        // HEAD is GET without the body (RFC 9110 9.3.2): monitors and proxies probe pages with it. The response
        // remembers the original method, so Vert.x sends the GET's status and headers and no body.
        router.route().method(HttpMethod.HEAD).handler(ctx -> ctx.reroute(HttpMethod.GET, ctx.request().uri()));
        router.route("/console/*").handler(bodyHandler());
        router.route("/api/*").handler(bodyHandler());
        router.get("/console/static/*").handler(StaticHandler.create("webroot/console").setCachingEnabled(false));
        router.get("/").handler(ctx -> ctx.redirect("/console"));
        mounts.forEach(m -> m.accept(router));
        router.errorHandler(404, ctx -> error(ctx, 404, "not-found", "There is nothing at this address."));
        router.errorHandler(405, ctx -> error(ctx, 405, "method-not-allowed", "This address does not accept that method."));
        router.errorHandler(413, ctx -> error(ctx, 413, "too-large", "The request body is too large."));
        router.errorHandler(400, ctx -> error(ctx, 400, "bad-request", "The request could not be read."));
        router.errorHandler(500, ctx -> {
            LOG.error("Unhandled failure on {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
            error(ctx, 500, "internal", "Something went wrong on our side. It is safe to retry.");
        });
        return vertx.createHttpServer(options)
                .requestHandler(router)
                .listen()
                .onSuccess(s -> server = s);
    }

    private BodyHandler bodyHandler() {
        return BodyHandler.create(uploadsDir).setBodyLimit(MAX_BODY_BYTES).setDeleteUploadedFilesOnEnd(true);
    }

    /** The port actually bound (useful when configured as 0). */
    public int actualPort() {
        return server.actualPort();
    }

    private void error(RoutingContext ctx, int status, String type, String detail) {
        if (ctx.response().ended()) {
            return;
        }
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        if (ctx.request().path().startsWith("/api/")) {
            Problem.send(ctx, status, type, detail);
            return;
        }
        String body = templates.render("console/error", Map.of("status", status, "title", Problem.title(status),
                "detail", detail, "t", ConsoleLocales.messages(ctx, null)));
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(body);
    }
}
