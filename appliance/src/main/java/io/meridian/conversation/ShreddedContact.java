package io.meridian.conversation;

import java.util.List;

/**
 * What erasing a customer shredded: {@code contactId} is the surviving contact of the customer, {@code contactIds}
 * it and every contact merged into it, {@code conversationIds} their conversations (kept as metadata);
 * {@code changed} is false when every key was shredded already.
 */
public record ShreddedContact(String contactId, List<String> contactIds, List<String> conversationIds,
        boolean changed) {

    public ShreddedContact {
        contactIds = List.copyOf(contactIds);
        conversationIds = List.copyOf(conversationIds);
    }
}
