package io.meridian.widget;

import io.meridian.cluster.RegionNodes;
import io.meridian.conversation.AttachmentFile;
import io.meridian.lifecycle.Lifecycle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.function.Function;

/**
 * Files an agent sent to a visitor whose chat is relayed ({@link HomeRegionRelay}): the visitor's link names the home
 * region ({@link AttachmentLinks}), and the node the browser reached asks that region's node for the file over the
 * cluster's event bus (mutual TLS). The home node checks the link's signature (its own key) and answers with the file;
 * the visiting node passes it to the browser and keeps nothing.
 */
final class RelayedFiles implements Lifecycle {

    /** A file as the home node answered it. */
    record Download(String name, byte[] content) {
    }

    /** Why the home node did not answer with a file: 403 a link it did not sign (or expired), 404 no such file. */
    static final class Refused extends RuntimeException {
        final int status;

        Refused(int status) {
            super("refused " + status, null, false, false);
            this.status = status;
        }
    }

    static final long ASK_TIMEOUT_MILLIS = 30_000;

    static String address(String nodeId) {
        return "meridian.widget.file." + nodeId;
    }

    private final Vertx vertx;
    private final RegionNodes nodes;
    private final AttachmentLinks links;
    private final Function<String, Future<Optional<AttachmentFile>>> files;
    private MessageConsumer<Object> consumer;

    RelayedFiles(Vertx vertx, RegionNodes nodes, AttachmentLinks links,
            Function<String, Future<Optional<AttachmentFile>>> files) {
        this.vertx = vertx;
        this.nodes = nodes;
        this.links = links;
        this.files = files;
    }

    @Override
    public Future<Void> start() {
        if (nodes.self() == null) {
            return Future.succeededFuture();
        }
        // Cluster-wide on purpose: visiting nodes ask here by this node's id.
        consumer = vertx.eventBus().consumer(address(nodes.self()), this::onAsked);
        return consumer.completion();
    }

    @Override
    public Future<Void> stop() {
        return consumer == null ? Future.succeededFuture() : consumer.unregister();
    }

    /** Whether this node is in a cluster (otherwise every link is this node's own). */
    boolean clustered() {
        return nodes.self() != null;
    }

    /** The file behind a link signed by the node of {@code home}; fails with {@link Refused}, or as the bus does. */
    Future<Download> fetch(String home, String id, String expires, String sig) {
        Optional<String> node = nodes.serving(home);
        if (node.isEmpty()) {
            return Future.failedFuture(new Refused(404));
        }
        return vertx.eventBus().<Buffer>request(address(node.get()), new JsonObject().put("id", id)
                .put("expires", expires).put("sig", sig), new DeliveryOptions().setSendTimeout(ASK_TIMEOUT_MILLIS))
                .map(reply -> new Download(reply.headers().get("name"), reply.body().getBytes()))
                .recover(e -> Future.failedFuture(e instanceof ReplyException r
                        && r.failureType() == ReplyFailure.RECIPIENT_FAILURE
                        && (r.failureCode() == 403 || r.failureCode() == 404) ? new Refused(r.failureCode()) : e));
    }

    private void onAsked(Message<Object> message) {
        if (!(message.body() instanceof JsonObject asked) || !(asked.getValue("id") instanceof String id)
                || !links.valid(id, asked.getValue("expires") instanceof String e ? e : null,
                        asked.getValue("sig") instanceof String s ? s : null)) {
            message.fail(403, "not a link this node signed, or expired");
            return;
        }
        files.apply(id).onComplete(ar -> {
            if (ar.failed()) {
                message.fail(500, "the file could not be read");
            } else if (ar.result().isEmpty()) {
                message.fail(404, "no such file");
            } else {
                AttachmentFile file = ar.result().get();
                message.reply(Buffer.buffer(file.content()), new DeliveryOptions().addHeader("name",
                        file.info().name()));
            }
        });
    }
}
