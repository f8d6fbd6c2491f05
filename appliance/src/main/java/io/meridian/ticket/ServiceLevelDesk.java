package io.meridian.ticket;

import io.meridian.console.ConsoleLocales;
import io.meridian.console.Messages;
import io.meridian.console.Templates;
import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Permission;
import io.meridian.security.SignedInAgent;
import io.meridian.web.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Service levels for the people who run the desk: the policies in force ({@code GET /api/v1/sla-policies}), what
 * happened to the targets in a period ({@code GET /api/v1/reports/service-levels}), and both on the admins' console
 * page {@code /console/tickets/service-levels} with the targets running, breaching and paused now.
 */
public final class ServiceLevelDesk {

    /** The longest period a report covers. */
    static final int MAX_DAYS = 366;
    static final int DEFAULT_DAYS = 7;

    /** One policy as the page shows it, every text in the reader's language. */
    public record PolicyView(String name, String appliesTo, String targets, String hours, String escalation) {
    }

    /** A custom field as the page shows it. */
    public record FieldView(String key, String label, String type, String options, String requiredFor) {
    }

    /** A macro as the page shows it: what it sets, and the canned reply it sends. */
    public record MacroView(String key, String label, String sets, String reply) {
    }

    /** A report line with the team's name. */
    public record ReportLine(String team, String policy, String target, SlaReportRow row) {
    }

    private final Tickets tickets;
    private final Templates templates;
    private final Clock clock;

    public ServiceLevelDesk(Tickets tickets, Templates templates, Clock clock) {
        this.tickets = tickets;
        this.templates = templates;
        this.clock = clock;
    }

    /** Mount before the ticket pages: their {@code /console/tickets/:number} would take the page's path. */
    public void addRoutes(Router router) {
        router.get("/api/v1/sla-policies").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ)).handler(this::policies);
        router.get("/api/v1/reports/service-levels").handler(ConsoleSecurity.require(Permission.REPORTS_VIEW))
                .handler(this::report);
        router.get("/console/tickets/service-levels").handler(ConsoleSecurity.require(Permission.REPORTS_VIEW))
                .handler(this::page);
    }

    private void policies(RoutingContext ctx) {
        SlaPolicies all = tickets.slaPolicies();
        JsonArray out = new JsonArray();
        for (SlaPolicy p : all.all()) {
            JsonObject targets = new JsonObject();
            p.targets().forEach((target, length) -> targets.put(target, length.toMinutes()));
            JsonObject fields = new JsonObject();
            p.fields().forEach((key, values) -> fields.put(key, new JsonArray(values.stream().sorted().toList())));
            out.add(new JsonObject().put("name", p.name())
                    .put("conditions", new JsonObject().put("priorities", sorted(p.priorities()))
                            .put("teams", sorted(p.teams())).put("channels", sorted(p.channels()))
                            .put("tags", sorted(p.tags())).put("regions", sorted(p.regions())).put("fields", fields))
                    .put("targetMinutes", targets).put("hours", p.businessHours() ? "business" : "calendar")
                    .put("pauseWhen", sorted(p.pauseWhen())).put("warnAtPercent", p.warnAtPercent())
                    .put("escalate", new JsonObject().put("priority", p.escalatePriority())
                            .put("team", p.escalateTeam()).put("mails", p.escalateMail().size())));
        }
        JsonObject handover = new JsonObject();
        all.handover().forEach((team, next) -> handover.put(team, new JsonArray(next)));
        ctx.response().putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("policies", out).put("handover", handover).encode());
    }

    private void report(RoutingContext ctx) {
        LocalDate[] period = period(ctx);
        if (period == null) {
            return;
        }
        tickets.serviceLevelReport(start(period[0]), start(period[1].plusDays(1))).onSuccess(rows -> {
            JsonArray out = new JsonArray();
            for (SlaReportRow r : rows) {
                out.add(new JsonObject().put("teamId", r.teamId()).put("policy", r.policy()).put("target", r.target())
                        .put("warnings", r.warnings()).put("breaches", r.breaches()).put("met", r.met())
                        .put("metInTime", r.metInTime())
                        .put("inTimePercent", r.inTimePercent() < 0 ? null : r.inTimePercent()));
            }
            ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                    .put("from", period[0].toString()).put("to", period[1].toString()).put("rows", out).encode());
        }).onFailure(ctx::fail);
    }

    private void page(RoutingContext ctx) {
        LocalDate[] period = period(ctx);
        if (period == null) {
            return;
        }
        SignedInAgent agent = ConsoleSecurity.agent(ctx);
        Messages t = ConsoleLocales.messages(ctx, agent.id());
        Map<String, String> teamNames = new HashMap<>();
        tickets.teams().forEach(e -> teamNames.put(e.getKey(), e.getValue()));
        tickets.serviceLevelReport(start(period[0]), start(period[1].plusDays(1))).compose(rows ->
                tickets.serviceLevelCounts().map(now -> {
                    Map<String, Object> model = new HashMap<>();
                    model.put("title", "Service levels");
                    model.put("wide", true);
                    model.put("agent", agent);
                    model.put("csrf", ConsoleSecurity.csrfToken(ctx));
                    model.put("t", t);
                    model.put("now", now);
                    model.put("from", period[0].toString());
                    model.put("to", period[1].toString());
                    model.put("lines", rows.stream().map(r -> new ReportLine(r.teamId() == null
                            ? t.get("ticket.no-team") : teamNames.getOrDefault(r.teamId(), r.teamId()), r.policy(),
                            t.get("ticket.sla.target." + r.target()), r)).toList());
                    model.put("policies", tickets.slaPolicies().all().stream().map(p -> view(p, t, teamNames))
                            .toList());
                    model.put("fields", tickets.customFields().stream().map(f -> new FieldView(f.key(),
                            f.label(t.lang()), t.get("sla.page.type." + f.type().wire()),
                            String.join(", ", f.options().stream().map(o -> o.label(t.lang())).toList()),
                            String.join(", ", f.requiredFor().stream().sorted()
                                    .map(st -> t.get("ticket.status." + st)).toList()))).toList());
                    model.put("macros", tickets.macros().all().stream().map(m -> new MacroView(m.key(),
                            m.label(t.lang()), sets(m.set(), t, teamNames),
                            m.replyShortcut() == null ? "–" : "/" + m.replyShortcut())).toList());
                    return model;
                })).onSuccess(model -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
                        .end(templates.render("console/service-levels", model)))
                .onFailure(ctx::fail);
    }

    private static PolicyView view(SlaPolicy p, Messages t, Map<String, String> teamNames) {
        List<String> applies = new ArrayList<>();
        if (!p.priorities().isEmpty()) {
            applies.add(t.get("ticket.field.priority") + ": " + String.join(", ", p.priorities().stream().sorted()
                    .map(v -> t.get("ticket.priority." + v)).toList()));
        }
        if (!p.teams().isEmpty()) {
            applies.add(t.get("ticket.field.team") + ": " + String.join(", ", p.teams().stream().sorted()
                    .map(v -> teamNames.getOrDefault(v, v)).toList()));
        }
        condition(applies, t.get("sla.page.channels"), p.channels());
        condition(applies, t.get("sla.page.tags"), p.tags());
        condition(applies, t.get("sla.page.regions"), p.regions());
        p.fields().forEach((key, values) -> condition(applies, key, values));
        List<String> targets = new ArrayList<>();
        for (String target : List.of(SlaPolicy.FIRST_REPLY, SlaPolicy.NEXT_REPLY, SlaPolicy.RESOLUTION)) {
            Duration d = p.targets().get(target);
            if (d != null) {
                targets.add(t.get("ticket.sla.target." + target) + " " + length(d));
            }
        }
        List<String> escalation = new ArrayList<>();
        if (p.escalatePriority() != null) {
            escalation.add(t.get("ticket.field.priority") + " → " + t.get("ticket.priority." + p.escalatePriority()));
        }
        if (p.escalateTeam() != null) {
            escalation.add(t.get("ticket.field.team") + " → " + teamNames.getOrDefault(p.escalateTeam(),
                    p.escalateTeam()));
        }
        if (!p.escalateMail().isEmpty()) {
            escalation.add(t.get("sla.page.mail", p.escalateMail().size()));
        }
        return new PolicyView(p.name(), applies.isEmpty() ? t.get("sla.page.any") : String.join("; ", applies),
                String.join(", ", targets), t.get(p.businessHours() ? "sla.page.hours.business"
                        : "sla.page.hours.calendar"), escalation.isEmpty() ? "–" : String.join(", ", escalation));
    }

    private static String sets(TicketChange set, Messages t, Map<String, String> teamNames) {
        List<String> out = new ArrayList<>();
        if (set.status() != null) {
            out.add(t.get("ticket.field.status") + " → " + t.get("ticket.status." + set.status()));
        }
        if (set.priority() != null) {
            out.add(t.get("ticket.field.priority") + " → " + t.get("ticket.priority." + set.priority()));
        }
        if (set.type() != null) {
            out.add(t.get("ticket.field.type") + " → " + t.get(set.type().isEmpty() ? "ticket.type.none"
                    : "ticket.type." + set.type()));
        }
        if (set.teamId() != null) {
            out.add(t.get("ticket.field.team") + " → " + (set.teamId().isEmpty() ? t.get("ticket.no-team")
                    : teamNames.getOrDefault(set.teamId(), set.teamId())));
        }
        if (set.fields() != null) {
            set.fields().forEach((key, value) -> out.add(key + " → " + value));
        }
        return out.isEmpty() ? "–" : String.join(", ", out);
    }

    private static void condition(List<String> out, String label, java.util.Collection<String> values) {
        if (!values.isEmpty()) {
            out.add(label + ": " + String.join(", ", values.stream().sorted().toList()));
        }
    }

    /** As the policy file writes it: 30m, 4h, 1d4h. */
    static String length(Duration d) {
        StringBuilder b = new StringBuilder();
        if (d.toDays() > 0) {
            b.append(d.toDays()).append('d');
        }
        if (d.toHoursPart() > 0) {
            b.append(d.toHoursPart()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            b.append(d.toMinutesPart()).append('m');
        }
        return b.toString();
    }

    /** {@code from} and {@code to} (dates, both included; by default the last 7 days), or null after a 400. */
    private LocalDate[] period(RoutingContext ctx) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        try {
            String toText = ctx.queryParams().get("to");
            String fromText = ctx.queryParams().get("from");
            LocalDate to = toText == null || toText.isBlank() ? today : LocalDate.parse(toText);
            LocalDate from = fromText == null || fromText.isBlank() ? to.minusDays(DEFAULT_DAYS - 1)
                    : LocalDate.parse(fromText);
            if (from.isAfter(to) || from.plusDays(MAX_DAYS).isBefore(to)) {
                Problem.send(ctx, 400, "invalid-period", "from must be on or before to, at most " + MAX_DAYS
                        + " days apart");
                return null;
            }
            return new LocalDate[] {from, to};
        } catch (DateTimeParseException e) {
            Problem.send(ctx, 400, "invalid-period", "from and to are dates such as 2026-12-01");
            return null;
        }
    }

    private static java.time.Instant start(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static JsonArray sorted(java.util.Set<String> values) {
        return new JsonArray(values.stream().sorted().toList());
    }
}
