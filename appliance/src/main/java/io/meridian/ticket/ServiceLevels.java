package io.meridian.ticket;

import io.meridian.routing.BusinessCalendar;
import io.meridian.ticket.SlaRecords.Target;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The clocks of tickets' service-level targets, moved inside the ticket's own writes: started when the ticket is
 * made (first reply, resolution) and when the customer writes again after an answer (next reply); met by an agent's
 * reply or by solving; paused in the policy's statuses, keeping the open time left; and, when the ticket moves to
 * another team, that time left counted again in the new team's hours (follow the sun). Time is open time of the
 * team's calendar (hours, holidays) when the policy says business hours and the ticket has a team, else plain time.
 */
final class ServiceLevels {

    /** A warning or breach to record: the target, which it is, and the policy's escalation. */
    record Notice(String ticketId, String target, boolean breach, SlaPolicy policy, Instant due) {
    }

    /** A target's due time moved (a new team's hours). */
    record Moved(String target, Instant due) {
    }

    private static final Set<String> DONE = Set.of("solved", "closed");
    private final SlaPolicies policies;
    private final Function<String, Optional<BusinessCalendar>> calendars;
    private final SlaRecords records = new SlaRecords();

    ServiceLevels(SlaPolicies policies, Function<String, Optional<BusinessCalendar>> calendars) {
        this.policies = policies;
        this.calendars = calendars;
    }

    /**
     * The policy for a new ticket, if any, whose first-reply and resolution targets start {@code now} (paused at once
     * for a ticket made in one of the policy's pause statuses; none for one made solved).
     */
    Optional<String> start(Connection c, String ticketId, SlaPolicy.Facts facts, String status, Instant now)
            throws SQLException {
        Optional<SlaPolicy> policy = policies.of(facts);
        if (policy.isEmpty() || DONE.contains(status)) {
            return Optional.empty();
        }
        SlaPolicy p = policy.get();
        String team = teamFor(p, facts.teamId());
        for (String target : List.of(SlaPolicy.FIRST_REPLY, SlaPolicy.RESOLUTION)) {
            Duration length = p.targets().get(target);
            if (length != null) {
                Target started = run(ticketId, target, p, length.toMillis(), team, now, length.toMillis(), null, null);
                records.put(c, p.pauseWhen().contains(status) ? ended(started, "paused", now) : started);
            }
        }
        return Optional.of(p.name());
    }

    /** The policies in force. */
    SlaPolicies policies() {
        return policies;
    }

    /**
     * An agent changed what chooses the policy (priority, team, custom fields): if another policy is the first to
     * match now, the ticket's targets move to it, keeping the time already used (a target of 8 h with 3 h used
     * becomes, under a 4 h target, one with 1 h left, due from now in the team's hours; one used up is overdue).
     * Targets the new policy lacks stop; its resolution target starts if the ticket had none. A ticket no policy
     * matches keeps the one it has. Returns the policy before, if it changed.
     */
    Optional<String> rechoose(Connection c, String ticketId, SlaPolicy.Facts facts, String status, Instant now)
            throws SQLException {
        Optional<SlaPolicy> chosen = policies.of(facts);
        List<Target> targets = records.of(c, ticketId);
        String was = targets.isEmpty() ? "" : targets.get(0).policy();
        if (chosen.isEmpty() || chosen.get().name().equals(was) || DONE.contains(status)) {
            return Optional.empty();
        }
        SlaPolicy p = chosen.get();
        String team = teamFor(p, facts.teamId());
        for (Target t : targets) {
            Duration length = p.targets().get(t.target());
            if (length == null) {
                records.put(c, isLive(t.state()) ? renamed(ended(t, "stopped", now), p.name(), t.targetMillis())
                        : renamed(t, p.name(), t.targetMillis()));
                continue;
            }
            long used = t.targetMillis() - ("running".equals(t.state()) ? left(t, now) : t.remainingMillis());
            long left = length.toMillis() - used;
            if ("running".equals(t.state())) {
                records.put(c, run(ticketId, t.target(), p, length.toMillis(), team, now, left,
                        left > 0 ? null : t.warnedAt(), left > 0 ? null : t.breachedAt()));
            } else if ("paused".equals(t.state()) && !p.pauseWhen().contains(status)) {
                records.put(c, run(ticketId, t.target(), p, length.toMillis(), team, now, left, null, null));
            } else if ("paused".equals(t.state())) {
                records.put(c, new Target(ticketId, t.target(), p.name(), length.toMillis(), "paused", team,
                        t.runStartedAt(), left, null, null, null, null, null));
            } else {
                records.put(c, renamed(t, p.name(), length.toMillis()));
            }
        }
        Duration resolution = p.targets().get(SlaPolicy.RESOLUTION);
        if (resolution != null && targets.stream().noneMatch(t -> SlaPolicy.RESOLUTION.equals(t.target()))) {
            Target started = run(ticketId, SlaPolicy.RESOLUTION, p, resolution.toMillis(), team, now,
                    resolution.toMillis(), null, null);
            records.put(c, p.pauseWhen().contains(status) ? ended(started, "paused", now) : started);
        }
        return Optional.of(was);
    }

    private static Target renamed(Target t, String policy, long targetMillis) {
        return new Target(t.ticketId(), t.target(), policy, targetMillis, t.state(), t.calendarTeam(),
                t.runStartedAt(), t.remainingMillis(), t.dueAt(), t.warnAt(), t.warnedAt(), t.breachedAt(),
                t.metAt());
    }

    /** The ticket's targets now. */
    List<Target> of(Connection c, String ticketId) throws SQLException {
        return records.of(c, ticketId);
    }

    /** The status changed: targets pause, resume, are met (resolution by solving) or stop (replies by solving). */
    void statusChanged(Connection c, String ticketId, String to, Instant now) throws SQLException {
        for (Target t : records.of(c, ticketId)) {
            SlaPolicy p = policy(t);
            boolean resolution = SlaPolicy.RESOLUTION.equals(t.target());
            String state = t.state();
            if (DONE.contains(to)) {
                if (isLive(state)) {
                    records.put(c, ended(t, resolution ? "met" : "stopped", now));
                }
            } else if (p.pauseWhen().contains(to)) {
                if ("running".equals(state)) {
                    records.put(c, ended(t, "paused", now));
                } else if (resolution && "met".equals(state)) {
                    records.put(c, withState(t, "paused", null));
                }
            } else if ("paused".equals(state) || resolution && "met".equals(state)) {
                records.put(c, run(t.ticketId(), t.target(), p, t.targetMillis(), t.calendarTeam(), now,
                        t.remainingMillis(), t.warnedAt(), t.breachedAt()));
            }
        }
    }

    /**
     * The ticket moved to {@code teamId}: each running target's open time left, counted in the old team's hours, is
     * counted again from now in the new team's. Returns the targets whose due time moved.
     */
    List<Moved> teamChanged(Connection c, String ticketId, String teamId, Instant now) throws SQLException {
        List<Moved> moved = new ArrayList<>();
        for (Target t : records.of(c, ticketId)) {
            SlaPolicy p = policy(t);
            String team = teamFor(p, teamId);
            if ("paused".equals(t.state())) {
                records.put(c, new Target(t.ticketId(), t.target(), t.policy(), t.targetMillis(), t.state(), team,
                        t.runStartedAt(), t.remainingMillis(), null, null, t.warnedAt(), t.breachedAt(), null));
            } else if ("running".equals(t.state())) {
                Target next = run(t.ticketId(), t.target(), p, t.targetMillis(), team, now, left(t, now),
                        t.warnedAt(), t.breachedAt());
                records.put(c, next);
                if (!next.dueAt().equals(t.dueAt())) {
                    moved.add(new Moved(t.target(), next.dueAt()));
                }
            }
        }
        return moved;
    }

    /**
     * The hours of the team a running target is counted in changed at {@code now}: the open time it had left, counted
     * in the hours {@code before}, counted again from now in the hours in force. Empty if its due time stays. A target
     * already overdue stays so; one started again since the change is counted in the new hours already. Computes
     * only: {@link #replaceRun} stores it.
     */
    Optional<Target> recounted(Target t, BusinessCalendar before, Instant now) {
        if (!"running".equals(t.state()) || !t.dueAt().isAfter(now) || !t.runStartedAt().isBefore(now)) {
            return Optional.empty();
        }
        long left = before.openTimeBetween(now, t.dueAt()).toMillis();
        if (left <= 0) {
            return Optional.empty();
        }
        Target next = run(t.ticketId(), t.target(), policy(t), t.targetMillis(), t.calendarTeam(), now, left,
                t.warnedAt(), t.breachedAt());
        return next.dueAt().equals(t.dueAt()) ? Optional.empty() : Optional.of(next);
    }

    /** Stores {@code next} for the run {@code was} if nothing changed it meanwhile; returns whether it did. */
    boolean replaceRun(Connection c, Target was, Target next) throws SQLException {
        return records.replaceRun(c, was, next);
    }

    /** A page of the running targets counted in {@code team}'s hours, after the given one in key order. */
    List<Target> runningIn(Connection c, String team, Target after, int limit) throws SQLException {
        return records.runningIn(c, team, after == null ? null : after.ticketId(), after == null ? null : after.target(),
                limit);
    }

    /** An agent answered: the first-reply and next-reply targets are met. */
    void agentReplied(Connection c, String ticketId, Instant now) throws SQLException {
        for (Target t : records.of(c, ticketId)) {
            if (!SlaPolicy.RESOLUTION.equals(t.target()) && isLive(t.state())) {
                records.put(c, ended(t, "met", now));
            }
        }
    }

    /**
     * The customer wrote: once the first reply is met (or the policy has none), the next-reply target starts, unless
     * it runs already.
     */
    void customerWrote(Connection c, String ticketId, String status, Instant now) throws SQLException {
        List<Target> targets = records.of(c, ticketId);
        if (targets.isEmpty() || DONE.contains(status)) {
            return;
        }
        SlaPolicy p = policy(targets.get(0));
        Duration next = p.targets().get(SlaPolicy.NEXT_REPLY);
        boolean waiting = targets.stream().anyMatch(t -> !SlaPolicy.RESOLUTION.equals(t.target())
                && isLive(t.state()));
        if (next == null || waiting) {
            return;
        }
        String team = targets.get(0).calendarTeam();
        Target started = run(ticketId, SlaPolicy.NEXT_REPLY, p, next.toMillis(), team, now, next.toMillis(), null,
                null);
        records.put(c, p.pauseWhen().contains(status) ? ended(started, "paused", now) : started);
    }

    /**
     * The warnings and breaches due at {@code now}, recorded as given (at most {@code limit}); a breach also counts as
     * the warning.
     */
    List<Notice> dueNotices(Connection c, Instant now, int limit) throws SQLException {
        List<Notice> out = new ArrayList<>();
        for (Target t : records.dueForNotice(c, now, limit)) {
            boolean breach = t.breachedAt() == null && !t.dueAt().isAfter(now);
            records.put(c, new Target(t.ticketId(), t.target(), t.policy(), t.targetMillis(), t.state(),
                    t.calendarTeam(), t.runStartedAt(), t.remainingMillis(), t.dueAt(), t.warnAt(),
                    t.warnedAt() == null ? now : t.warnedAt(), breach ? now : t.breachedAt(), t.metAt()));
            out.add(new Notice(t.ticketId(), t.target(), breach, policy(t), t.dueAt()));
        }
        return out;
    }

    /** The tickets with a target running that falls due before {@code before}, overdue ones included. */
    List<String> dueBefore(Connection c, Instant before, int limit) throws SQLException {
        return records.ticketsDueBefore(c, before, limit);
    }

    private Target run(String ticketId, String target, SlaPolicy p, long targetMillis, String team, Instant now,
            long remaining, Instant warnedAt, Instant breachedAt) {
        Instant due = dueOf(team, now, remaining);
        long warnAmount = remaining - targetMillis * (100 - p.warnAtPercent()) / 100;
        Instant warnAt = warnAmount <= 0 ? now : dueOf(team, now, warnAmount);
        return new Target(ticketId, target, p.name(), targetMillis, "running", team, now, remaining, due, warnAt,
                warnedAt, breachedAt, null);
    }

    /** The run ends ({@code paused}, {@code met}, {@code stopped}), keeping the open time it had left. */
    private Target ended(Target t, String state, Instant now) {
        long left = "running".equals(t.state()) ? left(t, now) : t.remainingMillis();
        return new Target(t.ticketId(), t.target(), t.policy(), t.targetMillis(), state, t.calendarTeam(), now, left,
                "met".equals(state) ? t.dueAt() : null, null, t.warnedAt(), t.breachedAt(),
                "met".equals(state) ? now : null);
    }

    private static Target withState(Target t, String state, Instant metAt) {
        return new Target(t.ticketId(), t.target(), t.policy(), t.targetMillis(), state, t.calendarTeam(),
                t.runStartedAt(), t.remainingMillis(), null, null, t.warnedAt(), t.breachedAt(), metAt);
    }

    /** Open time left of a running target at {@code now}; negative (plain time) once overdue. */
    private long left(Target t, Instant now) {
        if (!t.dueAt().isAfter(now)) {
            return -Duration.between(t.dueAt(), now).toMillis();
        }
        return calendar(t.calendarTeam()).map(cal -> cal.openTimeBetween(now, t.dueAt()).toMillis())
                .orElse(Duration.between(now, t.dueAt()).toMillis());
    }

    private Instant dueOf(String team, Instant from, long millis) {
        if (millis <= 0) {
            return from.plusMillis(millis);
        }
        return calendar(team).flatMap(cal -> cal.afterOpenTime(from, Duration.ofMillis(millis)))
                .orElse(from.plusMillis(millis));
    }

    private Optional<BusinessCalendar> calendar(String team) {
        return team == null ? Optional.empty() : calendars.apply(team);
    }

    /** The team whose hours count: the ticket's, where the policy counts business hours and the team exists. */
    private String teamFor(SlaPolicy p, String teamId) {
        return p.businessHours() && teamId != null && calendars.apply(teamId).isPresent() ? teamId : null;
    }

    /** The policy a target was started under; a policy removed from the file since counts as the targets say. */
    private SlaPolicy policy(Target t) {
        return policies.all().stream().filter(p -> p.name().equals(t.policy())).findFirst()
                .orElse(new SlaPolicy(t.policy(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Map.of(), Map.of(),
                        t.calendarTeam() != null, Set.of("pending", "on-hold"), 75, null, null, List.of()));
    }

    private static boolean isLive(String state) {
        return "running".equals(state) || "paused".equals(state);
    }
}
