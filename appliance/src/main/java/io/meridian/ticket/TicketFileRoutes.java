package io.meridian.ticket;

import io.meridian.conversation.AttachmentRefusal;
import io.meridian.conversation.AttachmentsRefusedException;
import io.meridian.conversation.NewAttachment;
import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Permission;
import io.meridian.spi.channel.Attachment;
import io.meridian.web.FileDownloads;
import io.meridian.web.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;

/**
 * A ticket's own files over HTTP: added by the REST API or the ticket page's form ({@code multipart/form-data}, field
 * {@code file}, one or more), listed, and downloaded as opaque files the browser never renders.
 */
public final class TicketFileRoutes {

    /** The routes that take files in a multipart body (the web server lets them past the usual body limit). */
    public static final Pattern UPLOADS = Pattern.compile(
            "/api/v1/tickets/[^/]+/attachments|/console/tickets/[^/]+/attachments");

    private static final Pattern NUMBER_OR_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Tickets tickets;
    private final TicketAttachments files;

    public TicketFileRoutes(Tickets tickets) {
        this.tickets = tickets;
        this.files = new TicketAttachments(tickets);
    }

    public void addRoutes(Router router) {
        router.post("/api/v1/tickets/:id/attachments").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY))
                .handler(ctx -> add(ctx, false));
        router.get("/api/v1/tickets/:id/attachments").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ))
                .handler(this::list);
        router.get("/api/v1/tickets/:id/attachments/:file").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ))
                .handler(this::download);
        router.post("/console/tickets/:id/attachments").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY))
                .handler(ctx -> add(ctx, true));
    }

    private void add(RoutingContext ctx, boolean console) {
        String id = ctx.pathParam("id");
        if (!NUMBER_OR_ID.matcher(id).matches()) {
            Problem.send(ctx, 404, "not-found", "no ticket with that number");
            return;
        }
        read(ctx).compose(given -> files.add(ConsoleSecurity.agent(ctx), id, given)).onComplete(ar -> {
            if (ar.succeeded() && console) {
                ctx.redirect("/console/tickets/" + id + "#files");
            } else if (ar.succeeded()) {
                JsonArray out = new JsonArray();
                ar.result().forEach(f -> out.add(json(f)));
                ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("attachments", out).encode());
            } else if (console && !(ar.cause() instanceof NoSuchElementException)) {
                // The page again, with why: a refused file is the agent's to fix, not an error page.
                ctx.redirect("/console/tickets/" + id + "?file-refused=1#files");
            } else {
                fail(ctx, ar.cause());
            }
        });
    }

    private void list(RoutingContext ctx) {
        tickets.ticket(ctx.pathParam("id")).compose(found -> found.isEmpty()
                ? Future.failedFuture(new NoSuchElementException("no ticket " + ctx.pathParam("id")))
                : files.list(found.get())).onComplete(ar -> {
                    if (ar.failed()) {
                        fail(ctx, ar.cause());
                        return;
                    }
                    JsonArray out = new JsonArray();
                    ar.result().forEach(f -> out.add(json(f)));
                    ctx.response().putHeader("Content-Type", "application/json")
                            .end(new JsonObject().put("attachments", out).encode());
                });
    }

    private void download(RoutingContext ctx) {
        tickets.ticket(ctx.pathParam("id")).compose(found -> found.isEmpty()
                ? Future.failedFuture(new NoSuchElementException("no ticket " + ctx.pathParam("id")))
                : files.file(found.get(), ctx.pathParam("file"))).onComplete(ar -> {
                    if (ar.failed()) {
                        fail(ctx, ar.cause());
                    } else if (ar.result().isEmpty()) {
                        Problem.send(ctx, 404, "not-found", "no such file on this ticket");
                    } else {
                        FileDownloads.send(ctx, ar.result().get().file().name(), ar.result().get().content());
                    }
                });
    }

    /** The request's files (an empty file input sends an empty part, which is not a file). */
    private static Future<List<NewAttachment>> read(RoutingContext ctx) {
        List<Future<NewAttachment>> read = new ArrayList<>();
        for (FileUpload f : ctx.fileUploads()) {
            if (f.size() == 0 && (f.fileName() == null || f.fileName().isBlank())) {
                continue;
            }
            String type = f.contentType() == null || !f.contentType().contains("/") ? "application/octet-stream"
                    : f.contentType().strip();
            read.add(ctx.vertx().fileSystem().readFile(f.uploadedFileName()).map(bytes -> new NewAttachment(
                    Attachment.safeFileName(f.fileName()), type, bytes.getBytes())));
        }
        return Future.all(read).map(all -> all.<NewAttachment>list());
    }

    private static void fail(RoutingContext ctx, Throwable e) {
        if (e instanceof AttachmentsRefusedException refused && !refused.refusals().isEmpty()) {
            AttachmentRefusal first = refused.refusals().get(0);
            Problem.send(ctx, first.reason().status(), first.reason().problemType(), e.getMessage());
        } else if (e instanceof NoSuchElementException) {
            Problem.send(ctx, 404, "not-found", e.getMessage());
        } else if (e instanceof TicketConflictException) {
            Problem.send(ctx, 409, "conflict", e.getMessage());
        } else if (e instanceof IllegalArgumentException) {
            Problem.send(ctx, 400, "invalid-field", e.getMessage());
        } else {
            ctx.fail(e);
        }
    }

    private static JsonObject json(TicketAttachments.Listed f) {
        return new JsonObject().put("id", f.id()).put("name", f.name()).put("mediaType", f.mediaType())
                .put("sizeBytes", f.sizeBytes()).put("addedBy", f.addedBy()).put("addedByName", f.addedByName())
                .put("addedAt", f.addedAt().toString());
    }
}
