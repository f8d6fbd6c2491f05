package io.meridian.retention;

import io.meridian.conversation.ConversationRetention;
import io.meridian.conversation.ConversationRetention.DueAttachment;
import io.meridian.conversation.ConversationRetention.DueTranscript;
import io.meridian.conversation.ConversationRetention.ErasedTranscript;
import io.meridian.store.Store;
import io.meridian.ticket.ClosedTicketRetention;
import io.meridian.ticket.ClosedTicketRetention.ClosedTicket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * One run of the retention job over every home region: files old by themselves first, then transcripts (so a file
 * is counted once), then closed tickets. Candidates are read a page at a time on the read pool; each write erases at
 * most {@code batchSize} messages (fewer files and tickets, which weigh more), and the next write is queued only after
 * a rest as long as the last write took, so chat writes find the store's writer free at least half the time. A dry pass reads the same pages and writes nothing, so it
 * counts exactly what a run at the same moment would erase. Customers under a legal hold, or whose processing is
 * restricted, are skipped and counted — looked up when a page is read and again inside each write, so a hold placed
 * while a run goes on is honoured from its next write.
 */
final class RetentionPass {

    /** Conversations, files or tickets read per page. */
    private static final int PAGE = 200;
    /** Files deleted per write: a file may be megabytes, and its pages are freed in the write. */
    private static final int FILES_PER_WRITE = 20;
    /** Tickets anonymised per write: each is five statements. */
    private static final int TICKETS_PER_WRITE = 50;

    private final Vertx vertx;
    private final Store store;
    private final ConversationRetention conversations;
    private final ClosedTicketRetention tickets;
    private final List<TranscriptParts> parts;
    private final Function<List<String>, Future<Void>> forgetInSearch;
    private final RetentionPolicies policies;
    private final int batchSize;
    private final boolean dry;
    private final Instant now;
    private final KeptCustomers kept;
    private final BooleanSupplier stopping;
    private final Map<String, RetentionCounts> counts = new TreeMap<>();
    private long heldSkipped;

    RetentionPass(Vertx vertx, Store store, ConversationRetention conversations, ClosedTicketRetention tickets,
            List<TranscriptParts> parts, Function<List<String>, Future<Void>> forgetInSearch,
            RetentionPolicies policies, int batchSize, boolean dry, Instant now, KeptCustomers kept,
            BooleanSupplier stopping) {
        this.vertx = vertx;
        this.store = store;
        this.conversations = conversations;
        this.tickets = tickets;
        this.parts = parts;
        this.forgetInSearch = forgetInSearch;
        this.policies = policies;
        this.batchSize = batchSize;
        this.dry = dry;
        this.now = now;
        this.kept = kept;
        this.stopping = stopping;
    }

    /** Runs over every region; the counts so far stay readable if it fails. */
    Future<Void> run() {
        return store.read(conversations::regions).compose(regions -> {
            Future<Void> chain = Future.succeededFuture();
            for (String region : regions) {
                RetentionPolicy policy = policies.forRegion(region);
                chain = chain.compose(v -> attachments(region, policy, null))
                        .compose(v -> transcripts(region, policy, null, null));
            }
            return chain.compose(v -> closedTickets(null, null));
        });
    }

    List<RetentionCounts> counts() {
        return counts.values().stream().filter(c -> !c.none()).toList();
    }

    synchronized long heldSkipped() {
        return heldSkipped;
    }

    private synchronized void skipped() {
        heldSkipped++;
    }

    private synchronized void count(String region, long conversations, long messages, long files, long closed) {
        counts.merge(region, new RetentionCounts(region, conversations, messages, files, closed),
                RetentionCounts::plus);
    }

    private Future<Void> attachments(String region, RetentionPolicy policy, String afterId) {
        Optional<Instant> before = policy.dueBefore(RetentionKind.ATTACHMENTS, now);
        if (before.isEmpty() || stopping.getAsBoolean()) {
            return Future.succeededFuture();
        }
        return store.read(c -> {
            List<DueAttachment> page = conversations.dueAttachments(c, region, before.get(), afterId, PAGE);
            List<DueAttachment> due = new ArrayList<>();
            for (DueAttachment a : page) {
                if (kept.keeps(c, a.contactId())) {
                    skipped();
                } else {
                    due.add(a);
                }
            }
            return new Page<>(page.isEmpty() ? null : page.get(page.size() - 1).id(), page.size(), due);
        }).compose(page -> {
            List<DueAttachment> due = page.due();
            Future<Void> erased = dry ? Future.succeededFuture() : deleteFiles(region, due, 0);
            if (dry) {
                count(region, 0, 0, due.size(), 0);
            }
            return erased.compose(v -> page.read() < PAGE ? Future.succeededFuture()
                    : attachments(region, policy, page.lastId()));
        });
    }

    /** A page of files read: the last id it held (the next page's cursor), how many rows, and those not kept. */
    private record Page<T>(String lastId, int read, List<T> due) {
    }

    /** A page of transcripts read: its last one (the next page's cursor), how many rows, and those not kept. */
    private record TranscriptPage(DueTranscript last, int read, List<DueTranscript> due) {
    }

    private Future<Void> deleteFiles(String region, List<DueAttachment> due, int from) {
        if (from >= due.size() || stopping.getAsBoolean()) {
            return Future.succeededFuture();
        }
        List<DueAttachment> batch = List.copyOf(due.subList(from, Math.min(due.size(), from + FILES_PER_WRITE)));
        return paced(c -> {
            List<String> ids = new ArrayList<>();
            for (DueAttachment a : batch) {
                if (kept.keeps(c, a.contactId())) {
                    skipped(); // held or restricted since its page was read
                } else {
                    ids.add(a.id());
                }
            }
            return conversations.deleteAttachments(c, ids);
        }).compose(deleted -> {
            count(region, 0, 0, deleted, 0);
            return deleteFiles(region, due, from + FILES_PER_WRITE);
        });
    }

    private Future<Void> transcripts(String region, RetentionPolicy policy, Instant afterActivity, String afterId) {
        Optional<Instant> before = policy.dueBefore(RetentionKind.TRANSCRIPTS, now);
        if (before.isEmpty() || stopping.getAsBoolean()) {
            return Future.succeededFuture();
        }
        Instant filesBefore = policy.dueBefore(RetentionKind.ATTACHMENTS, now).orElse(null);
        return store.read(c -> {
            List<DueTranscript> page = conversations.dueTranscripts(c, region, before.get(), afterActivity, afterId,
                    PAGE);
            List<DueTranscript> due = new ArrayList<>();
            for (DueTranscript t : page) {
                if (kept.keeps(c, t.contactId())) {
                    skipped();
                } else {
                    due.add(t);
                }
            }
            if (dry) {
                long files = 0;
                for (DueTranscript t : due) {
                    files += conversations.filesWithTranscript(c, t.conversationId(), t.erasedSeq(), filesBefore);
                }
                count(region, 0, 0, files, 0);
            }
            return new TranscriptPage(page.isEmpty() ? null : page.get(page.size() - 1), page.size(), due);
        }).compose(read -> {
            List<DueTranscript> due = read.due();
            Future<Void> erased;
            if (dry) {
                count(region, due.size(), due.stream().mapToLong(DueTranscript::messagesDue).sum(), 0, 0);
                erased = Future.succeededFuture();
            } else {
                List<String> done = new ArrayList<>();
                erased = eraseTranscripts(region, due, before.get(), done).compose(v -> done.isEmpty()
                        ? Future.succeededFuture() : forgetInSearch.apply(done));
            }
            if (read.read() < PAGE) {
                return erased;
            }
            DueTranscript last = read.last();
            return erased.compose(v -> transcripts(region, policy, last.lastActivityAt(), last.conversationId()));
        });
    }

    /**
     * Erases the conversations' messages, at most {@code batchSize} per write: small conversations share a write,
     * a long one takes several. {@code done} collects the conversations erased whole.
     */
    private Future<Void> eraseTranscripts(String region, List<DueTranscript> due, Instant before, List<String> done) {
        if (due.isEmpty() || stopping.getAsBoolean()) {
            return Future.succeededFuture();
        }
        List<DueTranscript> batch = List.copyOf(due.subList(0, Math.min(due.size(), batchSize)));
        return paced(c -> {
            List<ErasedTranscript> erased = new ArrayList<>();
            int budget = batchSize;
            for (DueTranscript t : batch) {
                if (budget == 0) {
                    break;
                }
                if (kept.keeps(c, t.contactId())) {
                    skipped(); // held or restricted since its page was read: left whole
                    erased.add(new ErasedTranscript(t.conversationId(), List.of(), 0, true));
                    continue;
                }
                ErasedTranscript e = conversations.eraseTranscript(c, t.conversationId(), before, budget);
                for (TranscriptParts part : parts) {
                    part.erase(c, e, t.contactId(), before);
                }
                budget -= e.messageIds().size();
                erased.add(e);
            }
            return erased;
        }).compose(erased -> {
            Set<String> finished = new HashSet<>();
            for (ErasedTranscript e : erased) {
                if (e.finished()) {
                    finished.add(e.conversationId());
                    if (!e.messageIds().isEmpty()) {
                        done.add(e.conversationId());
                    }
                }
                count(region, e.finished() && !e.messageIds().isEmpty() ? 1 : 0, e.messageIds().size(),
                        e.attachments(), 0);
            }
            List<DueTranscript> left = due.stream().filter(t -> !finished.contains(t.conversationId())).toList();
            return eraseTranscripts(region, left, before, done);
        });
    }

    /**
     * Runs one batch's write, then rests as long as it took before the next may be queued: the store has one writer,
     * and chat acknowledgements wait behind whatever it holds, so the job takes at most about half of it.
     */
    private <T> Future<T> paced(io.meridian.store.SqlWork<T> work) {
        long start = System.nanoTime();
        return store.write(work).compose(result -> {
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            return vertx.timer(Math.max(1, tookMillis)).map(result);
        });
    }

    private Future<Void> closedTickets(Instant afterUpdate, String afterId) {
        Optional<Instant> latest = latestTicketDue();
        if (latest.isEmpty() || stopping.getAsBoolean()) {
            return Future.succeededFuture();
        }
        return store.read(c -> {
            List<ClosedTicket> page = tickets.closedBefore(c, latest.get(), afterUpdate, afterId, PAGE);
            Map<String, String> regions = conversations.regionsOf(c,
                    page.stream().map(ClosedTicket::contactId).distinct().toList());
            Set<String> keptContacts = new HashSet<>();
            for (String contact : regions.keySet()) {
                if (kept.keeps(c, contact)) {
                    keptContacts.add(contact);
                }
            }
            return new TicketPage(page, regions, keptContacts);
        }).compose(p -> {
            List<ClosedTicket> due = new ArrayList<>();
            for (ClosedTicket t : p.tickets()) {
                String region = p.regions().get(t.contactId());
                Optional<Instant> before = region == null ? Optional.empty()
                        : policies.forRegion(region).dueBefore(RetentionKind.CLOSED_TICKETS, now);
                if (before.isEmpty() || !t.updatedAt().isBefore(before.get())) {
                    continue;
                }
                if (p.kept().contains(t.contactId())) {
                    skipped();
                } else {
                    due.add(t);
                }
            }
            Future<Void> anonymised = dry ? Future.succeededFuture() : anonymise(due, p.regions(), 0);
            if (dry) {
                due.forEach(t -> count(p.regions().get(t.contactId()), 0, 0, 0, 1));
            }
            if (p.tickets().size() < PAGE) {
                return anonymised;
            }
            ClosedTicket last = p.tickets().get(p.tickets().size() - 1);
            return anonymised.compose(v -> closedTickets(last.updatedAt(), last.id()));
        });
    }

    private record TicketPage(List<ClosedTicket> tickets, Map<String, String> regions, Set<String> kept) {
    }

    private Future<Void> anonymise(List<ClosedTicket> due, Map<String, String> regions, int from) {
        if (from >= due.size() || stopping.getAsBoolean()) {
            return Future.succeededFuture();
        }
        List<ClosedTicket> batch = List.copyOf(due.subList(from, Math.min(due.size(), from + TICKETS_PER_WRITE)));
        return paced(c -> {
            List<String> done = new ArrayList<>();
            for (ClosedTicket t : batch) {
                Instant before = policies.forRegion(regions.get(t.contactId()))
                        .dueBefore(RetentionKind.CLOSED_TICKETS, now).orElseThrow();
                if (kept.keeps(c, t.contactId())) {
                    skipped(); // held or restricted since its page was read
                } else if (tickets.anonymise(c, t.id(), before, now)) {
                    done.add(regions.get(t.contactId()));
                }
            }
            return done;
        }).compose(done -> {
            done.forEach(region -> count(region, 0, 0, 0, 1));
            return anonymise(due, regions, from + TICKETS_PER_WRITE);
        });
    }

    /** The latest "unchanged since" any region's closed-ticket policy makes due; empty if none limits tickets. */
    private Optional<Instant> latestTicketDue() {
        List<RetentionPolicy> all = new ArrayList<>(policies.byRegion().values());
        all.add(policies.defaults());
        return all.stream().map(p -> p.dueBefore(RetentionKind.CLOSED_TICKETS, now)).flatMap(Optional::stream)
                .max(Instant::compareTo);
    }
}
