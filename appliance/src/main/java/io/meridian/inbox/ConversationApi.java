package io.meridian.inbox;

import io.meridian.conversation.AttachmentsRefusedException;
import io.meridian.conversation.ChatHub;
import io.meridian.conversation.ConversationClosedException;
import io.meridian.conversation.ConversationStatus;
import io.meridian.conversation.ConversationSummary;
import io.meridian.conversation.MessageLength;
import io.meridian.conversation.StoredAttachment;
import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Permission;
import io.meridian.security.ReadScope;
import io.meridian.security.SignedInAgent;
import io.meridian.web.JsonBodies;
import io.meridian.web.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The agent's REST view of conversations: list, read, reply, close (docs/api.md). */
public final class ConversationApi {

    static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** Longest chat message text in characters (code points, {@link MessageLength}), the same for visitors and agents. */
    public static final int MAX_TEXT_CHARS = 8000;
    /** The routes that take an agent's reply with files (multipart): the REST API's and the console's form. */
    public static final Pattern REPLY_WITH_FILES = Pattern.compile(
            "/api/v1/conversations/[^/]+/messages|/console/conversations/[^/]+/reply");
    /** What a reply's multipart body may hold besides its files: the text, the ids, the parts' headers. */
    public static final long REPLY_FORM_BYTES = 1024 * 1024;

    private final ChatHub hub;
    private final MessageDetails details;
    private final ReplyAttachments replyFiles;

    public ConversationApi(ChatHub hub) {
        this(hub, MessageDetails.NONE);
    }

    /** {@code details} adds other capabilities' fields to the messages listed (e.g. {@code email}). */
    public ConversationApi(ChatHub hub, MessageDetails details) {
        this(hub, details, channel -> false);
    }

    /**
     * {@code channelTakesFiles} says whether the connector behind a channel (an instance id) declares attachments:
     * only there may an agent's reply carry files.
     */
    public ConversationApi(ChatHub hub, MessageDetails details, Predicate<String> channelTakesFiles) {
        this.hub = hub;
        this.details = Objects.requireNonNull(details, "details");
        this.replyFiles = new ReplyAttachments(hub.conversations(), channelTakesFiles);
    }

    public void addRoutes(Router router) {
        router.get("/api/v1/conversations").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ)).handler(this::list);
        router.get("/api/v1/conversations/:id").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ)).handler(this::get);
        router.get("/api/v1/conversations/:id/messages").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ)).handler(this::messages);
        router.post("/api/v1/conversations/:id/messages").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY)).handler(this::reply);
        router.post("/api/v1/conversations/:id/typing").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY))
                .handler(this::typing);
        router.post("/api/v1/conversations/:id/close").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY)).handler(this::close);
    }

    private void list(RoutingContext ctx) {
        String statusParam = ctx.queryParams().get("status");
        ConversationStatus status;
        try {
            status = statusParam == null ? ConversationStatus.OPEN
                    : ConversationStatus.valueOf(statusParam.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            Problem.send(ctx, 400, "invalid-parameter", "status must be 'open' or 'closed'");
            return;
        }
        Integer limit = intParam(ctx, "limit", 100, 1, 500);
        if (limit == null) {
            return;
        }
        hub.conversations().conversations(status, limit)
                .compose(all -> ConsoleSecurity.readable(ctx, all, ReadScope.Kind.CONVERSATION,
                        ConversationSummary::id)).onComplete(ar -> {
            if (ar.failed()) {
                internal(ctx, ar.cause());
                return;
            }
            JsonArray items = new JsonArray();
            ar.result().forEach(c -> items.add(ChatHub.toJson(c)));
            json(ctx, 200, ConsoleSecurity.forReader(ctx, new JsonObject().put("conversations", items), null));
        });
    }

    private void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        hub.conversations().conversation(id).onComplete(ar -> {
            if (ar.failed()) {
                internal(ctx, ar.cause());
            } else if (ar.result().isEmpty()) {
                notFound(ctx, id);
            } else {
                json(ctx, 200, ConsoleSecurity.forReader(ctx, ChatHub.toJson(ar.result().get()), null));
            }
        });
    }

    private void messages(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Integer after = intParam(ctx, "after", 0, 0, Integer.MAX_VALUE);
        Integer limit = intParam(ctx, "limit", 200, 1, 1000);
        if (after == null || limit == null) {
            return;
        }
        String[] customerName = new String[1];
        hub.conversations().conversation(id)
                .compose(found -> {
                    if (found.isEmpty()) {
                        return io.vertx.core.Future.failedFuture(new NoSuchElementException(id));
                    }
                    customerName[0] = found.get().contactName();
                    return hub.conversations().messages(id, after, limit);
                })
                .compose(messages -> hub.conversations().attachments().ofConversation(id).compose(files ->
                        details.details(id, messages.stream().map(m -> m.id())
                        .collect(Collectors.toSet())).map(extra -> {
                            Map<String, JsonArray> filesOf = attachmentsByMessage(files);
                            JsonArray items = new JsonArray();
                            messages.forEach(m -> {
                                JsonObject item = ChatHub.toJson(m);
                                item.put("attachments", filesOf.getOrDefault(m.id(), new JsonArray()));
                                Map.Entry<String, JsonObject> more = extra.get(m.id());
                                if (more != null) {
                                    item.put(more.getKey(), more.getValue());
                                }
                                items.add(item);
                            });
                            return items;
                        })))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        failure(ctx, id, ar.cause());
                        return;
                    }
                    json(ctx, 200, ConsoleSecurity.forReader(ctx, new JsonObject().put("messages", ar.result()),
                            customerName[0]));
                });
    }

    /**
     * A reply: a JSON body, or {@code multipart/form-data} with the fields {@code clientMessageId} and {@code text}
     * and the files to attach (any field name), as ticket APIs take a reply with attachments in one request.
     */
    /** The agent is typing a reply: the customer's widget shows "Ana is typing…" (nothing stored). */
    private void typing(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        SignedInAgent agent = ConsoleSecurity.agent(ctx);
        hub.conversations().conversation(id).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else if (ar.result().isEmpty()) {
                Problem.send(ctx, 404, "not-found", "no conversation " + id);
            } else if (ar.result().get().status() != ConversationStatus.OPEN) {
                Problem.send(ctx, 409, "conversation-closed", "conversation " + id + " is closed");
            } else {
                hub.agentTyping(id, agent.displayName());
                ctx.response().setStatusCode(204).end();
            }
        });
    }

    private void reply(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        boolean multipart = isMultipart(ctx);
        JsonObject body = multipart ? new JsonObject() : JsonBodies.read(ctx);
        if (body == null) {
            return;
        }
        String clientMessageId = multipart ? ctx.request().getFormAttribute("clientMessageId")
                : body.getValue("clientMessageId") instanceof String s ? s : null;
        String text = multipart ? stripped(ctx.request().getFormAttribute("text"))
                : body.getValue("text") instanceof String s ? s.strip() : null;
        if (clientMessageId == null || !CLIENT_ID.matcher(clientMessageId).matches()) {
            Problem.send(ctx, 400, "invalid-field", "clientMessageId must be 1-64 characters of A-Z a-z 0-9 _ -");
            return;
        }
        if (text == null || text.isEmpty() || MessageLength.exceeds(text, MAX_TEXT_CHARS)) {
            Problem.send(ctx, 400, "invalid-field", "text must be 1-" + MAX_TEXT_CHARS + " characters");
            return;
        }
        SignedInAgent agent = ConsoleSecurity.agent(ctx);
        replyFiles.read(ctx, id)
                .compose(files -> hub.agentSays(id, agent.id(), agent.displayName(), clientMessageId, text, files))
                .compose(appended -> hub.conversations().attachments().ofConversation(id).map(files -> {
                    JsonObject item = ChatHub.toJson(appended.message());
                    item.put("attachments", attachmentsByMessage(files).getOrDefault(appended.message().id(),
                            new JsonArray()));
                    return new JsonObject().put("duplicate", appended.duplicate()).put("message", item);
                }))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        failure(ctx, id, ar.cause());
                        return;
                    }
                    json(ctx, ar.result().getBoolean("duplicate") ? 200 : 201, ar.result().getJsonObject("message"));
                });
    }

    /** Each message's files as the REST API lists them, with the address of their download. */
    static Map<String, JsonArray> attachmentsByMessage(List<StoredAttachment> files) {
        Map<String, JsonArray> out = new HashMap<>();
        for (StoredAttachment a : files) {
            out.computeIfAbsent(a.messageId(), k -> new JsonArray()).add(new JsonObject()
                    .put("id", a.id())
                    .put("name", a.name())
                    .put("mediaType", a.mediaType())
                    .put("sizeBytes", a.sizeBytes())
                    .put("url", "/api/v1/attachments/" + a.id()));
        }
        return out;
    }

    static boolean isMultipart(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        return type != null && type.strip().toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    private static String stripped(String value) {
        return value == null ? null : value.strip();
    }

    private void close(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        hub.close(id).onComplete(ar -> {
            if (ar.failed()) {
                failure(ctx, id, ar.cause());
            } else {
                json(ctx, 200, new JsonObject().put("id", id).put("status", "closed").put("changed", ar.result()));
            }
        });
    }

    private static Integer intParam(RoutingContext ctx, String name, int dflt, int min, int max) {
        String raw = ctx.queryParams().get(name);
        if (raw == null) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(raw);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        Problem.send(ctx, 400, "invalid-parameter", name + " must be an integer from " + min + " to " + max);
        return null;
    }

    private static void failure(RoutingContext ctx, String id, Throwable cause) {
        if (cause instanceof NoSuchElementException) {
            notFound(ctx, id);
        } else if (cause instanceof ConversationClosedException) {
            Problem.send(ctx, 409, "conversation-closed", "conversation " + id + " is closed");
        } else if (cause instanceof AttachmentsRefusedException refused) {
            Problem.send(ctx, refused.status(), refused.problemType(), refused.getMessage());
        } else {
            internal(ctx, cause);
        }
    }

    private static void notFound(RoutingContext ctx, String id) {
        Problem.send(ctx, 404, "not-found", "no conversation with id " + id);
    }

    private static void internal(RoutingContext ctx, Throwable cause) {
        ctx.fail(cause); // the node's fault: logged once, with the id the problem document carries
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
