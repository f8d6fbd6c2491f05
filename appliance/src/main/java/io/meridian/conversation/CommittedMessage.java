package io.meridian.conversation;

/**
 * A message that is stored and acknowledged: what enters the {@link MessagePipeline}. {@code opened} when it opened its
 * conversation (a new one, or a closed one it {@code reopened}); {@code automatic} when a machine wrote it (an
 * auto-reply, a bounce, bulk mail), so nothing answers it automatically.
 */
public record CommittedMessage(ChatMessage message, boolean opened, boolean reopened, boolean automatic) {

    /** Whether the customer wrote it (through the widget or a channel). */
    public boolean fromCustomer() {
        return message.author() == Author.VISITOR;
    }

    public String conversationId() {
        return message.conversationId();
    }
}
