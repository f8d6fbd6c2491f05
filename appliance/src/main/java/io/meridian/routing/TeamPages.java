package io.meridian.routing;

import io.meridian.console.Templates;
import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Permission;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

/**
 * {@code /console/teams} (admins): teams, agents' routing profiles and holiday calendars, each added, changed or
 * deleted with a form, and the setup reloaded from conf/. A refused change is shown on the page with its reason and
 * the setup in force stays. Calendars come as an uploaded .ics file ({@link CalendarUpload}) or pasted text.
 */
final class TeamPages {

    /** Notices by the {@code saved} query parameter: fixed texts, so a crafted link cannot make the page say more. */
    private static final Map<String, String> NOTICES = Map.of("team", "teams.saved.team", "agent", "teams.saved.agent",
            "calendar", "teams.saved.calendar", "reload", "teams.saved.reload", "team-deleted", "teams.saved.team-deleted",
            "agent-deleted", "teams.saved.agent-deleted");

    private final RoutingService routing;
    private final Templates templates;
    private final Clock clock;

    TeamPages(RoutingService routing, Templates templates, Clock clock) {
        this.routing = routing;
        this.templates = templates;
        this.clock = clock;
    }

    void addRoutes(Router router) {
        router.get("/console/teams").handler(ConsoleSecurity.require(Permission.TEAMS_MANAGE)).handler(ctx -> page(ctx, 200, null));
        router.post("/console/teams").handler(ConsoleSecurity.require(Permission.TEAMS_MANAGE)).handler(this::saveTeam);
        router.post("/console/teams/agents").handler(ConsoleSecurity.require(Permission.TEAMS_MANAGE)).handler(this::saveAgent);
        router.post("/console/teams/calendars").handler(ConsoleSecurity.require(Permission.TEAMS_MANAGE))
                .handler(this::saveCalendar);
        router.post("/console/teams/reload").handler(ConsoleSecurity.require(Permission.TEAMS_MANAGE)).handler(this::reload);
        router.post("/console/teams/:id/delete").handler(ConsoleSecurity.require(Permission.TEAMS_MANAGE))
                .handler(this::deleteTeam);
        router.post("/console/teams/agents/:username/delete").handler(ConsoleSecurity.require(Permission.TEAMS_MANAGE))
                .handler(this::deleteAgent);
    }

    private void page(RoutingContext ctx, int status, String error) {
        page(ctx, status, error, false);
    }

    /** {@code unchanged}: say after the error that the setup in force stays (the error itself may name file and field). */
    private void page(RoutingContext ctx, int status, String error, boolean unchanged) {
        Map<String, Object> model = ConsolePage.model(ctx, "Teams");
        Instant now = clock.instant();
        RoutingEngine engine = routing.engine();
        Map<String, Integer> waiting = new LinkedHashMap<>();
        engine.queueViews(now, 0).forEach(q -> waiting.put(q.teamId(), q.waiting()));
        List<Map<String, Object>> teams = new ArrayList<>();
        for (Team t : engine.setup().teams()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("team", t);
            row.put("open", t.calendar().isOpen(now));
            row.put("nextOpening", t.calendar().nextOpening(now).orElse(null));
            row.put("hoursText", TeamForms.hoursText(t.calendar().hours()));
            row.put("overridesText", TeamForms.overridesText(t.calendar().hours()));
            row.put("namesText", TeamForms.namesText(t.names()));
            row.put("waiting", waiting.getOrDefault(t.id(), 0));
            teams.add(row);
        }
        model.put("teams", teams);
        model.put("profiles", engine.setup().agents().values().stream().sorted((a, b) -> a.username()
                .compareTo(b.username())).map(p -> Map.of("username", p.username(), "teams", String.join(", ", p.teams()),
                "languages", p.languages().entrySet().stream()
                        .map(e -> e.getKey() + ":" + e.getValue().name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", ")),
                "skills", String.join(", ", p.skills()), "max", p.maxConversations())).toList());
        model.put("calendars", routing.calendarNames());
        model.put("maxCalendarKiB", HolidayCalendars.MAX_BYTES / 1024);
        model.put("error", error == null ? "" : error);
        model.put("unchanged", unchanged);
        String saved = NOTICES.get(String.valueOf(ctx.queryParams().get("saved")));
        if (saved != null) {
            model.put("saved", saved);
        }
        ConsolePage.html(ctx, status, templates.render("console/teams", model));
    }

    private void saveTeam(RoutingContext ctx) {
        routing.putTeam(TeamForms.team(ctx), ConsoleSecurity.agent(ctx).username())
                .onComplete(ar -> done(ctx, ar.cause(), "team"));
    }

    private void saveAgent(RoutingContext ctx) {
        routing.putAgentProfile(TeamForms.profile(ctx), ConsoleSecurity.agent(ctx).username())
                .onComplete(ar -> done(ctx, ar.cause(), "agent"));
    }

    private void saveCalendar(RoutingContext ctx) {
        new CalendarUpload(routing).store(ctx).onComplete(ar -> done(ctx, ar.cause(), "calendar"));
    }

    private void reload(RoutingContext ctx) {
        routing.reloadFromFiles(ConsoleSecurity.agent(ctx).username()).onComplete(ar -> done(ctx, ar.cause(), "reload"));
    }

    private void deleteTeam(RoutingContext ctx) {
        String moveTo = ConsolePage.field(ctx, "moveTo").strip();
        routing.deleteTeam(ctx.pathParam("id"), moveTo.isEmpty() ? null : moveTo, ConsoleSecurity.agent(ctx).username())
                .onComplete(ar -> done(ctx, ar.cause(), "team-deleted"));
    }

    private void deleteAgent(RoutingContext ctx) {
        routing.deleteAgentProfile(ctx.pathParam("username"), ConsoleSecurity.agent(ctx).username())
                .onComplete(ar -> done(ctx, ar.cause(), "agent-deleted"));
    }

    private void done(RoutingContext ctx, Throwable failure, String notice) {
        if (failure == null) {
            ctx.redirect("/console/teams?saved=" + notice);
        } else if (failure instanceof RoutingSetupException || failure instanceof RoutingConflictException
                || failure instanceof IllegalArgumentException || failure instanceof NoSuchElementException) {
            int status = failure instanceof RoutingConflictException ? 409
                    : failure instanceof NoSuchElementException ? 404 : 400;
            String message = failure.getMessage();
            page(ctx, status, message, !message.endsWith("not deleted."));
        } else {
            ctx.fail(failure); // the node's fault: logged once, with the id the error page shows
        }
    }
}
