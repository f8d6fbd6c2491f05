package io.meridian.ticket;

import io.meridian.conversation.Author;
import io.meridian.conversation.LanguagedMessage;
import io.meridian.lifecycle.Lifecycle;
import io.meridian.routing.BusinessCalendar;
import io.meridian.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What keeps tickets moving without an agent: the message path's tickets stage (a customer's reply opens a ticket
 * again, replies meet their targets, conversations of listed channels become tickets), and the node's rounds:
 * warnings and breaches of service levels every 30 seconds, handing a closed team's tickets to the next team open,
 * closing solved tickets after the configured days.
 */
public final class TicketUpkeep implements Lifecycle {

    /** Tickets one round changes at most, per write. */
    static final int CLOSE_BATCH = 200;
    static final long CLOSE_EVERY_MILLIS = 3_600_000;
    /** How often warnings and breaches of service levels, and handovers, are looked for. */
    static final long SLA_CHECK_MILLIS = 30_000;
    /** Targets counted again per write after a team's hours changed. */
    static final int RECOUNT_BATCH = 200;
    private static final Logger LOG = LoggerFactory.getLogger(TicketUpkeep.class);

    private final Vertx vertx;
    private final Tickets tickets;
    private final Store store;
    private final Clock clock;
    private final TicketRecords records;
    private final Set<String> watched;
    private final Duration closeSolvedAfter;
    private final Set<String> ticketChannels;
    private volatile SlaCounts counts = SlaCounts.NONE;
    private long closer = -1;
    private long slaTimer = -1;

    /**
     * @param closeSolvedAfter how long after solving a ticket is closed (zero: never)
     * @param ticketChannels the channels whose new conversations become tickets by themselves
     */
    public TicketUpkeep(Vertx vertx, Tickets tickets, Duration closeSolvedAfter, Set<String> ticketChannels) {
        this.vertx = vertx;
        this.tickets = tickets;
        this.store = tickets.store;
        this.clock = tickets.clock;
        this.records = tickets.records;
        this.watched = tickets.watched;
        this.closeSolvedAfter = closeSolvedAfter;
        this.ticketChannels = Set.copyOf(ticketChannels);
    }

    @Override
    public Future<Void> start() {
        return tickets.load(vertx).map(v -> {
            if (!closeSolvedAfter.isZero()) {
                closer = vertx.setPeriodic(CLOSE_EVERY_MILLIS, t -> closeSolved());
            }
            if (tickets.levels != null) {
                slaTimer = vertx.setPeriodic(SLA_CHECK_MILLIS, t -> checkServiceLevels().compose(n -> handOver())
                        .compose(n -> countServiceLevels()));
            }
            return null;
        });
    }

    @Override
    public Future<Void> stop() {
        if (closer >= 0) {
            vertx.cancelTimer(closer);
        }
        if (slaTimer >= 0) {
            vertx.cancelTimer(slaTimer);
        }
        return Future.succeededFuture();
    }

    /** Service-level targets as of the last round (every {@value #SLA_CHECK_MILLIS} ms): for JMX, never blocks. */
    public SlaCounts lastCounts() {
        return counts;
    }

    /** Counts the service-level targets now, for {@link #lastCounts}; the rounds do it after their checks. */
    public Future<SlaCounts> countServiceLevels() {
        return tickets.serviceLevelCounts().onSuccess(now -> counts = now);
    }

    /**
     * The pipeline's tickets stage: a customer's message in a conversation of a pending, on-hold or solved ticket
     * opens the ticket again (the customer answered, or came back), recorded as the customer's change, and starts
     * the next-reply target; an agent's reply meets the reply targets.
     */
    public Future<Void> messageStored(LanguagedMessage message) {
        String conversationId = message.message().conversationId();
        boolean customer = message.committed().fromCustomer();
        if (customer && message.committed().opened() && !ticketChannels.isEmpty()) {
            return madeTicket(conversationId, message.languageTag().orElse(null));
        }
        if (!watched.contains(conversationId) || !customer && message.message().author() != Author.AGENT) {
            return Future.succeededFuture();
        }
        return store.write(c -> {
            Optional<String> ticketId = records.ticketOf(c, conversationId);
            Optional<TicketRecords.Row> row = ticketId.isEmpty() ? Optional.empty() : records.find(c, ticketId.get());
            if (row.isEmpty() || TicketStatus.CLOSED.wire().equals(row.get().status())) {
                watched.remove(conversationId);
                return null;
            }
            Instant now = clock.instant();
            if (!customer) {
                if (tickets.levels != null) {
                    tickets.levels.agentReplied(c, row.get().id(), now);
                }
                return null;
            }
            String status = row.get().status();
            // Only a message written since the ticket last changed reopens it: one that waited in the message path
            // (detection under load) while an agent set the ticket pending or solved was read by that agent.
            boolean since = !message.message().createdAt().isBefore(row.get().updatedAt());
            if (since && Set.of("pending", "on-hold", "solved").contains(status)) {
                status = tickets.changed(c, Tickets.ACTOR_CUSTOMER, row.get(), status("open")).status().wire();
            }
            if (tickets.levels != null) {
                tickets.levels.customerWrote(c, row.get().id(), status, now);
            }
            return null;
        }).mapEmpty();
    }

    /** A new conversation on one of the ticket channels becomes a ticket by itself ("every e-mail is a ticket"). */
    private Future<Void> madeTicket(String conversationId, String language) {
        return tickets.conversations.conversation(conversationId).compose(found -> {
            if (found.isEmpty() || !ticketChannels.contains(found.get().channel())) {
                return Future.succeededFuture();
            }
            return tickets.createFromConversation(Tickets.ACTOR_SYSTEM, conversationId, null,
                    new TicketChange(null, null, null, null, null, null), language).<Void>mapEmpty()
                    .recover(e -> e instanceof TicketConflictException ? Future.succeededFuture()
                            : Future.failedFuture(e));
        });
    }

    /**
     * Records the service-level warnings and breaches due now, applies each breached policy's escalation, and tells
     * the assignees' consoles; completes with how many were recorded.
     */
    public Future<Integer> checkServiceLevels() {
        if (tickets.levels == null) {
            return Future.succeededFuture(0);
        }
        Instant now = clock.instant();
        List<TicketSlaNotice> told = new ArrayList<>();
        List<String> assignees = new ArrayList<>();
        int[] mailed = {0};
        return store.write(c -> {
            List<ServiceLevels.Notice> due = tickets.levels.dueNotices(c, now, CLOSE_BATCH);
            for (ServiceLevels.Notice n : due) {
                Optional<TicketRecords.Row> row = records.find(c, n.ticketId());
                if (row.isEmpty()) {
                    continue;
                }
                records.insertEvent(c, n.ticketId(), Tickets.event(Tickets.ACTOR_SYSTEM, now, n.breach() ? "sla-breach"
                        : "sla-warning", n.target(), null));
                TicketRecords.Row current = row.get();
                SlaPolicy p = n.policy();
                if (n.breach() && !p.escalateMail().isEmpty() && tickets.staffMail != null) {
                    mailed[0] += escalationMail(c, current, n, now);
                }
                String team = knownTeam(p);
                if (n.breach() && (p.escalatePriority() != null || team != null)) {
                    TicketChange escalation = new TicketChange(null, null, p.escalatePriority(), null, null, team);
                    current = records.find(c, tickets.changed(c, Tickets.ACTOR_SYSTEM, current, escalation).id())
                            .orElse(current);
                }
                told.add(new TicketSlaNotice(current.number(), n.target(), n.breach()));
                assignees.add(current.assigneeId());
            }
            return due.size();
        }).onSuccess(n -> {
            if (mailed[0] > 0) {
                tickets.staffMail.kick();
            }
            for (int i = 0; i < told.size(); i++) {
                if (assignees.get(i) != null && tickets.hub != null) {
                    tickets.hub.notifyAgent(assignees.get(i), told.get(i));
                }
            }
        });
    }

    /** The policy's escalation team if routing knows it; one that is gone is logged and left out, not stored. */
    private String knownTeam(SlaPolicy p) {
        if (p.escalateTeam() == null || tickets.teams().stream().anyMatch(t -> t.getKey().equals(p.escalateTeam()))) {
            return p.escalateTeam();
        }
        LOG.warn("Service-level policy '{}' escalates to team '{}', which the routing setup does not have: the ticket "
                + "keeps its team (fix escalate.team in the policy file)", p.name(), p.escalateTeam());
        return null;
    }

    /**
     * Queues the escalation mail of a missed target to the policy's addresses and the leads of the ticket's team (as
     * it was when the target was missed), each once; returns how many were queued.
     */
    private int escalationMail(java.sql.Connection c, TicketRecords.Row ticket, ServiceLevels.Notice n, Instant now)
            throws java.sql.SQLException {
        SlaPolicy p = n.policy();
        Set<String> to = new java.util.LinkedHashSet<>();
        for (String r : p.escalateMail()) {
            to.addAll(SlaPolicy.TEAM_LEAD.equals(r) ? tickets.levels.policies().teamLeads(ticket.teamId()) : List.of(r));
        }
        String teamName = tickets.teams().stream().filter(t -> t.getKey().equals(ticket.teamId()))
                .map(Map.Entry::getValue).findFirst().orElse(ticket.teamId());
        java.time.ZoneId zone = ticket.teamId() == null ? java.time.ZoneOffset.UTC
                : tickets.calendars.apply(ticket.teamId()).map(cal -> cal.zone()).orElse(java.time.ZoneOffset.UTC);
        String priority = p.escalatePriority() != null ? p.escalatePriority() : ticket.priority();
        SlaBreachMail mail = SlaBreachMail.of(tickets.staffMail.language(), zone, ticket.number(), n.target(), p.name(),
                teamName, priority, n.due(), tickets.publicUrl.get() + "/console/tickets/" + ticket.number());
        for (String address : to) {
            tickets.staffMail.queue(c, "sla-breach", address, mail.subject(), mail.body());
        }
        return to.size();
    }

    /**
     * Follow the sun: the open tickets (new or open) of each team whose day has ended, with a service-level clock
     * running, go to the first team of its handover list that is open now, nobody's until someone there takes them;
     * their due times are counted again in the new team's hours. Completes with how many moved.
     */
    public Future<Integer> handOver() {
        if (tickets.levels == null || tickets.handover.isEmpty()) {
            return Future.succeededFuture(0);
        }
        Instant now = clock.instant();
        Map<String, String> moves = new java.util.LinkedHashMap<>();
        tickets.handover.forEach((team, order) -> {
            boolean closed = tickets.calendars.apply(team).map(cal -> !cal.isOpen(now)).orElse(false);
            if (closed) {
                order.stream().filter(next -> tickets.calendars.apply(next).map(cal -> cal.isOpen(now)).orElse(false))
                        .findFirst().ifPresent(next -> moves.put(team, next));
            }
        });
        if (moves.isEmpty()) {
            return Future.succeededFuture(0);
        }
        return store.write(c -> {
            int moved = 0;
            for (Map.Entry<String, String> m : moves.entrySet()) {
                for (TicketRecords.Row row : records.list(c, List.of("new", "open"), null, List.of(m.getKey()),
                        CLOSE_BATCH)) {
                    if (tickets.levels.of(c, row.id()).stream().noneMatch(t -> "running".equals(t.state()))) {
                        continue;
                    }
                    records.insertEvent(c, row.id(), Tickets.event(Tickets.ACTOR_SYSTEM, now, "handover", m.getKey(),
                            m.getValue()));
                    tickets.changed(c, Tickets.ACTOR_SYSTEM, row, new TicketChange(null, null, null, null, "",
                            m.getValue()));
                    moved++;
                }
            }
            return moved;
        });
    }

    /**
     * Teams' hours changed (routing's follow-up, with their calendars {@code before}): every running target counted
     * in those hours has its open time left counted again in the new hours, in writes of {@value #RECOUNT_BATCH}
     * targets so a large backlog never holds the writer long; each ticket whose due time moved says so in its history.
     * Completes with how many targets moved.
     */
    public Future<Integer> hoursChanged(Map<String, BusinessCalendar> before) {
        if (tickets.levels == null) {
            return Future.succeededFuture(0);
        }
        Instant now = clock.instant();
        Future<Integer> moved = Future.succeededFuture(0);
        for (Map.Entry<String, BusinessCalendar> team : before.entrySet()) {
            moved = moved.compose(n -> recount(team.getKey(), team.getValue(), now, null, n));
        }
        return moved.onSuccess(n -> LOG.info("Hours of {} changed: {} service-level targets count again in the new "
                + "hours", before.keySet(), n));
    }

    private Future<Integer> recount(String team, BusinessCalendar before, Instant now, SlaRecords.Target after,
            int moved) {
        // The calendar maths runs on a reader; the writer only stores what moved, each if still the same run.
        return store.read(c -> {
            List<SlaRecords.Target> page = tickets.levels.runningIn(c, team, after, RECOUNT_BATCH);
            List<Map.Entry<SlaRecords.Target, SlaRecords.Target>> changes = new ArrayList<>();
            for (SlaRecords.Target t : page) {
                tickets.levels.recounted(t, before, now).ifPresent(next -> changes.add(Map.entry(t, next)));
            }
            return Map.entry(page, changes);
        }).compose(read -> store.write(c -> {
            int n = 0;
            for (Map.Entry<SlaRecords.Target, SlaRecords.Target> change : read.getValue()) {
                SlaRecords.Target next = change.getValue();
                if (tickets.levels.replaceRun(c, change.getKey(), next)) {
                    records.insertEvent(c, next.ticketId(), Tickets.event(Tickets.ACTOR_SYSTEM, now, "sla-recount",
                            next.target(), next.dueAt().toString()));
                    n++;
                }
            }
            return n;
        }).compose(n -> read.getKey().size() < RECOUNT_BATCH ? Future.succeededFuture(moved + n)
                : recount(team, before, now, read.getKey().get(RECOUNT_BATCH - 1), moved + n)));
    }

    /**
     * Closes the tickets solved longer ago than the configured time, in writes of {@link #CLOSE_BATCH}, recorded as
     * Meridian's change; completes with how many it closed (at most ten batches a round, so a backlog never stalls
     * the writer).
     */
    public Future<Integer> closeSolved() {
        if (closeSolvedAfter.isZero()) {
            return Future.succeededFuture(0);
        }
        return closeRound(clock.instant().minus(closeSolvedAfter), 10, 0);
    }

    private Future<Integer> closeRound(Instant before, int roundsLeft, int closed) {
        return store.write(c -> {
            List<TicketRecords.Row> due = records.solvedBefore(c, before, CLOSE_BATCH);
            for (TicketRecords.Row row : due) {
                Ticket ticket = tickets.changed(c, Tickets.ACTOR_SYSTEM, row, status("closed"));
                ticket.conversationIds().forEach(watched::remove);
            }
            return due.size();
        }).compose(n -> n == CLOSE_BATCH && roundsLeft > 1 ? closeRound(before, roundsLeft - 1, closed + n)
                : Future.succeededFuture(closed + n));
    }

    private static TicketChange status(String status) {
        return new TicketChange(null, status, null, null, null, null);
    }
}
