package io.meridian.ticket;

import io.meridian.console.LocaleTemplates;
import io.meridian.conversation.Author;
import io.meridian.conversation.ChatHub;
import io.meridian.conversation.ChatMessage;
import io.meridian.conversation.ConversationService;
import io.meridian.routing.BusinessCalendar;
import io.meridian.staffmail.StaffMail;
import io.meridian.security.SignedInAgent;
import io.meridian.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Tickets: creating one for a customer (from one of their conversations, or for the contact directly), reading and
 * listing them, and changing their fields, each change recorded in the ticket's audit trail in the same transaction,
 * with its service levels moved along ({@link ServiceLevels}). The subject and the handover note are sealed under the
 * requester's key, like everything else personal. What changes tickets without an agent is {@link TicketUpkeep}'s.
 */
public final class Tickets {

    /** Who changed a ticket when no agent did: the customer (by writing), or Meridian (closing a solved one). */
    public static final String CUSTOMER = "customer";
    public static final String SYSTEM = "system";

    public static final int MAX_SUBJECT_CHARS = 200;
    /** Tickets one list returns at most. */
    public static final int MAX_LISTED = 200;
    public static final List<String> TYPES = List.of("question", "incident", "problem", "task");
    /** The views of the ticket list, in the order the console shows them. */
    public static final List<String> VIEWS = List.of("mine", "unassigned", "my-teams", "breaching", "open", "pending",
            "solved");
    private static final List<String> UNSOLVED = List.of("new", "open", "pending", "on-hold");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Cf}&&[^\\t]]");

    /** The agents a ticket may be assigned to, and every account (the names its history shows). */
    public interface Agents {

        /** Accounts not deactivated. */
        Future<List<SignedInAgent>> active();

        /** Every account, deactivated ones too. */
        Future<List<SignedInAgent>> all();
    }

    final Store store;
    final Clock clock;
    final ConversationService conversations;
    private final String prefix;
    private final Agents agents;
    private final Supplier<List<Map.Entry<String, String>>> teams;
    private final Function<SignedInAgent, List<String>> teamsOf;
    final TicketRecords records = new TicketRecords();
    /** The conversations of tickets not closed: only their customers' messages can change a ticket. */
    final Set<String> watched = ConcurrentHashMap.newKeySet();
    private TicketNotices notices;
    volatile ServiceLevels levels;
    volatile Map<String, List<String>> handover = Map.of();
    private volatile TicketFields customFields = new TicketFields(List.of());
    private Path fieldsFile;
    private volatile TicketMacros macros = new TicketMacros(List.of());
    private Path macrosFile;
    private Path policyFile;
    Function<String, Optional<BusinessCalendar>> calendars;
    private Function<String, Future<List<String>>> tagsOf = contact -> Future.succeededFuture(List.of());
    private String region;
    ChatHub hub;
    StaffMail staffMail;
    Supplier<String> publicUrl = () -> "";
    /** How far ahead the "breaching soon" view looks. */
    static final Duration BREACHING_SOON = Duration.ofHours(1);

    /**
     * @param prefix the numbers' prefix ({@code EU} makes {@code EU-10001})
     * @param teams the teams a ticket may be given to, id and name
     * @param teamsOf an agent's own teams (the "my teams" view)
     */
    public Tickets(Store store, Clock clock, ConversationService conversations, String prefix, Agents agents,
            Supplier<List<Map.Entry<String, String>>> teams, Function<SignedInAgent, List<String>> teamsOf) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.conversations = Objects.requireNonNull(conversations, "conversations");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.agents = agents;
        this.teams = teams;
        this.teamsOf = teamsOf;
    }

    /** Keeps the custom fields {@code file} defines (conf/ticket-fields.yaml), read by {@link #load}. */
    public Tickets withCustomFields(Path file) {
        this.fieldsFile = file;
        return this;
    }

    /** Keeps the macros {@code file} defines (conf/ticket-macros.yaml), read by {@link #load}. */
    public Tickets withMacros(Path file) {
        this.macrosFile = file;
        return this;
    }

    /** The macros in force. */
    public TicketMacros macros() {
        return macros;
    }

    /** The custom fields in force, in the order the ticket page shows them. */
    public List<TicketField> customFields() {
        return customFields.all();
    }

    /**
     * Reads the service-level policies (a mistake fails, naming the file, the policy and the key) and which
     * conversations belong to tickets not closed. Called once, by {@link TicketUpkeep#start}.
     */
    Future<Void> load(Vertx vertx) {
        Future<Void> read = policyFile == null ? Future.succeededFuture()
                : vertx.executeBlocking(() -> SlaPolicies.read(policyFile), false).map(policies -> {
                    levels = new ServiceLevels(policies, calendars);
                    handover = policies.handover();
                    return null;
                });
        Future<Void> fieldsRead = fieldsFile == null ? Future.succeededFuture()
                : vertx.executeBlocking(() -> TicketFields.read(fieldsFile), false).map(f -> {
                    customFields = f;
                    return null;
                });
        Future<Void> macrosRead = macrosFile == null ? Future.succeededFuture()
                : vertx.executeBlocking(() -> TicketMacros.read(macrosFile), false).map(m -> {
                    macros = m;
                    return null;
                });
        return read.compose(v -> fieldsRead).compose(v -> macrosRead)
                .map(v -> {
                    if (levels != null) {
                        levels.policies().checkFields(policyFile, customFields);
                    }
                    return v;
                })
                .compose(v -> store.read(records::conversationsOfOpenTickets))
                .map(ids -> {
            watched.addAll(ids);
            return null;
        });
    }

    /** The agents a ticket may be assigned to. */
    public Future<List<SignedInAgent>> assignable() {
        return agents.active();
    }

    /**
     * Mails a missed target's escalation, where a policy says {@code notify}, through {@code staffMail}, linking to the
     * ticket under {@code publicUrl}.
     */
    public Tickets escalatingBy(StaffMail staffMail, Supplier<String> publicUrl) {
        this.staffMail = staffMail;
        this.publicUrl = publicUrl;
        return this;
    }

    /** The service-level policies in force; none when tickets keep no service levels. */
    public SlaPolicies slaPolicies() {
        ServiceLevels l = levels;
        return l == null ? new SlaPolicies(List.of()) : l.policies();
    }

    /** The service-level report of [{@code from}, {@code to}): see {@link SlaReportRow}. */
    public Future<List<SlaReportRow>> serviceLevelReport(Instant from, Instant to) {
        return store.read(c -> new SlaRecords().report(c, from, to));
    }

    /** Service-level targets running, overdue and paused now. */
    public Future<SlaCounts> serviceLevelCounts() {
        Instant now = clock.instant();
        return store.read(c -> new SlaRecords().counts(c, now));
    }

    /** Every account, for the names a ticket's history shows. */
    public Future<List<SignedInAgent>> everyAgent() {
        return agents.all();
    }

    /** The teams a ticket may be given to: id and name. */
    public List<Map.Entry<String, String>> teams() {
        return teams.get();
    }

    /**
     * Tells customers, in their language, when a ticket is made from their conversation and when it is solved
     * ({@code <templatesDir>/<locale>/ticket-created.vm}, {@code ticket-solved.vm}).
     */
    public Tickets tellingCustomers(ChatHub hub, Path templatesDir) {
        this.notices = new TicketNotices(new LocaleTemplates(templatesDir), hub);
        return this;
    }

    /**
     * Keeps service levels by {@code policies} (conf/sla.yaml), counted in the hours of each ticket's team
     * ({@code calendars}), chosen by the requester's tags ({@code tagsOf}) among other facts and this node's
     * {@code region}; warnings and breaches go to the assignee's consoles through {@code hub}. The file is read by
     * {@link #load}.
     */
    public Tickets keepingServiceLevels(Path policyFile, Function<String, Optional<BusinessCalendar>> calendars,
            Function<String, Future<List<String>>> tagsOf, String region, ChatHub hub) {
        this.policyFile = policyFile;
        this.calendars = calendars;
        this.tagsOf = tagsOf;
        this.region = region;
        this.hub = hub;
        return this;
    }

    /** The service-level targets of a ticket, in the order first reply, next reply, resolution. */
    public Future<List<ServiceLevel>> serviceLevels(String ticketId) {
        if (levels == null) {
            return Future.succeededFuture(List.of());
        }
        return store.read(c -> levels.of(c, ticketId).stream().map(t -> new ServiceLevel(t.target(), t.policy(),
                t.state(), t.dueAt(), t.breachedAt(), t.metAt(), t.remainingMillis())).toList());
    }

    /** The numbers' prefix in force. */
    public String prefix() {
        return prefix;
    }

    /**
     * A new ticket for the customer of {@code conversationId}, which belongs to it from now on. The subject, when
     * blank, is the start of the customer's first message. Fails with {@link NoSuchElementException} for an unknown
     * conversation, {@link TicketConflictException} naming the ticket it already belongs to,
     * {@link IllegalArgumentException} for a value out of range.
     */
    public Future<Ticket> createFromConversation(SignedInAgent by, String conversationId, String subject,
            TicketChange fields) {
        return createFromConversation(Actor.of(by), conversationId, subject, fields, null);
    }

    /**
     * As {@link #createFromConversation(SignedInAgent, String, String, TicketChange)}, by anyone; {@code language}:
     * the customer's language as the message path just detected it (null: as the conversation's facts say), for
     * the notice.
     */
    Future<Ticket> createFromConversation(Actor by, String conversationId, String subject, TicketChange fields,
            String language) {
        if (conversationId == null || !ID.matcher(conversationId).matches()) {
            return Future.failedFuture(new NoSuchElementException("no conversation " + conversationId));
        }
        return conversations.conversation(conversationId).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(new NoSuchElementException("no conversation " + conversationId));
            }
            Future<String> titled = subject != null && !subject.isBlank() ? Future.succeededFuture(subject)
                    : conversations.messages(conversationId, 0, 20).map(Tickets::subjectFrom);
            return titled.compose(s -> create(by, found.get().contactId(), conversationId, s, fields, language));
        });
    }

    /** A new ticket for the contact {@code contactId}; fails as {@link #createFromConversation} does. */
    public Future<Ticket> createForContact(SignedInAgent by, String contactId, String subject, TicketChange fields) {
        if (contactId == null || !ID.matcher(contactId).matches()) {
            return Future.failedFuture(new NoSuchElementException("no contact " + contactId));
        }
        return create(Actor.of(by), contactId, null, subject, fields, null);
    }

    private Future<Ticket> create(Actor by, String contactId, String conversationId, String subject,
            TicketChange fields, String language) {
        Future<String> channel = conversationId == null ? Future.succeededFuture(null)
                : conversations.conversation(conversationId).map(found -> found.map(s -> s.channel()).orElse(null));
        return checked(fields).compose(ok -> channel).compose(ch -> (levels == null
                ? Future.succeededFuture(List.<String>of()) : tagsOf.apply(contactId)).map(tags -> new SlaPolicy.Facts(
                        fields.priority() == null ? TicketPriority.NORMAL.wire() : fields.priority(),
                        blankToNull(fields.teamId()), ch, Set.copyOf(tags), region, normalisedFields(fields))))
                .compose(facts -> {
            String title = subjectOf(subject == null || subject.isBlank() ? null : subject);
            TicketPriority priority = fields.priority() == null ? TicketPriority.NORMAL
                    : TicketPriority.parse(fields.priority());
            String assignee = blankToNull(fields.assigneeId());
            TicketStatus status = fields.status() != null ? TicketStatus.parse(fields.status())
                    : assignee != null ? TicketStatus.OPEN : TicketStatus.NEW;
            if (status == TicketStatus.CLOSED) {
                throw new IllegalArgumentException("a new ticket cannot be closed; solve it first");
            }
            String id = UUID.randomUUID().toString();
            Instant now = clock.instant();
            return store.write(c -> {
                if (conversationId != null) {
                    Optional<String> existing = records.ticketOf(c, conversationId);
                    if (existing.isPresent()) {
                        throw new TicketConflictException("the conversation belongs to ticket "
                                + records.find(c, existing.get()).map(TicketRecords.Row::number).orElse("?"));
                    }
                }
                byte[] sealed = conversations.sealForContact(c, contactId, "tickets", id, "subject_sealed", title);
                String number = prefix + "-" + records.nextNumber(c, prefix);
                TicketRecords.Row inserted = new TicketRecords.Row(id, number, contactId, sealed, status.wire(),
                        priority.wire(), blankToNull(fields.type()), assignee, blankToNull(fields.teamId()),
                        by.id(), now, now, status == TicketStatus.SOLVED ? now : null);
                records.insert(c, inserted);
                records.insertEvent(c, id, event(by, now, "created", null, number));
                Map<String, String> values = new java.util.HashMap<>();
                for (Map.Entry<String, String> f : fields.fields() == null ? Map.<String, String>of().entrySet()
                        : fields.fields().entrySet()) {
                    TicketField field = customFields.field(f.getKey()).orElseThrow();
                    String value = field.normalised(f.getValue());
                    if (value != null) {
                        putField(c, inserted, field, value);
                        values.put(field.key(), value);
                    }
                }
                if (by.isAgent()) {
                    requireFields(status.wire(), values);
                }
                if (levels != null) {
                    Optional<String> policy = levels.start(c, id, facts, status.wire(), now);
                    if (policy.isPresent()) {
                        records.insertEvent(c, id, event(by, now, "sla-policy", null, policy.get()));
                    }
                }
                if (conversationId != null) {
                    records.link(c, id, conversationId, now);
                    records.insertEvent(c, id, event(by, now, "conversation", null, conversationId));
                }
                return read(c, id).orElseThrow();
            }).onSuccess(made -> {
                if (conversationId != null) {
                    watched.add(conversationId);
                    tell("created", made, "1", language);
                }
            });
        });
    }

    /** The ticket with this id or number ({@code eu-10001} as {@code EU-10001}). */
    public Future<Optional<Ticket>> ticket(String idOrNumber) {
        if (idOrNumber == null || !ID.matcher(idOrNumber).matches()) {
            return Future.succeededFuture(Optional.empty());
        }
        // Ids are lower-case UUIDs, numbers upper case: a number typed in lower case is still found.
        String key = idOrNumber.length() == 36 ? idOrNumber : idOrNumber.toUpperCase(java.util.Locale.ROOT);
        return store.read(c -> read(c, key));
    }

    /** Every ticket of these contacts (one customer's merged contacts), oldest first per contact. */
    public Future<List<Ticket>> ofContacts(List<String> contactIds) {
        return store.read(c -> {
            List<Ticket> out = new ArrayList<>();
            for (String contactId : contactIds) {
                for (String id : records.idsOfContact(c, contactId)) {
                    read(c, id).ifPresent(out::add);
                }
            }
            return out;
        });
    }

    /** The ticket a conversation belongs to, if any. */
    public Future<Optional<Ticket>> ofConversation(String conversationId) {
        return store.read(c -> {
            Optional<String> id = records.ticketOf(c, conversationId);
            return id.isPresent() ? read(c, id.get()) : Optional.<Ticket>empty();
        });
    }

    /** A ticket's audit trail, oldest first; empty for an unknown ticket. */
    public Future<List<TicketEvent>> events(String ticketId) {
        return store.read(c -> records.events(c, ticketId));
    }

    /**
     * The tickets of {@code view} (one of {@link #VIEWS}) for {@code agent}, the most recently updated first, at
     * most {@link #MAX_LISTED}; fails with {@link IllegalArgumentException} for another view.
     */
    public Future<List<Ticket>> list(SignedInAgent agent, String view) {
        return list(agent, view, null, null);
    }

    /**
     * As {@link #list(SignedInAgent, String)}, only tickets whose custom field {@code fieldKey} holds
     * {@code fieldValue} (a number, drop-down, date or checkbox field; a text field is sealed and cannot be searched
     * so). Fails with {@link IllegalArgumentException} for an unknown field or a value it cannot hold.
     */
    public Future<List<Ticket>> list(SignedInAgent agent, String view, String fieldKey, String fieldValue) {
        String filterValue;
        if (fieldKey != null) {
            Optional<TicketField> field = customFields.field(fieldKey);
            try {
                if (field.isEmpty() || field.get().type() == TicketField.Type.TEXT) {
                    throw new IllegalArgumentException("field must be a custom field that is not text");
                }
                filterValue = field.get().normalised(fieldValue);
                if (filterValue == null) {
                    throw new IllegalArgumentException("give the value to list tickets by");
                }
            } catch (IllegalArgumentException e) {
                return Future.failedFuture(e);
            }
        } else {
            filterValue = null;
        }
        if ("breaching".equals(view)) {
            // A target running that falls due within the hour, or is overdue; the soonest first.
            Instant soon = clock.instant().plus(BREACHING_SOON);
            return levels == null ? Future.succeededFuture(List.of()) : store.read(c -> {
                List<Ticket> out = new ArrayList<>();
                for (String id : levels.dueBefore(c, soon, MAX_LISTED)) {
                    Optional<TicketRecords.Row> row = records.find(c, id);
                    if (row.isPresent()) {
                        out.add(ticket(c, row.get(), List.of()));
                    }
                }
                return out;
            });
        }
        List<String> statuses;
        String assignee = null;
        List<String> inTeams = null;
        switch (view == null ? "" : view) {
            case "mine" -> {
                statuses = UNSOLVED;
                assignee = agent.id();
            }
            case "unassigned" -> {
                statuses = UNSOLVED;
                assignee = "";
            }
            case "my-teams" -> {
                statuses = UNSOLVED;
                inTeams = teamsOf.apply(agent);
            }
            case "open" -> statuses = UNSOLVED;
            case "pending" -> statuses = List.of("pending", "on-hold");
            case "solved" -> statuses = List.of("solved", "closed");
            default -> {
                return Future.failedFuture(new IllegalArgumentException("view must be one of "
                        + String.join(", ", VIEWS)));
            }
        }
        List<String> s = statuses;
        String a = assignee;
        List<String> t = inTeams;
        return store.read(c -> {
            List<Ticket> out = new ArrayList<>();
            for (TicketRecords.Row row : records.list(c, s, a, t, fieldKey, filterValue, MAX_LISTED)) {
                out.add(ticket(c, row, List.of()));
            }
            return out;
        });
    }

    /**
     * Changes the ticket's fields and records each change. Assigning a new ticket opens it; solving it records when;
     * any other status reopens a solved one. Fails with {@link NoSuchElementException} for an unknown ticket,
     * {@link TicketConflictException} for a closed one or closing one not solved, {@link IllegalArgumentException}
     * for a value out of range.
     */
    public Future<Ticket> change(SignedInAgent by, String idOrNumber, TicketChange asked) {
        return ticket(idOrNumber).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(new NoSuchElementException("no ticket " + idOrNumber));
            }
            // A value sent back as it is stored changes nothing, even one no longer among a drop-down's options.
            TicketChange change = asked.withoutFieldsAsTheyAre(found.get().fields());
            return checked(change).compose(ok -> change(by, found.get(), change));
        });
    }

    /** Applies a checked {@code change} to {@code before}; chooses the policy again if what chooses it changed. */
    private Future<Ticket> change(SignedInAgent by, Ticket before, TicketChange change) {
        String id = before.id();
        boolean choosing = levels != null
                && (change.priority() != null || change.teamId() != null || change.fields() != null);
        Future<SlaPolicy.Facts> facts = choosing ? policyFacts(before) : Future.succeededFuture();
        return facts.compose(base -> store.write(c -> {
            TicketRecords.Row row = records.find(c, id).orElseThrow(() -> new NoSuchElementException(id));
            Ticket t = changed(c, Actor.of(by), row, change);
            if (base == null) {
                return t;
            }
            Optional<String> was = levels.rechoose(c, id, base.with(t.priority().wire(), t.teamId(), t.fields()),
                    t.status().wire(), clock.instant());
            if (was.isPresent()) {
                records.insertEvent(c, id, event(Actor.of(by), clock.instant(), "sla-policy", blankToNull(was.get()),
                        levels.of(c, id).get(0).policy()));
            }
            return t;
        })).onSuccess(t -> {
            if (t.status() == TicketStatus.CLOSED) {
                t.conversationIds().forEach(watched::remove);
            }
            if (t.status() == TicketStatus.SOLVED && before.status() != TicketStatus.SOLVED) {
                tell("solved", t, String.valueOf(t.solvedAt().toEpochMilli()), null);
            }
        });
    }

    /** Applies {@code change} in the caller's write and records it; see {@link #change}. */
    Ticket changed(Connection c, Actor by, TicketRecords.Row row, TicketChange change)
            throws SQLException {
        TicketStatus was = TicketStatus.parse(row.status());
        if (was == TicketStatus.CLOSED) {
            throw new TicketConflictException("ticket " + row.number() + " is closed; open a new one");
        }
        Instant now = clock.instant();
        List<TicketEvent> events = new ArrayList<>();
        byte[] subject = row.subjectSealed();
        if (change.subject() != null) {
            String title = subjectOf(change.subject());
            String old = conversations.openForContact(c, row.contactId(), "tickets", row.id(), "subject_sealed",
                    row.subjectSealed());
            if (!old.equals(title)) {
                subject = conversations.sealForContact(c, row.contactId(), "tickets", row.id(), "subject_sealed",
                        title);
                events.add(event(by, now, "subject", null, null));
            }
        }
        String assignee = change.assigneeId() == null ? row.assigneeId() : blankToNull(change.assigneeId());
        TicketStatus status = change.status() != null ? TicketStatus.parse(change.status())
                : was == TicketStatus.NEW && assignee != null ? TicketStatus.OPEN : was;
        if (status == TicketStatus.CLOSED && was != TicketStatus.SOLVED) {
            throw new TicketConflictException("only a solved ticket can be closed; ticket " + row.number() + " is "
                    + was.wire());
        }
        String priority = change.priority() == null ? row.priority() : TicketPriority.parse(change.priority()).wire();
        String type = change.type() == null ? row.type() : blankToNull(change.type());
        String team = change.teamId() == null ? row.teamId() : blankToNull(change.teamId());
        note(events, by, now, "status", row.status(), status.wire());
        note(events, by, now, "priority", row.priority(), priority);
        note(events, by, now, "type", row.type(), type);
        note(events, by, now, "assignee", row.assigneeId(), assignee);
        note(events, by, now, "team", row.teamId(), team);
        Map<String, String> current = ticket(c, row, List.of()).fields();
        Map<String, String> next = new java.util.HashMap<>(current);
        if (change.fields() != null) {
            for (Map.Entry<String, String> f : change.fields().entrySet()) {
                TicketField field = customFields.field(f.getKey()).orElseThrow();
                String value = field.normalised(f.getValue());
                if (!Objects.equals(value, current.get(f.getKey()))) {
                    putField(c, row, field, value);
                    boolean personal = field.type() == TicketField.Type.TEXT;
                    events.add(event(by, now, "field:" + field.key(), personal ? null : current.get(field.key()),
                            personal ? null : value));
                }
                if (value == null) {
                    next.remove(f.getKey());
                } else {
                    next.put(f.getKey(), value);
                }
            }
        }
        if (by.isAgent() && (!status.wire().equals(row.status()) || change.fields() != null)) {
            requireFields(status.wire(), next);
        }
        if (events.isEmpty()) {
            return ticket(c, row, records.conversations(c, row.id()));
        }
        Instant solvedAt = status == TicketStatus.SOLVED || status == TicketStatus.CLOSED
                ? (row.solvedAt() != null ? row.solvedAt() : now) : null;
        records.update(c, new TicketRecords.Row(row.id(), row.number(), row.contactId(), subject, status.wire(),
                priority, type, assignee, team, row.createdBy(), row.createdAt(), now, solvedAt));
        if (levels != null) {
            if (!status.wire().equals(row.status())) {
                levels.statusChanged(c, row.id(), status.wire(), now);
            }
            if (!Objects.equals(team, row.teamId())) {
                for (ServiceLevels.Moved m : levels.teamChanged(c, row.id(), team, now)) {
                    events.add(event(by, now, "sla-due", m.target(), m.due().toString()));
                }
            }
        }
        for (TicketEvent e : events) {
            records.insertEvent(c, row.id(), e);
        }
        return read(c, row.id()).orElseThrow();
    }

    /**
     * What chooses a service-level policy for {@code ticket}, apart from what an agent changes: the channel of its
     * first conversation, the requester's tags, the region.
     */
    private Future<SlaPolicy.Facts> policyFacts(Ticket ticket) {
        Future<String> channel = ticket.conversationIds().isEmpty() ? Future.succeededFuture(null)
                : conversations.conversation(ticket.conversationIds().get(0))
                        .map(found -> found.map(s -> s.channel()).orElse(null));
        return channel.compose(ch -> tagsOf.apply(ticket.contactId()).map(tags -> new SlaPolicy.Facts(
                ticket.priority().wire(), ticket.teamId(), ch, Set.copyOf(tags), region, ticket.fields())));
    }

    /** The custom field values of a new ticket as they will be stored (checked before). */
    private Map<String, String> normalisedFields(TicketChange change) {
        Map<String, String> out = new java.util.HashMap<>();
        if (change.fields() != null) {
            change.fields().forEach((key, value) -> customFields.field(key).map(f -> f.normalised(value))
                    .ifPresent(v -> out.put(key, v)));
        }
        return out;
    }

    /** Stores a custom field's value: sealed under the requester's key if it is text, else as its code. */
    private void putField(Connection c, TicketRecords.Row row, TicketField field, String value) throws SQLException {
        if (value == null) {
            records.putFieldValue(c, row.id(), field.key(), null, null);
        } else if (field.type() == TicketField.Type.TEXT) {
            records.putFieldValue(c, row.id(), field.key(), null, conversations.sealForContact(c, row.contactId(),
                    "ticket_field_values", row.id() + ":" + field.key(), "value_sealed", value));
        } else {
            records.putFieldValue(c, row.id(), field.key(), value, null);
        }
    }

    /** Fails naming the first field the status needs that has no value (asked of agents, not of the rounds). */
    private void requireFields(String status, Map<String, String> values) {
        for (TicketField f : customFields.all()) {
            if (f.requiredFor().contains(status) && !values.containsKey(f.key())) {
                throw new IllegalArgumentException(f.label("en") + " (" + f.key() + ") is required for status "
                        + status);
            }
        }
    }

    /** Checks the values a change names against the agents and teams there are; fails with what is wrong. */
    private Future<Void> checked(TicketChange change) {
        try {
            if (change.fields() != null) {
                for (Map.Entry<String, String> f : change.fields().entrySet()) {
                    customFields.field(f.getKey()).orElseThrow(() -> new IllegalArgumentException(
                            "no custom field '" + f.getKey() + "'")).normalised(f.getValue());
                }
            }
            if (change.status() != null) {
                TicketStatus.parse(change.status());
            }
            if (change.priority() != null) {
                TicketPriority.parse(change.priority());
            }
            if (change.type() != null && !change.type().isEmpty() && !TYPES.contains(change.type())) {
                throw new IllegalArgumentException("type must be one of " + String.join(", ", TYPES) + ", or empty");
            }
            if (change.subject() != null) {
                subjectOf(change.subject());
            }
            if (change.teamId() != null && !change.teamId().isEmpty()
                    && teams.get().stream().noneMatch(t -> t.getKey().equals(change.teamId()))) {
                throw new IllegalArgumentException("no team '" + change.teamId() + "'");
            }
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        if (change.assigneeId() == null || change.assigneeId().isEmpty()) {
            return Future.succeededFuture();
        }
        return agents.active().compose(all -> all.stream().anyMatch(a -> a.id().equals(change.assigneeId()))
                ? Future.<Void>succeededFuture()
                : Future.failedFuture(new IllegalArgumentException("no active agent '" + change.assigneeId() + "'")));
    }

    /** Tells the customer, if customers are told; never fails the change that caused it. */
    private void tell(String kind, Ticket ticket, String occasion, String language) {
        if (notices != null) {
            notices.tell(kind, ticket, occasion, language);
        }
    }

    /** The ticket with this id, read in the caller's work. */
    Ticket ticket(Connection c, String id) throws SQLException {
        return read(c, id).orElseThrow(() -> new NoSuchElementException("no ticket " + id));
    }

    private Optional<Ticket> read(Connection c, String idOrNumber) throws SQLException {
        Optional<TicketRecords.Row> row = records.find(c, idOrNumber);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ticket(c, row.get(), records.conversations(c, row.get().id())));
    }

    private Ticket ticket(Connection c, TicketRecords.Row r, List<String> conversationIds) throws SQLException {
        String subject = conversations.openForContact(c, r.contactId(), "tickets", r.id(), "subject_sealed",
                r.subjectSealed());
        Map<String, String> values = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, TicketRecords.FieldValue> v : records.fieldValues(c, r.id()).entrySet()) {
            values.put(v.getKey(), v.getValue().sealed() == null ? v.getValue().plain()
                    : conversations.openForContact(c, r.contactId(), "ticket_field_values", r.id() + ":" + v.getKey(),
                            "value_sealed", v.getValue().sealed()));
        }
        return new Ticket(r.id(), r.number(), r.contactId(), subject, TicketStatus.parse(r.status()),
                TicketPriority.parse(r.priority()), r.type(), r.assigneeId(), r.teamId(), r.createdBy(),
                r.createdAt(), r.updatedAt(), r.solvedAt(), conversationIds, values);
    }

    private static void note(List<TicketEvent> events, Actor by, Instant at, String field, String from,
            String to) {
        if (!Objects.equals(from, to)) {
            events.add(event(by, at, field, from, to));
        }
    }

    static TicketEvent event(Actor by, Instant at, String field, String from, String to) {
        return new TicketEvent(UUID.randomUUID().toString(), at, by.id(), by.name(), field, from, to);
    }

    /** Who makes a change: an agent (id and display name), the customer or Meridian. */
    record Actor(String id, String name) {

        static Actor of(SignedInAgent agent) {
            return new Actor(agent.id(), agent.displayName());
        }

        /** An agent, not the customer or Meridian: what required fields are asked of. */
        boolean isAgent() {
            return !CUSTOMER.equals(id) && !SYSTEM.equals(id);
        }
    }

    static final Actor ACTOR_CUSTOMER = new Actor(CUSTOMER, CUSTOMER);
    static final Actor ACTOR_SYSTEM = new Actor(SYSTEM, SYSTEM);

    /** The subject as stored: one line, trimmed, 1 to {@link #MAX_SUBJECT_CHARS} characters, no control characters. */
    static String subjectOf(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a ticket needs a subject");
        }
        String line = CONTROL.matcher(text.replaceAll("\\s+", " ")).replaceAll("").strip();
        if (line.isEmpty() || line.codePointCount(0, line.length()) > MAX_SUBJECT_CHARS) {
            throw new IllegalArgumentException("subject must be 1 to " + MAX_SUBJECT_CHARS + " characters");
        }
        return line;
    }

    /** The start of the customer's first message, for a ticket made from a conversation without a subject. */
    private static String subjectFrom(List<ChatMessage> messages) {
        String text = messages.stream().filter(m -> m.author() == Author.VISITOR).map(ChatMessage::text)
                .filter(t -> t != null && !t.isBlank()).findFirst()
                .orElse(messages.isEmpty() ? "" : Objects.requireNonNullElse(messages.get(0).text(), ""));
        String line = CONTROL.matcher(text.replaceAll("\\s+", " ")).replaceAll("").strip();
        if (line.isEmpty()) {
            return "(no subject)";
        }
        int cut = line.offsetByCodePoints(0, Math.min(80, line.codePointCount(0, line.length())));
        return cut < line.length() ? line.substring(0, cut).strip() + "…" : line;
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
