package io.meridian.conversation;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * Where a chat message becomes live: persists it through {@link ConversationService} and, once committed,
 * announces it on the event bus so every visitor socket and console on any node sees it, and hands it to the
 * {@link MessagePipeline}, whose stages (language, automation, routing, translation, delivery) take it from there.
 * Visitors listen on {@link #conversationAddress(String)}; consoles listen on {@link #INBOX_ADDRESS} too. Nothing
 * but consoles listens to the inbox address: capabilities join the message path as stages of the pipeline. The bus
 * carries typed events ({@link ConversationEvent}, {@link InboxEvent}, {@link AgentEvent}); only the sockets at the
 * edge turn them into JSON frames.
 */
public final class ChatHub {

    /** Published on every change to any conversation: consoles refresh their inbox from it. */
    public static final String INBOX_ADDRESS = "meridian.inbox";

    private final ConversationService conversations;
    private final MessagePipeline pipeline;
    private final EventBus bus;
    private final VisitorPages visitorPages = new VisitorPages();

    public ChatHub(Vertx vertx, ConversationService conversations, MessagePipeline pipeline) {
        this.conversations = conversations;
        this.pipeline = pipeline;
        this.bus = vertx.eventBus();
    }

    public static String conversationAddress(String conversationId) {
        return "meridian.conversation." + conversationId;
    }

    // Subscriptions and publications are local: on a cluster, the live events of this node's conversations (which
    // carry message texts) reach only this node's consoles and widgets, until the residency work decides what may
    // cross to another node (docs/cluster.md).
    private static final DeliveryOptions LOCAL = local();

    /** Delivery to this node's subscribers only: for other capabilities' live events of conversations. */
    public static DeliveryOptions local() {
        return new DeliveryOptions().setLocalOnly(true);
    }

    /** Delivers the live events of one conversation (messages, closing) to {@code handler} until unregistered. */
    public MessageConsumer<ConversationEvent> subscribe(String conversationId, Handler<ConversationEvent> handler) {
        return bus.<ConversationEvent>localConsumer(conversationAddress(conversationId), m -> handler.handle(m.body()));
    }

    /** Delivers every inbox event (new conversations, messages, closings) to {@code handler} until unregistered. */
    public MessageConsumer<InboxEvent> subscribeInbox(Handler<InboxEvent> handler) {
        return bus.<InboxEvent>localConsumer(INBOX_ADDRESS, m -> handler.handle(m.body()));
    }

    public ConversationService conversations() {
        return conversations;
    }

    /** The pages connected web-chat visitors are on (this node's widgets). */
    public VisitorPages visitorPages() {
        return visitorPages;
    }

    /** Stores a visitor's message (idempotently) and, unless it was a resend, makes it live. */
    public Future<Appended> visitorSays(String contactId, String clientMessageId, String text) {
        return conversations.appendVisitorMessage(contactId, clientMessageId, text)
                .onSuccess(appended -> {
                    if (!appended.duplicate()) {
                        announce(appended.message(), appended.conversationOpened() ? "conversation.opened" : "message");
                    }
                });
    }

    /** Stores an agent's reply (idempotently) and, unless it was a resend, makes it live. */
    public Future<Appended> agentSays(String conversationId, String agentId, String agentName, String clientMessageId,
            String text) {
        return agentSays(conversationId, agentId, agentName, clientMessageId, text, java.util.List.of());
    }

    /** As above, the reply carrying {@code files} ({@link ConversationService#appendAgentMessage}, with files). */
    public Future<Appended> agentSays(String conversationId, String agentId, String agentName, String clientMessageId,
            String text, java.util.List<NewAttachment> files) {
        return conversations.appendAgentMessage(conversationId, agentId, agentName, clientMessageId, text, files)
                .onSuccess(appended -> {
                    if (!appended.duplicate()) {
                        announce(appended.message(), "message");
                    }
                });
    }

    /**
     * Stores a customer's message that came through a channel connector (idempotently on its external id) and, unless
     * it was a redelivery, makes it live in every console. A conversation it reopened is announced like a new one
     * ({@code conversation.opened}, with {@code reopened: true}), so routing and the inbox take it up again.
     */
    public Future<Appended> channelSays(ChannelInbound inbound) {
        return conversations.appendChannelMessage(inbound)
                .onSuccess(appended -> {
                    if (!appended.duplicate()) {
                        announce(appended.message(), appended.conversationOpened() ? "conversation.opened" : "message",
                                inbound.automatic(), appended.reopened());
                    }
                });
    }

    /** The customer is typing: the consoles show it on the conversation's page. */
    public void customerTyping(String conversationId) {
        bus.publish(INBOX_ADDRESS, Typing.customer(conversationId), LOCAL);
    }

    /** An agent is typing a reply: the customer's widget shows it, with the agent's name. */
    public void agentTyping(String conversationId, String agentName) {
        bus.publish(conversationAddress(conversationId), Typing.agent(conversationId, agentName), LOCAL);
    }

    /** Makes another capability's event of one conversation live for its customer's widget (not stored). */
    public void publishToConversation(ConversationEvent event) {
        bus.publish(conversationAddress(event.conversationId()), event, LOCAL);
    }

    /** Closes the conversation and tells the visitor and every console. */
    public Future<Boolean> close(String conversationId) {
        return conversations.close(conversationId).onSuccess(changed -> {
            if (changed) {
                ConversationClosed event = new ConversationClosed(conversationId);
                bus.publish(conversationAddress(conversationId), event, LOCAL);
                bus.publish(INBOX_ADDRESS, event, LOCAL);
                pipeline.closed(conversationId);
            }
        });
    }

    /** Stores a notice from Meridian itself (idempotently) and, unless it was a resend, makes it live. */
    public Future<Appended> systemSays(String conversationId, String clientMessageId, String text) {
        return systemSays(conversationId, clientMessageId, text, false);
    }

    /**
     * As {@link #systemSays(String, String, String)}; with {@code toCustomer}, a notice on a channel conversation
     * (not the widget's) also goes to the customer through the channel's outbox, like an agent's reply.
     */
    public Future<Appended> systemSays(String conversationId, String clientMessageId, String text,
            boolean toCustomer) {
        return conversations.appendSystemMessage(conversationId, clientMessageId, text, toCustomer)
                .onSuccess(appended -> {
                    if (!appended.duplicate()) {
                        announce(appended.message(), "message");
                    }
                });
    }

    /** Address of one agent's consoles: events meant for that agent only (assignments, @mentions). */
    public static String agentAddress(String agentId) {
        return "meridian.agent." + agentId;
    }

    /** Local address on which a node tells that an agent's console live connection opened or closed. */
    public static final String CONSOLE_CONNECTIONS_ADDRESS = "meridian.console.connections";

    /** Delivers the events addressed to one agent to {@code handler} until unregistered. */
    public MessageConsumer<AgentEvent> subscribeAgent(String agentId, Handler<AgentEvent> handler) {
        return bus.<AgentEvent>localConsumer(agentAddress(agentId), m -> handler.handle(m.body()));
    }

    /** Sends an event to every console of one agent, on any node. */
    public void notifyAgent(String agentId, AgentEvent event) {
        bus.publish(agentAddress(agentId), event, LOCAL);
    }

    /** The conversation has a new reader (routed, assigned, transferred): the pipeline's translation follows. */
    public void readerChanged(String conversationId) {
        pipeline.readerChanged(conversationId);
    }

    /** Publishes an inbox event (e.g. a routing decision) to every console. */
    public void publishInbox(InboxEvent event) {
        bus.publish(INBOX_ADDRESS, event, LOCAL);
    }

    /** Tells this node's presence tracking that an agent's console live connection opened or closed. */
    public void consoleConnection(String agentId, String username, boolean connected) {
        bus.publish(CONSOLE_CONNECTIONS_ADDRESS, new ConsoleConnectionChanged(agentId, username, connected), LOCAL);
    }

    private void announce(ChatMessage message, String inboxEventType) {
        announce(message, inboxEventType, false, false);
    }

    /**
     * {@code automatic}: a machine wrote the message, so routing must not answer it (no off-hours reply);
     * {@code reopened}: the message opened its closed conversation again.
     */
    private void announce(ChatMessage message, String inboxEventType, boolean automatic, boolean reopened) {
        boolean opened = inboxEventType.equals("conversation.opened");
        MessageStored event = new MessageStored(message, opened, automatic, reopened);
        bus.publish(conversationAddress(message.conversationId()), event, LOCAL);
        bus.publish(INBOX_ADDRESS, event, LOCAL);
        pipeline.accept(new CommittedMessage(message, opened, reopened, automatic));
    }

    /** The wire form of a message, shared by the widget protocol, the console and the REST API. */
    public static JsonObject toJson(ChatMessage m) {
        return new JsonObject()
                .put("messageId", m.id())
                .put("conversationId", m.conversationId())
                .put("seq", m.seq())
                .put("author", m.author().name().toLowerCase(Locale.ROOT))
                .put("authorName", m.authorName())
                .put("clientMessageId", m.clientMessageId())
                .put("text", m.text())
                .put("at", m.createdAt().toString());
    }

    public static JsonObject toJson(ConversationSummary c) {
        return new JsonObject()
                .put("id", c.id())
                .put("contactId", c.contactId())
                .put("contactName", c.contactName())
                .put("channel", c.channel())
                .put("status", c.status().name().toLowerCase(Locale.ROOT))
                .put("createdAt", c.createdAt().toString())
                .put("lastMessageAt", c.lastMessageAt() == null ? null : c.lastMessageAt().toString())
                .put("lastMessagePreview", c.lastMessagePreview())
                .put("lastAuthor", c.lastAuthor() == null ? null : c.lastAuthor().name().toLowerCase(Locale.ROOT))
                .put("customerWaitingSince", c.customerWaitingSince() == null ? null
                        : c.customerWaitingSince().toString())
                .put("messageCount", c.messageCount());
    }
}
