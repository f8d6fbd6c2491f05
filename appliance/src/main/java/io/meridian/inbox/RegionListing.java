package io.meridian.inbox;

import java.util.List;

/**
 * Another region's open conversations for the inbox's view of that region: the access its policy gives this region
 * ({@code allow}, {@code masked}, {@code deny}) and the conversations; or, when its node did not answer or refused,
 * {@code problem}, the console text key saying why (and no conversations).
 */
public record RegionListing(String region, String access, List<RegionConversation> conversations, String problem) {

    public RegionListing {
        conversations = List.copyOf(conversations);
    }
}
