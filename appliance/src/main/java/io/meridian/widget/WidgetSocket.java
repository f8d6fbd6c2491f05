package io.meridian.widget;

import io.meridian.consent.Consents;
import io.meridian.conversation.Appended;
import io.meridian.conversation.Author;
import io.meridian.conversation.ChatHub;
import io.meridian.conversation.ChatMessage;
import io.meridian.conversation.ConversationEvent;
import io.meridian.conversation.ConversationService;
import io.meridian.conversation.ConversationStatus;
import io.meridian.conversation.ConversationSummary;
import io.meridian.conversation.MessageLength;
import io.meridian.conversation.MessageStored;
import io.meridian.conversation.StoredAttachment;
import io.meridian.conversation.Typing;
import io.meridian.conversation.VisitorPages;
import io.meridian.conversation.VisitorProfile;
import io.meridian.web.LiveConnections;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One visitor's chat connection, speaking the widget protocol of docs/api.md.
 * A message is acknowledged only after it is committed; resends with the same client message id are
 * answered from the stored copy, so a reconnecting widget can resend everything it has not seen acknowledged.
 */
final class WidgetSocket {

    private static final Logger LOG = LoggerFactory.getLogger(WidgetSocket.class);
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int HISTORY_LIMIT = 500;
    /** A typing notice is {@code {"type":"typing"}}; anything longer is parsed as any other frame. */
    private static final int TYPING_FRAME_MAX = 64;
    /** Typing notices a connection may send per minute before it is closed (1008). */
    static final int MAX_TYPING_PER_MINUTE = 600;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}");

    private final VisitorLink socket;
    private final ChatHub hub;
    private final WidgetLimits limits;
    private final LiveConnections live;
    private final VisitorTranslations translations;
    private final ChatAvailability availability;
    private final AttachmentLinks links;
    /** The pre-chat form of the site this widget runs on. */
    private final String preChatForm;
    private final VisitorConsent consent;
    /** The visitor's browser language (primary subtag), from {@code hello}: what availability is asked for. */
    private String language;
    private final RateWindow rate = new RateWindow();
    private final RateWindow typingRate = new RateWindow();

    private String contactId;
    /** The visitor's token, kept from {@code hello} for a later {@code profile}. */
    private String visitorToken;
    private String conversationId;
    private MessageConsumer<ConversationEvent> subscription;
    private boolean helloPending;
    private long lastTyping = System.nanoTime() - TimeUnit.SECONDS.toNanos(Typing.EVERY_SECONDS);
    private boolean closed;

    WidgetSocket(VisitorLink socket, ChatHub hub, WidgetLimits limits, LiveConnections live,
            VisitorTranslations translations, ChatAvailability availability, AttachmentLinks links,
            String preChatForm, Consents consents) {
        this.preChatForm = preChatForm;
        this.consent = new VisitorConsent(consents);
        this.links = links;
        this.translations = translations;
        this.availability = availability;
        this.socket = socket;
        this.hub = hub;
        this.limits = limits;
        this.live = live;
    }

    void start() {
        live.visitorOpened();
        socket.textHandler(this::onText);
        socket.binaryHandler(this::onBinary);
        socket.errorHandler(this::onSocketError);
        socket.closeHandler(v -> onClose());
    }

    /** A text frame read before this session started (the {@code hello} that told where the visitor is served). */
    void receive(String text) {
        onText(text);
    }

    /** A binary frame read before this session started. */
    void receiveBinary(Buffer data) {
        onBinary(data);
    }

    /**
     * A frame or a fragmented message beyond the transport ceiling (four times the frame limit) is never buffered;
     * Vert.x reports it here, and the visitor is told why the socket closes (1009) instead of losing it silently.
     */
    private void onSocketError(Throwable e) {
        LOG.debug("Visitor socket error: {}", e.toString());
        if (!closed && isOverLimit(e)) {
            socket.close((short) 1009, "message too big");
        }
    }

    static boolean isOverLimit(Throwable e) {
        // Vert.x signals an over-long fragmented message only by this IllegalStateException's text.
        return e instanceof CorruptedWebSocketFrameException
                || e instanceof IllegalStateException && String.valueOf(e.getMessage()).contains("max message size");
    }

    private void onClose() {
        closed = true;
        live.visitorClosed();
        if (contactId != null) {
            hub.visitorPages().closed(contactId, this);
        }
        if (subscription != null) {
            subscription.unregister();
        }
    }

    private boolean admit() {
        int inLastMinute = rate.record(System.nanoTime());
        if (inLastMinute > limits.closeThresholdPerMinute()) {
            socket.close((short) 1008, "rate limit exceeded");
            return false;
        }
        if (inLastMinute > limits.maxPerMinute()) {
            error("rate_limited", "Too many messages; wait a moment and send again.", null);
            return false;
        }
        return true;
    }

    private void onBinary(Buffer data) {
        if (admit()) {
            error("binary_not_supported", "Binary frames are not accepted; send JSON text frames.", null);
        }
    }

    private void onText(String text) {
        // Typing notices come every few seconds while the visitor writes: they do not count against the message rate,
        // and one more often than Typing.EVERY_SECONDS is dropped before it is even parsed.
        if (text.length() <= TYPING_FRAME_MAX && text.contains("\"typing\"")) {
            // Their own, generous budget: a widget sends about 20 a minute; a flood closes the connection.
            if (typingRate.record(System.nanoTime()) > MAX_TYPING_PER_MINUTE) {
                socket.close((short) 1008, "rate limit exceeded");
                return;
            }
            if (isTyping(text)) {
                onTyping();
                return;
            }
        }
        if (!admit()) {
            return;
        }
        if (text.length() > limits.maxFrameBytes() || text.getBytes(StandardCharsets.UTF_8).length > limits.maxFrameBytes()) {
            error("too_large", "Frame exceeds " + limits.maxFrameBytes() + " bytes.", null);
            return;
        }
        JsonObject frame;
        try {
            frame = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            error("malformed_json", "Frame is not a JSON object.", null);
            return;
        }
        String type = frame.getValue("type") instanceof String s ? s : null;
        if (type == null) {
            error("invalid_frame", "Field 'type' (string) is required.", null);
            return;
        }
        switch (type) {
            case "hello" -> onHello(frame);
            case "message" -> onMessage(frame);
            case "ping" -> send(new JsonObject().put("type", "pong").put("availability", availabilityJson()));
            case "profile" -> onProfile(frame);
            case "consent" -> onConsent(frame);
            case "consent.withdraw" -> onConsentWithdrawn();
            default -> error("unknown_type", "Unknown frame type '" + abbreviate(type) + "'.", null);
        }
    }

    private static boolean isTyping(String text) {
        try {
            return "typing".equals(new JsonObject(text).getValue("type"));
        } catch (DecodeException | ClassCastException e) {
            return false; // not a typing notice: the usual path answers it
        }
    }

    private void onTyping() {
        long now = System.nanoTime();
        if (conversationId == null || now - lastTyping < TimeUnit.SECONDS.toNanos(Typing.EVERY_SECONDS)) {
            return;
        }
        lastTyping = now;
        hub.customerTyping(conversationId);
    }

    /**
     * The pre-chat form's answers (name, e-mail, phone number): kept on the contact, sealed, as {@code hello}'s would
     * be; the e-mail also finds the contact again when the customer writes by mail, and search finds the phone number.
     * Answered with {@code profile.saved}.
     */
    private void onProfile(JsonObject frame) {
        if (contactId == null) {
            error("hello_required", "Send 'hello' first and wait for 'welcome'.", null);
            return;
        }
        if (consent.missing(contactId)) {
            consentRequired(null);
            return;
        }
        String name = optionalString(frame, "name", 200);
        String email = optionalString(frame, "email", 254);
        if (email != null && !EMAIL.matcher(email).matches()) {
            error("invalid_frame", "Field 'email' must be an e-mail address such as ana@example.com.", null);
            return;
        }
        String phone = optionalString(frame, "phone", 40);
        if (phone != null && !ConversationService.looksLikePhone(phone)) {
            error("invalid_frame", "Field 'phone' must be a phone number such as +49 30 1234567.", null);
            return;
        }
        if (name == null && email == null && phone == null) {
            error("invalid_frame", "Send a 'name', an 'email' or a 'phone'.", null);
            return;
        }
        hub.conversations().identifyVisitor(visitorToken, new VisitorProfile(null, null, name, email, phone))
                .onSuccess(identity -> send(new JsonObject().put("type", "profile.saved")))
                .onFailure(e -> {
                    LOG.warn("Visitor profile not saved", e);
                    error("unavailable", "The chat is not available right now; retry shortly.", null);
                });
    }

    private void onHello(JsonObject frame) {
        if (contactId != null || helloPending) {
            error("invalid_frame", "'hello' was already received on this connection.", null);
            return;
        }
        String token = optionalString(frame, "visitorToken", 200);
        long lastSeq = frame.getValue("lastSeq") instanceof Number n ? Math.max(0, n.longValue()) : 0;
        VisitorProfile profile = new VisitorProfile(
                optionalString(frame, "locale", 35),
                optionalString(frame, "timeZone", 64),
                optionalString(frame, "name", 200),
                optionalString(frame, "email", 254));
        List<String> languages = browserLanguages(frame);
        language = primaryLanguage(languages.isEmpty() ? profile.locale() : languages.get(0));
        String page = VisitorPages.kept(optionalString(frame, "page", 2000));
        String referrer = VisitorPages.kept(optionalString(frame, "referrer", 2000));
        helloPending = true;
        hub.conversations().identifyVisitor(token, profile)
                .compose(identity -> hub.conversations()
                        .recordVisitorContext(identity.contactId(), languages, profile.locale()).map(identity))
                .compose(identity -> {
                    contactId = identity.contactId();
                    visitorToken = identity.visitorToken();
                    if (page != null && !closed) {
                        hub.visitorPages().opened(contactId, this, new VisitorPages.Page(page, referrer,
                                java.time.Instant.now()));
                    }
                    return hub.conversations().latestConversation(contactId).compose(latest -> {
                        if (latest.isEmpty()) {
                            return Future.succeededFuture(welcome(identity.visitorToken(), null, List.of(), Map.of(),
                                    Map.of()));
                        }
                        ConversationSummary c = latest.get();
                        follow(c.id());
                        // The history shows what the visitor read live: replies in the visitor's language where
                        // they were translated; without the translations (store busy) it still opens, in originals.
                        return hub.conversations().messages(c.id(), lastSeq, HISTORY_LIMIT)
                                .compose(history -> translations.of(c.id()).otherwise(e -> Map.of())
                                        .compose(shown -> filesOf(c.id()).map(files ->
                                                welcome(identity.visitorToken(), c, history, shown, files))));
                    });
                })
                .compose(welcome -> consent.load(contactId, profile.locale()).map(c -> welcome.put("consent", c)))
                .onSuccess(this::send)
                .onFailure(e -> {
                    helloPending = false;
                    LOG.warn("Visitor hello failed", e);
                    error("unavailable", "The chat is not available right now; retry shortly.", null);
                })
                .onComplete(ar -> helloPending = false);
    }

    /** The files of the conversation's messages as the widget shows them (with their links), by message id. */
    private Future<Map<String, JsonArray>> filesOf(String conversationId) {
        return hub.conversations().attachments().ofConversation(conversationId).map(files -> {
            Map<String, JsonArray> byMessage = new java.util.HashMap<>();
            for (StoredAttachment f : files) {
                byMessage.computeIfAbsent(f.messageId(), k -> new JsonArray()).add(links.describe(f));
            }
            return byMessage;
        });
    }

    /** After an agent's message: its files, if it has any, as an {@code attachments} frame with their links. */
    private void sendFilesOf(ChatMessage message) {
        hub.conversations().attachments().ofMessage(message.conversationId(), message.id()).onSuccess(files -> {
            if (!files.isEmpty()) {
                JsonArray described = new JsonArray();
                files.forEach(f -> described.add(links.describe(f)));
                send(new JsonObject().put("type", "attachments").put("messageId", message.id())
                        .put("attachments", described));
            }
        }).onFailure(e -> LOG.warn("The files of message {} could not be listed for the widget: {}", message.id(),
                e.toString()));
    }

    private JsonObject welcome(String visitorToken, ConversationSummary conversation, List<ChatMessage> history,
            Map<String, VisitorTranslations.Shown> shown, Map<String, JsonArray> files) {
        JsonArray messages = new JsonArray();
        for (ChatMessage m : history) {
            JsonObject json = ChatHub.toJson(m);
            // Links are signed for agents' files only: the widget shows what was sent to the visitor.
            if (m.author() == Author.AGENT && files.containsKey(m.id())) {
                json.put("attachments", files.get(m.id()));
            }
            VisitorTranslations.Shown translation = shown.get(m.id());
            if (translation != null) {
                json.put("translation", new JsonObject().put("language", translation.language())
                        .put("text", translation.text()));
            }
            messages.add(json);
        }
        return new JsonObject()
                .put("type", "welcome")
                .put("visitorToken", visitorToken)
                .put("conversationId", conversation == null ? null : conversation.id())
                .put("status", conversation == null ? null : conversation.status().name().toLowerCase(Locale.ROOT))
                .put("messages", messages)
                .put("availability", availabilityJson())
                .put("preChatForm", preChatForm)
                .put("queue", conversation == null || conversation.status() != ConversationStatus.OPEN ? null
                        : availability.queuePosition(conversation.id()))
                .put("queueExpectedWaitSeconds", conversation == null
                        || conversation.status() != ConversationStatus.OPEN ? null
                        : availability.queueWaitSeconds(conversation.id()))
                .put("limits", new JsonObject()
                        .put("maxFrameBytes", limits.maxFrameBytes())
                        .put("maxTextChars", limits.maxTextChars()));
    }

    /** {@code {"open": true}} or {@code {"open": false, "opensAt": "2026-12-07T08:00:00Z"}} (opensAt null: never). */
    private JsonObject availabilityJson() {
        ChatAvailability.Availability now = availability.now(language);
        JsonObject json = new JsonObject().put("open", now.open());
        if (!now.open()) {
            json.put("opensAt", now.opensAt() == null ? null : now.opensAt().toString());
        }
        return json;
    }

    private static String primaryLanguage(String tag) {
        if (tag == null || !LANGUAGE_TAG.matcher(tag).matches()) {
            return null;
        }
        return tag.split("-")[0].toLowerCase(Locale.ROOT);
    }

    private void onMessage(JsonObject frame) {
        String clientMessageId = frame.getValue("clientMessageId") instanceof String s ? s : null;
        if (contactId == null) {
            error("hello_required", "Send 'hello' first and wait for 'welcome'.", clientMessageId);
            return;
        }
        if (clientMessageId == null || !CLIENT_ID.matcher(clientMessageId).matches()) {
            error("invalid_frame", "Field 'clientMessageId' must be 1-64 characters of A-Z a-z 0-9 _ -.", null);
            return;
        }
        String text = frame.getValue("text") instanceof String s ? s.strip() : null;
        if (text == null || text.isEmpty()) {
            error("invalid_frame", "Field 'text' must be a non-empty string.", clientMessageId);
            return;
        }
        if (MessageLength.exceeds(text, limits.maxTextChars())) {
            error("too_large", "Text exceeds " + limits.maxTextChars() + " characters.", clientMessageId);
            return;
        }
        if (consent.missing(contactId)) {
            consentRequired(clientMessageId);
            return;
        }
        hub.visitorSays(contactId, clientMessageId, text)
                .onSuccess(this::acknowledge)
                .onFailure(e -> {
                    LOG.warn("Could not store a visitor message", e);
                    error("not_stored", "The message was not stored; send it again with the same clientMessageId.",
                            clientMessageId);
                });
    }

    /** Nothing is stored before the visitor agrees, where the home region asks: the widget keeps the message. */
    private void consentRequired(String clientMessageId) {
        error("consent_required", "Agree to the consent text first: send {\"type\":\"consent\",\"version\":...} "
                + "with the version 'welcome' gave.", clientMessageId);
    }

    /**
     * {@code {"type":"consent","version":"1","digest":"…"}}: the visitor agrees to the text {@code welcome} showed;
     * answered {@code consent.recorded}.
     */
    private void onConsent(JsonObject frame) {
        if (contactId == null) {
            error("hello_required", "Send 'hello' first and wait for 'welcome'.", null);
            return;
        }
        String version = optionalString(frame, "version", 64);
        if (version == null) {
            error("invalid_frame", "Field 'version' (the consent version 'welcome' gave) is required.", null);
            return;
        }
        String digest = optionalString(frame, "digest", 64);
        consent.agree(contactId, version, digest).onSuccess(this::send).onFailure(e -> {
            if (e instanceof IllegalStateException notAsked) {
                error("invalid_frame", notAsked.getMessage() + "; nothing was recorded.", null);
            } else if (e instanceof IllegalArgumentException outdated) {
                consent.describe().onComplete(now -> send(new JsonObject().put("type", "error")
                        .put("code", "consent_outdated").put("reason", outdated.getMessage())
                        .put("consent", now.succeeded() ? now.result() : null)));
            } else {
                LOG.warn("A visitor's consent was not recorded", e);
                error("unavailable", "The chat is not available right now; retry shortly.", null);
            }
        });
    }

    /** {@code {"type":"consent.withdraw"}}: recorded; nothing more is stored until the visitor agrees again. */
    private void onConsentWithdrawn() {
        if (contactId == null) {
            error("hello_required", "Send 'hello' first and wait for 'welcome'.", null);
            return;
        }
        consent.withdraw(contactId).onSuccess(this::send).onFailure(e -> {
            LOG.warn("A visitor's withdrawal of consent was not recorded", e);
            error("unavailable", "The chat is not available right now; retry shortly.", null);
        });
    }

    private void acknowledge(Appended appended) {
        ChatMessage m = appended.message();
        if (!m.conversationId().equals(conversationId)) {
            follow(m.conversationId());
        }
        send(new JsonObject()
                .put("type", "ack")
                .put("clientMessageId", m.clientMessageId())
                .put("duplicate", appended.duplicate())
                .put("message", ChatHub.toJson(m)));
    }

    /** Listens for live events of the visitor's current conversation, and only that one. */
    private void follow(String id) {
        if (closed) {
            return;
        }
        if (subscription != null) {
            subscription.unregister();
        }
        conversationId = id;
        subscription = hub.subscribe(id, event -> {
            send(event.widgetFrame());
            if (event instanceof MessageStored stored && stored.message().author() == Author.AGENT) {
                sendFilesOf(stored.message());
            }
        });
    }

    private void send(JsonObject frame) {
        if (!closed) {
            socket.send(frame.encode());
        }
    }

    private void error(String code, String reason, String clientMessageId) {
        JsonObject frame = new JsonObject().put("type", "error").put("code", code).put("reason", reason);
        if (clientMessageId != null) {
            frame.put("clientMessageId", clientMessageId);
        }
        send(frame);
    }

    /** The browser's languages ({@code navigator.languages}), at most 8 well-formed BCP 47 tags; others are skipped. */
    private static List<String> browserLanguages(JsonObject frame) {
        if (!(frame.getValue("languages") instanceof JsonArray array)) {
            return List.of();
        }
        return array.stream()
                .filter(v -> v instanceof String s && LANGUAGE_TAG.matcher(s).matches())
                .map(v -> (String) v)
                .distinct()
                .limit(8)
                .toList();
    }

    private static String optionalString(JsonObject frame, String field, int maxLength) {
        Object value = frame.getValue(field);
        if (!(value instanceof String s) || s.isBlank()) {
            return null;
        }
        return s.length() > maxLength ? s.substring(0, maxLength) : s.strip();
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
