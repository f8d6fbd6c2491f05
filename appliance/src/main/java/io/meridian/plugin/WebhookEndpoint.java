package io.meridian.plugin;

import io.meridian.spi.channel.WebhookRequest;
import io.meridian.spi.channel.WebhookResponse;
import io.meridian.web.Problem;
import io.meridian.web.RequestBodies;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /hooks/<plugin>/<instance>[/...]}: inbound webhooks of channel connectors (any method). The request (up to
 * {@code plugins.webhook-max-bytes}, else 413) goes to the instance's connector, which verifies and parses it itself,
 * on the plugin's executor with its deadline; the connector's answer is sent back. No session, no CSRF: the caller is
 * the channel's platform, and the connector checks its signature. Failures are problem documents, never a stack
 * trace: 404 for no such instance, 503 for one that is not running or did not answer in time, 502 for one that threw.
 */
public final class WebhookEndpoint {

    public static final String PREFIX = "/hooks/";

    private static final Logger LOG = LoggerFactory.getLogger(WebhookEndpoint.class);
    /** Headers the node owns: transport framing, and the security headers every response carries. */
    private static final Set<String> RESERVED = Set.of("content-length", "transfer-encoding", "connection",
            "keep-alive", "upgrade", "strict-transport-security", "content-security-policy", "x-frame-options",
            "x-content-type-options", "referrer-policy");

    private final PluginHost host;
    private final int maxBytes;

    public WebhookEndpoint(PluginHost host, int maxBytes) {
        this.host = host;
        this.maxBytes = maxBytes;
    }

    public void addRoutes(Router router) {
        router.route(PREFIX + "*").handler(RequestBodies.of(BodyHandler.create(false).setBodyLimit(maxBytes)))
                .failureHandler(this::failed);
        router.route(PREFIX + ":plugin/:instance").handler(this::handle);
        router.route(PREFIX + ":plugin/:instance/*").handler(this::handle);
        router.route(PREFIX + "*").handler(ctx -> Problem.send(ctx, 404, "not-found",
                "webhooks are at /hooks/<plugin id>/<instance id>"));
    }

    private void failed(RoutingContext ctx) {
        if (ctx.response().ended()) {
            return;
        }
        int status = ctx.statusCode();
        if (status == 413) {
            Problem.send(ctx, 413, "too-large", "the request body is larger than " + maxBytes + " bytes");
        } else if (status >= 400 && status < 500) {
            Problem.send(ctx, status, "bad-request", "the request could not be read");
        } else {
            ctx.next(); // the node's own fault: the server's error handler logs it with an id
        }
    }

    private void handle(RoutingContext ctx) {
        String pluginId = ctx.pathParam("plugin");
        String instanceId = ctx.pathParam("instance");
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        WebhookRequest request = new WebhookRequest(ctx.request().method().name(), ctx.request().path(),
                lowerCaseHeaders(ctx.request().headers()), multi(ctx.queryParams()),
                body == null ? new byte[0] : body.getBytes(),
                ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress());
        host.webhook(pluginId, instanceId, request).onComplete(ar -> {
            if (ctx.response().ended()) {
                return;
            }
            if (ar.succeeded()) {
                respond(ctx, ar.result());
                return;
            }
            Throwable cause = ar.cause();
            if (cause instanceof NoSuchElementException) {
                Problem.send(ctx, 404, "not-found", "no connector instance '" + instanceId + "' of plugin '"
                        + pluginId + "'");
            } else if (cause instanceof ConnectorUnavailableException) {
                ctx.response().putHeader("Retry-After", "30");
                Problem.send(ctx, 503, "connector-unavailable", "the connector instance '" + instanceId
                        + "' is not running; try again later");
            } else if (cause instanceof PluginCallTimeoutException || cause instanceof PluginBusyException) {
                ctx.response().putHeader("Retry-After", "30");
                Problem.send(ctx, 503, "connector-timeout", "the connector did not answer in time; try again later");
            } else {
                LOG.warn("Webhook for instance '{}' of plugin '{}' failed in the connector: {}", instanceId, pluginId,
                        Failures.describe(cause));
                Problem.send(ctx, 502, "connector-failed", "the connector failed to handle the request");
            }
        });
    }

    private static void respond(RoutingContext ctx, WebhookResponse answer) {
        HttpServerResponse response = ctx.response().setStatusCode(answer.status());
        answer.headers().forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!RESERVED.contains(lower) && value.indexOf('\r') < 0 && value.indexOf('\n') < 0
                    && name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                response.putHeader(name, value);
            }
        });
        response.end(Buffer.buffer(answer.body()));
    }

    private static Map<String, List<String>> lowerCaseHeaders(MultiMap headers) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : headers) {
            map.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(e.getValue());
        }
        return map;
    }

    private static Map<String, List<String>> multi(MultiMap params) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : params) {
            map.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
        return map;
    }
}
