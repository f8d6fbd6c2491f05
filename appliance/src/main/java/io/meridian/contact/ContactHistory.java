package io.meridian.contact;

import io.meridian.conversation.ChatMessage;
import java.util.List;

/**
 * Everything an agent sees of one customer: the contact, the contact it was merged into (empty when it survives),
 * its conversations on every channel (including those of contacts merged into it) with their messages, and its
 * merges.
 */
public record ContactHistory(String contactId, String mergedInto, List<Thread> conversations,
        List<ContactMerge> merges) {

    /** One conversation and its messages, oldest first, with the mail parts (HTML, attachments) of its messages. */
    public record Thread(ContactConversation conversation, List<ChatMessage> messages,
            io.meridian.email.MailBodies.Parts mail) {
    }
}
