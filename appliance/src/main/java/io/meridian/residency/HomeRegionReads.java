package io.meridian.residency;

import io.meridian.cluster.RegionNodes;
import io.meridian.conversation.ChatHub;
import io.meridian.conversation.ChatMessage;
import io.meridian.conversation.ConversationClosedException;
import io.meridian.conversation.ConversationStatus;
import io.meridian.conversation.ConversationSummary;
import io.meridian.conversation.MessageLength;
import io.meridian.conversation.PersonalDataMasking;
import io.meridian.lifecycle.Lifecycle;
import io.meridian.routing.RoutingConflictException;
import io.meridian.translation.MessageTranslation;
import io.meridian.residency.CrossRegionPolicy.Access;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The home side of reading across regions: a node answers agents of other regions' nodes about the conversations
 * homed here, over the cluster's event bus, applying {@link CrossRegionPolicy} for the reader's region and recording
 * each read and reply ({@link CrossRegionReads}). The texts never leave this node unmasked unless the policy allows.
 * <p>
 * Requests to {@link #address}: a JSON object with {@code op} ({@code conversations}, {@code messages}, {@code reply},
 * {@code take}, {@code held}), {@code reader} ({@code id}, {@code name}, {@code region}), and per op
 * {@code conversationId}, {@code after}, {@code limit}, {@code language}, {@code clientMessageId}, {@code text},
 * {@code given}. Failures carry an HTTP-like code: 400, 403,
 * 404, 409 (a closed conversation answered), 429 (a reader over {@link ReaderBudget}), 500.
 */
public final class HomeRegionReads implements Lifecycle {

    static final int MAX_CONVERSATIONS = 200;
    static final int MAX_MESSAGES = 500;
    /** As long as an agent's reply on its own node may be (the conversations API's limit). */
    static final int MAX_REPLY_CHARS = 8_000;
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}");
    /** How long a read waits for translations into the reader's language before answering with them pending. */
    static final long TRANSLATION_WAIT_MILLIS = 3_000;
    /** How often the conversations taken by agents of a lost region are looked at. */
    static final long SWEEP_MILLIS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(HomeRegionReads.class);

    /** Where a node answers for the conversations homed in its region. */
    static String address(String nodeId) {
        return "meridian.residency.home." + nodeId;
    }

    private final Vertx vertx;
    private final RegionNodes nodes;
    private final ChatHub hub;
    private final String region;
    private final CrossRegionPolicy policy;
    private final CrossRegionReads reads;
    private final ReaderTranslations translations;
    private final Supplier<List<TeamNow>> teams;
    private final ReaderBudget budget = new ReaderBudget();
    private final Placements placements;
    private final TakenConversations taken;
    private long sweep = -1;
    private MessageConsumer<Object> consumer;

    /**
     * A team of this region as other regions see it beside its conversations: whether it is open now (hours and
     * holidays), its agents online and free, and how many conversations wait. Staff data and counts only.
     */
    public record TeamNow(String name, boolean open, int online, int free, int waiting) {

        JsonObject toJson() {
            return new JsonObject().put("name", name).put("open", open).put("online", online).put("free", free)
                    .put("waiting", waiting);
        }
    }

    /** Routing in the home region, as readers of other regions meet it: who has a conversation, and taking one. */
    public interface Placements {

        /** The agent each conversation is with (absent: waiting), by conversation id. */
        Future<Map<String, String>> assignedAgents(List<String> conversationIds);

        /**
         * The reader takes a waiting conversation ({@code given}: their region's routing chose them for it); fails
         * with {@code RoutingConflictException} if it is not waiting.
         */
        Future<Void> take(String conversationId, String agentId, String agentName, String region, boolean given);

        /** Back in its queue if that agent still has it; completes with whether it moved. */
        Future<Boolean> release(String conversationId, String agentId, String agentName, String region);
    }

    /** The customer messages of a conversation in a reader's language, translated here (in the home region). */
    @FunctionalInterface
    public interface ReaderTranslations {
        Future<List<MessageTranslation>> of(String conversationId, String language, long waitMillis);
    }

    public HomeRegionReads(Vertx vertx, RegionNodes nodes, ChatHub hub, String region, CrossRegionPolicy policy,
            CrossRegionReads reads, ReaderTranslations translations, Supplier<List<TeamNow>> teams,
            Placements placements) {
        this.placements = placements;
        this.taken = new TakenConversations(nodes, (id, t) -> placements.release(id, t.agentId(), t.agentName(),
                t.region()));
        this.translations = translations;
        this.teams = teams;
        this.vertx = vertx;
        this.nodes = nodes;
        this.hub = hub;
        this.region = region;
        this.policy = policy;
        this.reads = reads;
    }

    @Override
    public Future<Void> start() {
        if (nodes.self() == null) {
            return Future.succeededFuture();
        }
        // Cluster-wide on purpose: other regions' nodes ask here by this node's id.
        consumer = vertx.eventBus().consumer(address(nodes.self()), this::onRequest);
        // Conversations taken by agents of a region that then left the cluster go back to their queue here.
        sweep = vertx.setPeriodic(SWEEP_MILLIS, t -> taken.sweep(System.nanoTime()));
        return reads.takers().onSuccess(taken::known).mapEmpty().compose(v -> consumer.completion());
    }

    @Override
    public Future<Void> stop() {
        if (sweep >= 0) {
            vertx.cancelTimer(sweep);
        }
        return consumer == null ? Future.succeededFuture() : consumer.unregister();
    }

    private void onRequest(Message<Object> message) {
        if (!(message.body() instanceof JsonObject request)
                || !(request.getValue("reader") instanceof JsonObject who)
                || !(who.getValue("id") instanceof String id) || !(who.getValue("name") instanceof String name)
                || !(who.getValue("region") instanceof String from) || !REGION.matcher(from).matches()) {
            message.fail(400, "a request names its op and its reader (id, name, region)");
            return;
        }
        if (from.equals(region)) {
            // This region's own agents read on this node; a reader claiming it from elsewhere would get "allow".
            message.fail(400, "a reader of region " + region + " reads its conversations on its own node");
            return;
        }
        if (!budget.admit(from, id, System.nanoTime())) {
            message.fail(429, "more than " + ReaderBudget.MAX_PER_MINUTE + " requests in a minute; wait a moment");
            return;
        }
        CrossRegionReads.Reader reader = new CrossRegionReads.Reader(id, name, from);
        Access access = policy.of(region, from);
        Future<JsonObject> answer = switch (String.valueOf(request.getValue("op"))) {
            case "conversations" -> conversations(reader, access);
            case "messages" -> messages(request, reader, access);
            case "reply" -> reply(request, reader, access);
            case "take" -> take(request, reader, access);
            case "held" -> held(reader);
            default -> Future.failedFuture(new IllegalArgumentException("unknown op"));
        };
        answer.onSuccess(message::reply).onFailure(e -> {
            if (e instanceof NoSuchElementException) {
                message.fail(404, e.getMessage());
            } else if (e instanceof ConversationClosedException || e instanceof RoutingConflictException) {
                message.fail(409, e instanceof RoutingConflictException ? e.getMessage()
                        : "conversation " + request.getValue("conversationId") + " is closed");
            } else if (e instanceof SecurityException) {
                message.fail(403, e.getMessage());
            } else if (e instanceof IllegalArgumentException) {
                message.fail(400, e.getMessage());
            } else {
                LOG.warn("A read from region {} failed: {}", from, e.toString());
                message.fail(500, "the home region's node could not answer");
            }
        });
    }

    /**
     * The open conversations homed here, as the reader's region may see them. A listing that shows names or previews
     * ({@code allow}, {@code masked}) is recorded for each conversation listed, in one write, once per reader and
     * conversation every {@link ReaderBudget#LISTING_RECORDED_EVERY}.
     */
    private Future<JsonObject> conversations(CrossRegionReads.Reader reader, Access access) {
        return hub.conversations().conversations(ConversationStatus.OPEN, MAX_CONVERSATIONS).compose(found -> {
            List<String> due = access == Access.DENY ? List.of() : budget.toRecord(reader.region(), reader.id(),
                    found.stream().map(ConversationSummary::id).toList(), System.nanoTime());
            Future<Void> recorded = due.isEmpty() ? Future.succeededFuture() : reads.record(due, reader, access, "list");
            return recorded.compose(v -> withAgents(found)).compose(agents -> offLoop(() -> {
                JsonArray items = new JsonArray();
                found.forEach(c -> items.add(placed(shown(c, reader, access), agents.get(c.id()), reader)));
                JsonArray teamsNow = new JsonArray();
                teams.get().forEach(t -> teamsNow.add(t.toJson()));
                return new JsonObject().put("region", region).put("access", access.label())
                        .put("teams", teamsNow).put("conversations", items);
            }));
        });
    }

    private static JsonObject shown(ConversationSummary c, CrossRegionReads.Reader reader, Access access) {
        JsonObject json = ChatHub.toJson(c);
        return switch (access) {
            case ALLOW -> json;
            case MASKED -> json.put("contactName", null).put("contactId", pseudonym(c.contactId(), reader))
                    .put("lastMessagePreview", PersonalDataMasking.mask(c.lastMessagePreview(), c.contactName()));
            case DENY -> json.put("contactName", null).put("contactId", pseudonym(c.contactId(), reader))
                    .put("lastMessagePreview", null);
        };
    }

    /**
     * What stands for the contact's id outside {@code allow}: the same for one customer's conversations as one region
     * reads them, and not the id itself, so it cannot be joined with what the home region knows under that id.
     */
    static String pseudonym(String contactId, CrossRegionReads.Reader reader) {
        byte[] digest = sha256(reader.region() + ":" + contactId);
        return HexFormat.of().formatHex(digest, 0, 16);
    }

    /** Masking is linear but a read may carry 500 messages of up to 100,000 characters: it runs off the event loop. */
    private Future<JsonObject> offLoop(java.util.concurrent.Callable<JsonObject> work) {
        return vertx.executeBlocking(work, false);
    }

    /** One conversation's messages as the reader's region may see them; the read is recorded. */
    private Future<JsonObject> messages(JsonObject request, CrossRegionReads.Reader reader, Access access) {
        String conversationId = request.getValue("conversationId") instanceof String s ? s : "";
        long after = request.getValue("after") instanceof Number n ? Math.max(0, n.longValue()) : 0;
        int limit = request.getValue("limit") instanceof Number n ? Math.max(1, Math.min(MAX_MESSAGES, n.intValue()))
                : MAX_MESSAGES;
        String language = request.getValue("language") instanceof String l && LANGUAGE.matcher(l).matches() ? l
                : null;
        // Recorded before anything is answered; a page asking for newer messages that finds none read nothing.
        return existing(conversationId).compose(c -> hub.conversations().messages(conversationId, after, limit)
                .compose(messages -> messages.isEmpty() && after > 0 ? Future.succeededFuture(messages)
                        : reads.record(List.of(conversationId), reader, access, "messages").map(v -> messages))
                .compose(messages -> (messages.isEmpty() ? Future.succeededFuture(Map.<String, MessageTranslation>of())
                        : translated(conversationId, language, access)).compose(inLanguage -> offLoop(() -> {
                    JsonArray items = new JsonArray();
                    messages.forEach(m -> {
                        JsonObject item = shown(m, c.contactName(), access);
                        MessageTranslation t = inLanguage.get(m.id());
                        if (t != null) {
                            item.put("translation", new JsonObject().put("language", t.target())
                                    .put("status", t.status()).put("text", access == Access.MASKED
                                            ? PersonalDataMasking.mask(t.text(), c.contactName()) : t.text()));
                        }
                        items.add(item);
                    });
                    return new JsonObject().put("region", region).put("access", access.label())
                            .put("language", language).put("messages", items);
                }))).compose(answer -> withAgents(List.of(c)).map(agents -> answer.put("conversation",
                        placed(shown(c, reader, access), agents.get(c.id()), reader)))));
    }

    /**
     * The customer messages in the reader's language, by message id: none under {@code deny} or without a language.
     * Translation waits {@value #TRANSLATION_WAIT_MILLIS} ms at most; later ones come as pending (the reader asks
     * again) and a failure leaves the originals alone.
     */
    private Future<Map<String, MessageTranslation>> translated(String conversationId, String language, Access access) {
        if (language == null || access == Access.DENY) {
            return Future.succeededFuture(Map.of());
        }
        return translations.of(conversationId, language, TRANSLATION_WAIT_MILLIS).map(all -> {
            Map<String, MessageTranslation> byMessage = new HashMap<>();
            all.stream().filter(t -> "INBOUND".equals(t.direction())
                    && (t.translated() || "PENDING".equals(t.status())))
                    .forEach(t -> byMessage.put(t.messageId(), t));
            return byMessage;
        }).otherwise(e -> {
            LOG.info("No translation into {} for a reader of another region: {}", language, e.toString());
            return Map.of();
        });
    }

    private static JsonObject shown(ChatMessage m, String customerName, Access access) {
        JsonObject json = ChatHub.toJson(m);
        return switch (access) {
            case ALLOW -> json;
            // A client message id would let a reader ask for another agent's reply by sending one with the same id.
            case MASKED -> json.put("text", PersonalDataMasking.mask(m.text(), customerName)).put("clientMessageId", null);
            case DENY -> json.put("text", null).put("clientMessageId", null);
        };
    }

    /** The agents the conversations are with, by id; none known when routing cannot say (shown as waiting). */
    private Future<Map<String, String>> withAgents(List<ConversationSummary> found) {
        return placements.assignedAgents(found.stream().map(ConversationSummary::id).toList())
                .otherwise(e -> Map.of());
    }

    /** Whether an agent has the conversation, and whether it is the reader (never who else: staff of this region). */
    private static JsonObject placed(JsonObject conversation, String agentId, CrossRegionReads.Reader reader) {
        return conversation.put("assigned", agentId != null).put("takenByYou", reader.id().equals(agentId));
    }

    /**
     * The reader takes a conversation waiting here (follow the sun by hand): it leaves this region's queue and is
     * theirs to answer; recorded. Refused under {@code deny}, and when an agent has it (409).
     */
    private Future<JsonObject> take(JsonObject request, CrossRegionReads.Reader reader, Access access) {
        String conversationId = request.getValue("conversationId") instanceof String s ? s : "";
        if (access == Access.DENY) {
            return Future.failedFuture(new SecurityException("region " + region + " does not let region "
                    + reader.region() + " read its conversations, so it may not take them either"));
        }
        return existing(conversationId).compose(c -> c.status() != ConversationStatus.OPEN
                ? Future.failedFuture(new ConversationClosedException(conversationId))
                : placements.take(conversationId, reader.id(), reader.name(), reader.region(),
                        Boolean.TRUE.equals(request.getValue("given"))))
                .onSuccess(v -> taken.took(conversationId, new TakenConversations.Taker(reader.id(), reader.name(),
                        reader.region())))
                // Taken is taken: the reader must hear so even if the access record then fails (it is logged).
                .compose(v -> reads.record(List.of(conversationId), reader, access, "take").otherwise(e -> {
                    LOG.error("Conversation {} was taken by {} of region {}, but the access record failed: {}",
                            conversationId, reader.id(), reader.region(), e.toString());
                    return null;
                }))
                .map(v -> new JsonObject().put("taken", true));
    }

    /**
     * The conversations homed here that agents of the reader's region have now (ids and agent ids only, under any
     * policy): what their region counts against its agents' capacity. Those a taker no longer has are forgotten.
     */
    private Future<JsonObject> held(CrossRegionReads.Reader reader) {
        Map<String, TakenConversations.Taker> byRegion = taken.ofRegion(reader.region());
        return placements.assignedAgents(List.copyOf(byRegion.keySet())).map(agents -> {
            JsonArray held = new JsonArray();
            byRegion.forEach((id, taker) -> {
                if (taker.agentId().equals(agents.get(id))) {
                    held.add(new JsonObject().put("conversationId", id).put("agentId", taker.agentId()));
                } else {
                    taken.forget(id, taker);
                }
            });
            return new JsonObject().put("region", region).put("held", held);
        });
    }

    /** An agent's reply from another region, stored here and sent to the customer as any reply; recorded. */
    private Future<JsonObject> reply(JsonObject request, CrossRegionReads.Reader reader, Access access) {
        String conversationId = request.getValue("conversationId") instanceof String s ? s : "";
        String clientMessageId = request.getValue("clientMessageId") instanceof String s ? s : "";
        String text = request.getValue("text") instanceof String s ? s.strip() : "";
        if (!CLIENT_ID.matcher(clientMessageId).matches() || text.isEmpty()
                || MessageLength.exceeds(text, MAX_REPLY_CHARS)) {
            return Future.failedFuture(new IllegalArgumentException("a reply needs a clientMessageId (1-64 of A-Z a-z "
                    + "0-9 _ -) and a text of 1-" + MAX_REPLY_CHARS + " characters"));
        }
        if (access == Access.DENY) {
            return Future.failedFuture(new SecurityException("region " + region + " does not let region "
                    + reader.region() + " read its conversations, so it may not answer them either"));
        }
        // The reader's own id space: a resend is still recognised, and no id can reach another agent's reply.
        String ownId = "x-" + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(
                sha256(reader.region() + ":" + reader.id() + ":" + clientMessageId), 24));
        return existing(conversationId).compose(c -> hub.agentSays(conversationId, reader.id(), reader.name(), ownId,
                        text, List.of())
                .compose(appended -> reads.record(List.of(conversationId), reader, access, "reply")
                        .map(v -> new JsonObject().put("duplicate", appended.duplicate())
                                .put("message", shown(appended.message(), c.contactName(), access)
                                        .put("clientMessageId", clientMessageId)))));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private Future<ConversationSummary> existing(String conversationId) {
        return hub.conversations().conversation(conversationId).compose(found -> found.isPresent()
                ? Future.succeededFuture(found.get())
                : Future.failedFuture(new NoSuchElementException("no conversation " + conversationId + " in region "
                        + region)));
    }
}
