package io.meridian.boot;

import io.meridian.bus.RecordCodec;
import io.meridian.console.ConsolePreferenceChanged;
import io.meridian.conversation.ConsoleConnectionChanged;
import io.meridian.conversation.ConversationClosed;
import io.meridian.conversation.MessageStored;
import io.meridian.conversation.Typing;
import io.meridian.language.ReadingLanguageChanged;
import io.meridian.residency.GivenFromRegion;
import io.meridian.residency.RegionChanged;
import io.meridian.routing.AgentMentioned;
import io.meridian.routing.AgentPresenceChanged;
import io.meridian.routing.ConversationRouted;
import io.meridian.routing.NoteAdded;
import io.meridian.routing.QueuePlace;
import io.meridian.routing.RoutingSetupChanged;
import io.meridian.translation.MessageTranslated;
import io.meridian.translation.TranslationStored;
import io.vertx.core.eventbus.EventBus;
import java.util.List;

/**
 * Every event the node puts on the event bus, each with its codec (docs/architecture.md, "Events on the bus").
 * Registered once at node start; a test fails the build when an event type is missing here.
 */
public final class EventCodecs {

    static final List<Class<? extends Record>> EVENTS = List.of(
            MessageStored.class, ConversationClosed.class, ConsoleConnectionChanged.class, Typing.class,
            ConversationRouted.class, RoutingSetupChanged.class, AgentPresenceChanged.class, NoteAdded.class,
            AgentMentioned.class, QueuePlace.class,
            TranslationStored.class, MessageTranslated.class,
            ReadingLanguageChanged.class, ConsolePreferenceChanged.class, GivenFromRegion.class,
            RegionChanged.class, io.meridian.ticket.TicketSlaNotice.class);

    private EventCodecs() {
    }

    public static void register(EventBus bus) {
        RecordCodec.register(bus, EVENTS);
    }
}
