package io.meridian.scope;

import io.meridian.conversation.ConversationProfile;
import io.meridian.conversation.ConversationService;
import io.meridian.routing.RoutingService;
import io.meridian.security.Access;
import io.meridian.security.ReadScope;
import io.meridian.ticket.Ticket;
import io.meridian.ticket.Tickets;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A record is within a role's scope when its team is one of the role's teams and its customer's home region one of
 * the role's regions (an empty list: any). A conversation's team is the one routing last put it in; a contact is
 * within when one of its conversations is (or, with no team scope, when its home region is); a ticket by its own team,
 * or its conversations' when it has none.
 */
public final class TeamRegionScope implements ReadScope {

    /** Lists ask about at most this many conversations at a time, the conversation store's limit. */
    private static final int CHUNK = 500;

    private final ConversationService conversations;
    private final RoutingService routing;
    private final Tickets tickets;

    public TeamRegionScope(ConversationService conversations, RoutingService routing, Tickets tickets) {
        this.conversations = conversations;
        this.routing = routing;
        this.tickets = tickets;
    }

    @Override
    public Future<Boolean> covers(Access access, Kind kind, String id) {
        if (!access.scoped()) {
            return Future.succeededFuture(true);
        }
        return switch (kind) {
            case CONVERSATION -> conversation(access, id);
            case MESSAGE -> conversations.conversationOfMessage(id)
                    .compose(found -> found.map(c -> conversation(access, c)).orElse(Future.succeededFuture(true)));
            case ATTACHMENT -> conversations.attachments().conversationOf(id)
                    .compose(found -> found.map(c -> conversation(access, c)).orElse(Future.succeededFuture(true)));
            case CONTACT -> contact(access, id);
            // Another region's conversations carry no team here: a role scoped to teams does not read them.
            case REGION -> Future.succeededFuture(access.teams().isEmpty() && access.coversRegion(id));
            case TICKET -> tickets.ticket(id).compose(found -> found.map(t -> ticket(access, t))
                    .orElse(Future.succeededFuture(true)));
        };
    }

    @Override
    public Future<Set<String>> within(Access access, Kind kind, Collection<String> ids) {
        if (!access.scoped() || ids.isEmpty()) {
            return Future.succeededFuture(Set.copyOf(ids));
        }
        List<String> distinct = List.copyOf(new HashSet<>(ids));
        if (kind != Kind.CONVERSATION) {
            // Lists of other records are short pages (tickets); each is looked up as its own page would be.
            List<Future<Boolean>> each = distinct.stream().map(id -> covers(access, kind, id)).toList();
            return Future.all(each).map(all -> {
                Set<String> within = new HashSet<>();
                for (int i = 0; i < distinct.size(); i++) {
                    if (all.<Boolean>resultAt(i)) {
                        within.add(distinct.get(i));
                    }
                }
                return within;
            });
        }
        return conversationsWithin(access, distinct);
    }

    private Future<Set<String>> conversationsWithin(Access access, List<String> ids) {
        List<Future<Set<String>>> parts = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            parts.add(within(access, ids.subList(from, Math.min(ids.size(), from + CHUNK))));
        }
        return Future.all(parts).map(all -> {
            Set<String> within = new HashSet<>();
            for (int i = 0; i < parts.size(); i++) {
                within.addAll(all.<Set<String>>resultAt(i));
            }
            return within;
        });
    }

    private Future<Set<String>> within(Access access, List<String> ids) {
        return conversations.profiles(ids).compose(profiles -> routing.teamsOf(ids).map(teams -> {
            Set<String> within = new HashSet<>();
            for (ConversationProfile p : profiles) {
                if (access.covers(teams.get(p.summary().id()), p.region())) {
                    within.add(p.summary().id());
                }
            }
            return within;
        }));
    }

    /** Unknown conversations count as covered: the route answers its own 404. */
    private Future<Boolean> conversation(Access access, String conversationId) {
        List<String> one = List.of(conversationId);
        return conversations.profiles(one).compose(profiles -> profiles.isEmpty() ? Future.succeededFuture(true)
                : routing.teamsOf(one).map(teams -> access.covers(teams.get(conversationId),
                        profiles.get(0).region())));
    }

    private Future<Boolean> contact(Access access, String contactId) {
        return conversations.storedContact(contactId).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture(true);
            }
            if (!access.coversRegion(found.get().region()) || access.teams().isEmpty()) {
                return Future.succeededFuture(access.coversRegion(found.get().region()));
            }
            return conversations.conversationsOfContact(contactId).compose(list -> routing.teamsOf(
                    list.stream().map(c -> c.id()).toList()).map(teams -> teams.values().stream()
                    .anyMatch(access.teams()::contains)));
        });
    }

    private Future<Boolean> ticket(Access access, Ticket ticket) {
        Future<Optional<String>> region = conversations.storedContact(ticket.contactId())
                .map(found -> found.map(ConversationService.StoredContact::region));
        if (ticket.teamId() != null || ticket.conversationIds().isEmpty()) {
            return region.map(r -> access.covers(ticket.teamId(), r.orElse(null)));
        }
        return conversationsWithin(access, ticket.conversationIds()).map(within -> !within.isEmpty());
    }
}
