package io.meridian.translation;

import io.meridian.language.ReadingLanguages;
import io.meridian.routing.RoutingService;
import io.meridian.routing.Team;
import io.vertx.core.Future;
import java.util.Objects;
import java.util.Optional;

/** The audience of a node: agents' reading languages, and routing's assignment and team setup. */
public final class RoutedAudience implements TranslationAudience {

    private final ReadingLanguages reading;
    private final RoutingService routing;

    public RoutedAudience(ReadingLanguages reading, RoutingService routing) {
        this.reading = Objects.requireNonNull(reading, "reading");
        this.routing = Objects.requireNonNull(routing, "routing");
    }

    @Override
    public Optional<String> readingLanguage(String agentId) {
        return reading.of(agentId);
    }

    @Override
    public Future<Readers> readers(String conversationId) {
        return routing.placement(conversationId).map(found -> {
            if (found.isEmpty()) {
                return Readers.NONE;
            }
            Optional<Team> team = routing.team(found.get().teamId());
            return new Readers(found.get().assignedAgentId(), team.map(Team::firstLanguage).orElse(null),
                    team.map(Team::reviewOutgoing).orElse(null));
        });
    }
}
