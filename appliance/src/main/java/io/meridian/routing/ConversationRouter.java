package io.meridian.routing;

import io.meridian.conversation.ConversationFacts;
import io.meridian.conversation.MessageLanguage;
import io.meridian.language.DetectedLanguage;
import io.meridian.language.LanguageDetector;
import io.meridian.language.LanguageHints;
import io.vertx.core.Future;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A conversation's way through routing: when it opens, its language is detected and the queue rules set its priority
 * and skill, the engine decides, and the outcome is stored with its reason (assigned, queued, or off hours with a reply
 * to the customer saying when the team opens); when it closes, its agent's slot is freed and refilled from the queues.
 * <p>
 * An assignment is made durable by a conditional update of the agent's load; if the database refuses it (the agent
 * filled up on another node) the engine corrects its view and decides again, a few times at most.
 */
final class ConversationRouter {

    private static final Logger LOG = LoggerFactory.getLogger(ConversationRouter.class);
    private static final int MAX_ATTEMPTS = 5;

    private final RoutingBasics basics;
    private final LanguageDetector detector;
    private final OffHoursReplies replies;
    private final QueueDispatcher dispatcher;
    private final AssignmentRecords assignments = new AssignmentRecords();
    private final AgentLoadRecords loads = new AgentLoadRecords();
    private final TimelineRecords timeline = new TimelineRecords();
    private final ContactTagRecords tags = new ContactTagRecords();

    ConversationRouter(RoutingBasics basics, LanguageDetector detector, OffHoursReplies replies,
            QueueDispatcher dispatcher) {
        this.basics = basics;
        this.detector = detector;
        this.replies = replies;
        this.dispatcher = dispatcher;
    }

    /**
     * Routes a new conversation whose first message is {@code firstText}: takes the language the pipeline detected on
     * it ({@code detected}; detects it only when routing without the pipeline, e.g. at start), applies the queue
     * rules, decides, and stores the outcome with its reason. Completes with the decision that took effect.
     */
    Future<RoutingDecision> route(String conversationId, String firstText, boolean automatic,
            Optional<MessageLanguage> detected) {
        return basics.hub().conversations().facts(conversationId).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(new NoSuchElementException("No conversation " + conversationId));
            }
            ConversationFacts facts = found.get();
            // The store's mark counts too: an event may not carry it (a reopening, routing at start).
            Future<Boolean> byMachine = automatic ? Future.succeededFuture(true)
                    : basics.hub().conversations().lastCustomerMessageAutomatic(conversationId);
            Future<List<String>> contactTags = basics.store().read(c -> tags.tags(c, facts.contactId()));
            return Future.all(byMachine, contactTags).compose(both -> languageOf(facts, firstText, detected)
                    .compose(language -> {
                        String primary = language.isKnown() ? SetupParser.primaryLanguage(language.language()) : null;
                        // A restricted customer's data is read-only: their language is not recorded.
                        Future<Void> kept = language.isKnown() && language.source() != DetectedLanguage.Source.CONTACT
                                && !facts.restricted()
                                ? basics.hub().conversations().recordContactLanguage(facts.contactId(), language.language())
                                : Future.succeededFuture();
                        Inquiry inquiry = inquiry(facts, Set.copyOf(contactTags.result()), firstText, primary);
                        return kept.compose(v -> decideAndStore(inquiry, facts, language, byMachine.result(), 1));
                    }));
        });
    }

    private Future<DetectedLanguage> languageOf(ConversationFacts facts, String text,
            Optional<MessageLanguage> detected) {
        if (detected.isPresent()) {
            MessageLanguage m = detected.get();
            return Future.succeededFuture(m.language() == null ? DetectedLanguage.unknown()
                    : new DetectedLanguage(m.language(), m.confidence(), DetectedLanguage.Source.valueOf(m.source())));
        }
        return detect(facts, text);
    }

    private Future<DetectedLanguage> detect(ConversationFacts facts, String text) {
        List<String> browser = facts.browserLanguages().isEmpty() && facts.locale() != null ? List.of(facts.locale())
                : facts.browserLanguages();
        return basics.vertx().executeBlocking(() -> detector.detect(text, new LanguageHints(facts.language(), browser)),
                false).recover(e -> {
                    LOG.warn("Language detection failed; routing without a language", e);
                    return Future.succeededFuture(DetectedLanguage.unknown());
                });
    }

    /**
     * The conversation as the engine sees it: the queue rules that match give its priority and skill. No rule reads
     * the words or tags of a customer who restricted the processing of their data: they wait at the default priority.
     */
    Inquiry inquiry(ConversationFacts facts, Set<String> contactTags, String text, String language) {
        RoutingSetup setup = basics.engine().setup();
        String normalized = QueueRule.normalize(text);
        int priority = setup.defaultPriority();
        String skill = null;
        List<String> matched = new ArrayList<>();
        for (QueueRule r : facts.restricted() ? List.<QueueRule>of() : setup.rules()) {
            if (r.matches(contactTags, facts.channel(), normalized)) {
                priority = matched.isEmpty() ? r.priority() : Math.max(priority, r.priority());
                String keyword = r.matchedKeyword(normalized);
                matched.add(r.name() + (keyword == null ? "" : " ('" + keyword + "')"));
                if (skill == null && r.skill() != null) {
                    skill = r.skill();
                }
            }
        }
        return new Inquiry(facts.conversationId(), facts.channel(), language, skill, priority, matched, basics.now());
    }

    private Future<RoutingDecision> decideAndStore(Inquiry inquiry, ConversationFacts facts, DetectedLanguage detected,
            boolean automatic, int attempt) {
        Instant now = basics.now();
        RoutingDecision decision = basics.engine().decide(inquiry, now);
        Reason languageWhy = detected.isKnown() ? new Reason().add("detected-language", detected.language(),
                Reason.phrase("source." + detected.source().name().toLowerCase(Locale.ROOT)),
                Math.round(detected.confidence() * 100)) : new Reason().add("language-not-recognised");
        if (decision instanceof RoutingDecision.Unrouted) {
            return Future.succeededFuture(decision);
        }
        if (decision instanceof RoutingDecision.Assigned a) {
            return storeAssignment(inquiry, a, languageWhy.add(a.reason()), now).recover(e -> {
                if (e instanceof SlotRefused refused) {
                    basics.engine().assignmentRefused(a.agentId(), refused.active);
                    if (attempt < MAX_ATTEMPTS) {
                        return decideAndStore(inquiry, facts, detected, automatic, attempt + 1);
                    }
                } else {
                    basics.engine().released(a.agentId(), now);
                }
                return Future.failedFuture(e);
            });
        }
        Reason reason = languageWhy.add(decision.reason());
        if (automatic && decision instanceof RoutingDecision.OffHours) {
            reason.add("machine-wrote");
        }
        return storeQueued(decision, reason, facts, inquiry.language(), automatic, now);
    }

    private Future<RoutingDecision> storeAssignment(Inquiry inquiry, RoutingDecision.Assigned a, Reason reason,
            Instant now) {
        int max = basics.engine().maxConversationsOf(a.agentId());
        RoutingRow row = new RoutingRow(inquiry.conversationId(), a.teamId(), a.agentId(), "ASSIGNED",
                inquiry.priority(), inquiry.language(), inquiry.skill(), false, now, now, 0);
        return basics.store().write(c -> {
            assignments.removeClosed(c, row.conversationId()); // reopened: routed anew
            assignments.insert(c, row);
            if (!loads.takeSlot(c, a.agentId(), max, now)) {
                throw new SlotRefused(loads.activeOf(c, a.agentId()));
            }
            timeline.insertEvent(c, RoutingBasics.event(inquiry.conversationId(), now, "ASSIGNED", a.teamId(),
                    a.agentId(), null, reason));
            return null;
        }).map(v -> {
            basics.announce(inquiry.conversationId(), "assigned", a.teamId(), a.agentId(), reason);
            return new RoutingDecision.Assigned(a.teamId(), a.agentId(), reason);
        });
    }

    private Future<RoutingDecision> storeQueued(RoutingDecision decision, Reason reason, ConversationFacts facts,
            String language, boolean automatic, Instant now) {
        QueuedConversation entry = decision instanceof RoutingDecision.Queued q ? q.entry()
                : decision instanceof RoutingDecision.Offered o ? o.entry()
                : ((RoutingDecision.OffHours) decision).entry();
        String kind = decision instanceof RoutingDecision.OffHours ? "OFF_HOURS" : "QUEUED";
        RoutingRow row = new RoutingRow(entry.conversationId(), entry.teamId(), null, "QUEUED", entry.priority(),
                entry.language(), entry.skill(), entry.strictLanguage(), entry.queuedAt(), null, 0);
        return basics.store().write(c -> {
            assignments.removeClosed(c, row.conversationId()); // reopened: routed anew
            assignments.insert(c, row);
            timeline.insertEvent(c, RoutingBasics.event(entry.conversationId(), now, kind, entry.teamId(), null, null,
                    reason));
            return null;
        }).compose(v -> {
            basics.announce(entry.conversationId(), kind.equals("QUEUED") ? "queued" : "off-hours", entry.teamId(),
                    null, reason);
            Future<RoutingDecision> told = Future.succeededFuture(decision);
            if (decision instanceof RoutingDecision.OffHours off && !automatic) {
                told = offHoursReply(facts, language, entry.teamId(), off.opensAt()).map(x -> decision);
            }
            if (decision instanceof RoutingDecision.Offered offered) {
                // The customer meets an open desk; only if no region takes it are they told when the team opens.
                basics.engine().otherRegions().offer(entry).onComplete(ar -> {
                    if (!automatic && offered.opensAt() != null && !(ar.succeeded() && ar.result())) {
                        offHoursReply(facts, language, entry.teamId(), offered.opensAt());
                    }
                });
            }
            // Someone may have come free between the decision and the commit (or, off hours, be online anyway).
            return told.onComplete(ar -> dispatcher.pullAll());
        }).recover(e -> {
            basics.engine().remove(entry.conversationId());
            return Future.failedFuture(e);
        });
    }

    /** The off-hours reply; a failure is logged and leaves the conversation waiting as it is. */
    private Future<Void> offHoursReply(ConversationFacts facts, String language, String teamId, Instant opensAt) {
        return sendOffHoursReply(facts, language, teamId, opensAt).<Void>mapEmpty().recover(x -> {
            LOG.warn("The off-hours reply for {} was not sent", facts.conversationId(), x);
            return Future.succeededFuture();
        });
    }

    private Future<?> sendOffHoursReply(ConversationFacts facts, String language, String teamId, Instant opensAt) {
        Team team = basics.engine().setup().team(teamId).orElseThrow();
        ZoneId zone = team.calendar().zone();
        if (facts.timeZone() != null) {
            try {
                zone = ZoneId.of(facts.timeZone());
            } catch (DateTimeException e) {
                LOG.debug("Unknown customer time zone {}; using the team's", facts.timeZone());
            }
        }
        ZoneId customerZone = zone;
        // Once per conversation and day (UTC): a reopened conversation is told again on another day, never twice a day.
        String clientMessageId = OffHoursReplies.clientMessageId(LocalDate.ofInstant(basics.now(), ZoneOffset.UTC));
        // The team as the customer reads it: its name in the template's language where the setup gives one.
        return basics.vertx().executeBlocking(() -> replies.render(language, facts.locale(), customerZone,
                team.nameIn(language), opensAt), false).compose(reply -> basics.hub().systemSays(facts.conversationId(), clientMessageId,
                reply.text(), replies.sentThrough(facts.channel())));
    }

    /**
     * Applies the queue rules again to the contact's waiting conversations (its tags changed): each whose priority
     * changes moves to its new place in the queue, with the reason in its timeline. Completes with how many moved.
     */
    Future<Integer> rerank(String contactId, Object why) {
        return basics.store().read(c -> assignments.queuedOfContact(c, contactId)).compose(rows -> {
            Future<Integer> moved = Future.succeededFuture(0);
            for (RoutingRow row : rows) {
                moved = moved.compose(n -> rerank(row, why).map(changed -> changed ? n + 1 : n));
            }
            return moved;
        });
    }

    private Future<Boolean> rerank(RoutingRow row, Object why) {
        String id = row.conversationId();
        return basics.hub().conversations().facts(id).compose(found -> {
            if (found.isEmpty()) {
                return Future.<Inquiry>succeededFuture(null);
            }
            ConversationFacts facts = found.get();
            return basics.store().read(c -> tags.tags(c, facts.contactId())).compose(contactTags ->
                    basics.hub().conversations().messages(id, 0, 1).map(first -> inquiry(facts, Set.copyOf(contactTags),
                            first.isEmpty() ? "" : first.get(0).text(), row.language())));
        }).compose(inquiry -> {
            if (inquiry == null || inquiry.priority() == row.priority()) {
                return Future.succeededFuture(false);
            }
            Instant now = basics.now();
            Reason reason = new Reason().add("reprioritized", row.priority(), inquiry.priority(), why);
            if (!inquiry.matchedRules().isEmpty()) {
                reason.add("rules", inquiry.matchedRules());
            }
            return basics.store().write(c -> {
                if (!assignments.setPriority(c, id, row.version(), inquiry.priority())) {
                    return Optional.<RoutingRow>empty(); // assigned or changed meanwhile: nothing to re-rank
                }
                timeline.insertEvent(c, RoutingBasics.event(id, now, "REPRIORITIZED", row.teamId(), null, null, reason));
                return assignments.routing(c, id);
            }).map(updated -> {
                updated.ifPresent(r -> {
                    basics.engine().enqueue(r.asQueued());
                    basics.announce(id, "requeued", r.teamId(), null, reason);
                });
                return updated.isPresent();
            });
        });
    }


    /** A conversation was closed: its agent has a free slot again (and pulls), or it leaves its queue. */
    Future<Void> closed(String conversationId) {
        Instant now = basics.now();
        return basics.store().write(c -> {
            Optional<RoutingRow> was = assignments.close(c, conversationId);
            if (was.isPresent() && was.get().assigned()) {
                loads.freeSlot(c, was.get().agentId(), now);
                timeline.insertEvent(c, RoutingBasics.event(conversationId, now, "RELEASED", was.get().teamId(),
                        was.get().agentId(), null, new Reason().add("released", basics.engine()
                                .displayNameOf(was.get().agentId()).<Object>map(n -> n)
                                .orElse(Reason.phrase("the-agent")))));
            }
            return was;
        }).compose(was -> {
            Optional<QueuedConversation> waited = basics.engine().remove(conversationId);
            // Those behind a closed waiting conversation move up.
            waited.ifPresent(q -> basics.announceQueue(q.teamId()));
            if (was.isPresent() && was.get().agentId() != null && was.get().assigned()) {
                basics.engine().released(was.get().agentId(), now);
                return dispatcher.pull(was.get().agentId());
            }
            return Future.succeededFuture();
        });
    }
}
