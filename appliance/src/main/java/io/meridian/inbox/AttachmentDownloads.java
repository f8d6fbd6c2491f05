package io.meridian.inbox;

import io.meridian.conversation.AttachmentFile;
import io.meridian.conversation.MessageAttachments;
import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Permission;
import io.meridian.web.FileDownloads;
import io.meridian.web.Problem;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The files of messages, every channel's and agents' own, as downloads for agents and admins only: the REST API's
 * {@code GET /api/v1/attachments/{id}} (problem documents) and the console's {@code /console/attachments/{id}}. A
 * download is always {@code Content-Disposition: attachment} with {@code application/octet-stream} and
 * {@code nosniff}, so nothing a customer sent is rendered by the browser as part of the console. A visitor's widget
 * has no console session: it gets 401.
 */
public final class AttachmentDownloads {

    static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final MessageAttachments attachments;

    public AttachmentDownloads(MessageAttachments attachments) {
        this.attachments = Objects.requireNonNull(attachments, "attachments");
    }

    public void addRoutes(Router router) {
        router.get("/api/v1/attachments/:id").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ))
                .handler(ctx -> download(ctx, true));
        router.get("/console/attachments/:id").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ))
                .handler(ctx -> download(ctx, false));
    }

    private void download(RoutingContext ctx, boolean api) {
        String id = ctx.pathParam("id").toLowerCase(Locale.ROOT);
        if (!ID.matcher(id).matches()) {
            refuse(ctx, api, 400, "invalid-parameter", "the attachment id must be a UUID");
            return;
        }
        attachments.file(id).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause()); // the node's fault: logged once, with the id the answer carries
            } else if (ar.result().isEmpty()) {
                refuse(ctx, api, 404, "not-found", "no attachment with id " + id);
            } else {
                sendFile(ctx, ar.result().get());
            }
        });
    }

    /** An attachment as a download: never rendered by the browser as part of the console. */
    static void sendFile(RoutingContext ctx, AttachmentFile file) {
        FileDownloads.send(ctx, file.info().name(), file.content());
    }

    private static void refuse(RoutingContext ctx, boolean api, int status, String type, String detail) {
        if (api) {
            Problem.send(ctx, status, type, detail);
        } else {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end(status == 404 ? "There is no such attachment." : "The attachment id must be a UUID.");
        }
    }
}
