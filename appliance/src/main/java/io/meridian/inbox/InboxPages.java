package io.meridian.inbox;

import io.meridian.console.ConsoleLocales;
import io.meridian.console.Templates;
import io.meridian.conversation.AttachmentsRefusedException;
import io.meridian.conversation.ChatHub;
import io.meridian.conversation.ConversationClosedException;
import io.meridian.conversation.ConversationStatus;
import io.meridian.conversation.ConversationSummary;
import io.meridian.conversation.MessageLength;
import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Permission;
import io.meridian.security.ReadScope;
import io.meridian.security.SignedInAgent;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.UUID;

/**
 * The agent console's inbox and conversation pages. They work as plain HTML forms; console.js adds live
 * updates over {@code /api/v1/live} and sends replies through the REST API without reloading.
 */
public final class InboxPages {

    static final String ALL = "all";
    static final String CLOSED = "closed";
    static final String SEARCH = "search";
    /** Conversations a search lists. */
    private static final int FOUND = 100;
    /** Conversations one view lists. */
    private static final int LISTED = 200;
    /** The customer's other conversations the conversation page lists. */
    private static final int PREVIOUS = 5;

    private final ChatHub hub;
    private final Templates templates;
    private final ConversationExtras extras;
    private final ReplyAttachments replyFiles;
    private final InboxViews views;
    private final InboxSearch search;
    private final boolean maskContactDetails;
    private final OtherRegionsInbox otherRegions;

    public InboxPages(ChatHub hub, Templates templates) {
        this(hub, templates, (id, agent) -> Future.succeededFuture(Map.of()));
    }

    /** With {@code extras} adding other capabilities' parts to the conversation page. */
    public InboxPages(ChatHub hub, Templates templates, ConversationExtras extras) {
        this(hub, templates, extras, channel -> false);
    }

    /** With {@code channelTakesFiles}: whether a channel's connector declares attachments (the reply form's files). */
    public InboxPages(ChatHub hub, Templates templates, ConversationExtras extras,
            java.util.function.Predicate<String> channelTakesFiles) {
        this(hub, templates, extras, channelTakesFiles, InboxViews.none());
    }

    /** With {@code views}: the rail's views another capability offers (routing's mine, waiting, teams). */
    public InboxPages(ChatHub hub, Templates templates, ConversationExtras extras,
            java.util.function.Predicate<String> channelTakesFiles, InboxViews views) {
        this(hub, templates, extras, channelTakesFiles, views, null);
    }

    /** With {@code search}: the search form above the list and its results (search's), or null for none. */
    public InboxPages(ChatHub hub, Templates templates, ConversationExtras extras,
            java.util.function.Predicate<String> channelTakesFiles, InboxViews views, InboxSearch search) {
        this(hub, templates, extras, channelTakesFiles, views, search, true);
    }

    /** With {@code maskContactDetails}: whether the customer panel masks the e-mail address (the node's policy). */
    public InboxPages(ChatHub hub, Templates templates, ConversationExtras extras,
            java.util.function.Predicate<String> channelTakesFiles, InboxViews views, InboxSearch search,
            boolean maskContactDetails) {
        this(hub, templates, extras, channelTakesFiles, views, search, maskContactDetails, OtherRegionsInbox.none());
    }

    /** With {@code otherRegions}: in a cluster across regions, the other regions' conversations in the rail. */
    public InboxPages(ChatHub hub, Templates templates, ConversationExtras extras,
            java.util.function.Predicate<String> channelTakesFiles, InboxViews views, InboxSearch search,
            boolean maskContactDetails, OtherRegionsInbox otherRegions) {
        this.otherRegions = otherRegions;
        this.maskContactDetails = maskContactDetails;
        this.search = search;
        this.hub = hub;
        this.templates = templates;
        this.extras = extras;
        this.replyFiles = new ReplyAttachments(hub.conversations(), channelTakesFiles);
        this.views = views;
    }

    public void addRoutes(Router router) {
        router.get("/console").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ)).handler(this::inbox);
        router.get("/console/").handler(ctx -> ctx.redirect("/console"));
        router.get("/console/inbox").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ)).handler(this::inboxFragment);
        router.get("/console/conversations/:id").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ)).handler(this::conversation);
        router.post("/console/conversations/:id/reply").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY)).handler(this::reply);
        router.post("/console/conversations/:id/close").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY)).handler(this::close);
    }

    private void inbox(RoutingContext ctx) {
        SignedInAgent agent = ConsoleSecurity.agent(ctx);
        inboxModel(ctx, agent).onComplete(ar -> {
            if (ar.failed()) {
                error(ctx, ar.cause());
                return;
            }
            Map<String, Object> model = base(ctx, "Inbox");
            model.putAll(ar.result());
            model.put("wide", true);
            html(ctx, 200, templates.render("console/inbox", model));
        });
    }

    /** Just the rail and the list, for console.js to swap in when something changes. */
    private void inboxFragment(RoutingContext ctx) {
        SignedInAgent agent = ConsoleSecurity.agent(ctx);
        inboxModel(ctx, agent).onComplete(ar -> {
            if (ar.failed()) {
                error(ctx, ar.cause());
                return;
            }
            Map<String, Object> model = new HashMap<>(ar.result());
            model.put("t", ConsoleLocales.messages(ctx, agent.id()));
            html(ctx, 200, templates.render("console/inbox-list", model));
        });
    }

    private String viewOf(RoutingContext ctx) {
        if (searching(ctx)) {
            return SEARCH;
        }
        String view = ctx.queryParams().get("view");
        return view == null || view.isBlank() || SEARCH.equals(view) ? ALL : view;
    }

    /** Whether the request is the search form's: a search is offered and {@code q} or a filter is set. */
    private boolean searching(RoutingContext ctx) {
        if (search == null) {
            return false;
        }
        String q = ctx.queryParams().get("q");
        return q != null && !q.isBlank() || InboxSearch.FILTERS.stream().map(ctx.queryParams()::get)
                .anyMatch(v -> v != null && !v.isBlank());
    }

    /**
     * The rail (other capabilities' views, then all open and closed), the search form, and the conversations of the
     * view or the search.
     */
    private Future<Map<String, Object>> inboxModel(RoutingContext ctx, SignedInAgent agent) {
        String view = viewOf(ctx);
        var messages = ConsoleLocales.messages(ctx, agent.id());
        Map<String, Object> form = new HashMap<>();
        form.put("q", Objects.requireNonNullElse(ctx.queryParams().get("q"), ""));
        InboxSearch.FILTERS.forEach(f -> form.put(f, Objects.requireNonNullElse(ctx.queryParams().get(f), "")));
        // Without its drop-downs (the index not open yet) the inbox still shows.
        Future<List<InboxSearch.Filter>> filters = search == null ? Future.succeededFuture(List.of())
                : search.filters(messages.lang()).otherwise(List.of());
        Map<String, Object> found = new HashMap<>();
        Future<Map<String, Object>> listing = filters.compose(offered -> {
            found.put("filters", offered);
            if (!SEARCH.equals(view)) {
                return inboxModel(ctx, agent, view, messages.lang());
            }
            return search.find(agent, ctx.queryParams(), java.time.ZoneId.of(messages.zone()), FOUND)
                    .compose(result -> ConsoleSecurity.readable(ctx, result.conversations(),
                            ReadScope.Kind.CONVERSATION, ConversationSummary::id).map(readable -> {
                        found.put("searchError", "");
                        // A scoped role counts only what it may read, not what exists beyond its teams or regions.
                        found.put("found", readable.size() < result.conversations().size() ? readable.size()
                                : result.total());
                        return readable;
                    }))
                    .recover(e -> {
                        if (!(e instanceof IllegalArgumentException)) {
                            return Future.failedFuture(e);
                        }
                        found.put("searchError", e.getMessage());
                        found.put("found", 0);
                        return Future.succeededFuture(List.<ConversationSummary>of());
                    })
                    .compose(results -> rail(agent, SEARCH, messages.lang(), results));
        });
        return listing.map(model -> {
            model.putAll(found);
            model.put("searchable", search != null);
            model.put("form", form);
            String query = ctx.request().query();
            model.put("fragment", "/console/inbox" + (SEARCH.equals(view) && query != null ? "?" + query
                    : "?view=" + view));
            return model;
        });
    }

    /**
     * The rail (other capabilities' views, then all open and closed, then other regions) and the conversations of
     * {@code view}: this node's, or another region's as its node answered.
     */
    private Future<Map<String, Object>> inboxModel(RoutingContext ctx, SignedInAgent agent, String view,
            String language) {
        var otherRegion = otherRegions.conversations(agent, view);
        if (otherRegion.isPresent()) {
            return otherRegion.get().compose(listing -> rail(agent, view, language, List.of()).map(model -> {
                model.put("regionListing", listing);
                return model;
            }));
        }
        return listed(agent, view).compose(all -> ConsoleSecurity.readable(ctx, all, ReadScope.Kind.CONVERSATION,
                        ConversationSummary::id))
                .compose(conversations -> rail(agent, view, language, conversations));
    }

    private Future<List<ConversationSummary>> listed(SignedInAgent agent, String view) {
        Future<List<ConversationSummary>> listed;
        if (ALL.equals(view)) {
            listed = hub.conversations().conversations(ConversationStatus.OPEN, LISTED);
        } else if (CLOSED.equals(view)) {
            listed = hub.conversations().conversations(ConversationStatus.CLOSED, LISTED);
        } else {
            listed = views.conversationIds(agent, view, LISTED).compose(ids -> ids.isPresent()
                    ? hub.conversations().conversations(ids.get())
                    : Future.failedFuture(new UnknownView()));
        }
        return listed;
    }

    /** The rail, with {@code view} current, and the {@code conversations} listed. */
    private Future<Map<String, Object>> rail(SignedInAgent agent, String view, String language,
            List<ConversationSummary> conversations) {
        return views.views(agent, language).map(offered -> {
            List<InboxView> rail = new ArrayList<>();
            offered.stream().filter(v -> v.group() == null).forEach(rail::add);
            rail.add(InboxView.of(ALL, "inbox.view.all", hub.conversations().openConversationCount()));
            rail.add(InboxView.of(CLOSED, "inbox.view.closed", -1));
            offered.stream().filter(v -> v.group() != null).forEach(rail::add);
            rail.addAll(otherRegions.views());
            Map<String, Object> model = new HashMap<>();
            model.put("views", rail);
            model.put("view", view);
            model.put("viewLabel", rail.stream().filter(v -> v.key().equals(view)).findFirst()
                    .orElse(InboxView.of(SEARCH, "search.heading", -1)));
            model.put("conversations", conversations);
            model.put("waiting", new WaitingTime(Instant.now()));
            return model;
        });
    }

    private void conversation(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        hub.conversations().conversation(id).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(new NoSuchElementException(id));
            }
            return hub.conversations().messages(id, 0, 1000).compose(messages -> hub.conversations().attachments()
                    .ofConversation(id).map(files -> {
                Map<String, Object> model = base(ctx, "Conversation");
                model.put("wide", true);
                model.put("conversation", found.get());
                model.put("customerName", found.get().contactName() == null ? "" : found.get().contactName());
                model.put("filesAccepted", replyFiles.accepts(found.get().channel()));
                model.put("messages", messages);
                model.put("attachments", files.stream().collect(java.util.stream.Collectors.groupingBy(
                        io.meridian.conversation.StoredAttachment::messageId)));
                model.put("replyId", UUID.randomUUID().toString());
                model.put("error", Objects.requireNonNullElse(ctx.queryParams().get("error"), ""));
                return model;
            })).compose(model -> hub.conversations().facts(id).compose(facts -> {
                Locale reader = ConsoleLocales.messages(ctx, ConsoleSecurity.agent(ctx).id()).language()
                        .locale();
                String contactId = found.get().contactId();
                Future<Void> panel = facts.isEmpty() ? Future.succeededFuture()
                        : hub.conversations().contactDetails(contactId).map(details -> {
                            model.put("customer", CustomerPanel.of(facts.get(), reader, Instant.now())
                                    .with(details.email(), details.phone(), maskContactDetails,
                                            hub.visitorPages().of(contactId)));
                            return null;
                        });
                // The customer's other conversations, on every channel: the newest few, the rest on the contact page.
                return panel.compose(v -> hub.conversations().conversationsOfContact(contactId)).map(all -> {
                    model.put("previous", all.stream().filter(c -> !c.id().equals(id)).limit(PREVIOUS).toList());
                    return model;
                });
            })).compose(model -> extras.extras(id, ConsoleSecurity.agent(ctx)).map(more -> {
                model.putAll(more);
                return model;
            }));
        }).onComplete(ar -> {
            if (ar.failed()) {
                error(ctx, ar.cause());
            } else {
                html(ctx, 200, templates.render("console/conversation", ar.result()));
            }
        });
    }

    private void reply(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        String text = ctx.request().getFormAttribute("text");
        String clientMessageId = ctx.request().getFormAttribute("clientMessageId");
        if (clientMessageId == null || !ConversationApi.CLIENT_ID.matcher(clientMessageId).matches()) {
            clientMessageId = UUID.randomUUID().toString();
        }
        if (text == null || text.isBlank() || MessageLength.exceeds(text, ConversationApi.MAX_TEXT_CHARS)) {
            ctx.redirect("/console/conversations/" + id + "?error=empty");
            return;
        }
        SignedInAgent agent = ConsoleSecurity.agent(ctx);
        String messageId = clientMessageId;
        replyFiles.read(ctx, id).compose(files -> hub.agentSays(id, agent.id(), agent.displayName(), messageId,
                text.strip(), files)).onComplete(ar -> {
            if (ar.failed() && ar.cause() instanceof ConversationClosedException) {
                ctx.redirect("/console/conversations/" + id + "?error=closed");
            } else if (ar.failed() && ar.cause() instanceof AttachmentsRefusedException refused) {
                ctx.redirect("/console/conversations/" + id + "?error=" + fileError(refused));
            } else if (ar.failed()) {
                error(ctx, ar.cause());
            } else {
                ctx.redirect("/console/conversations/" + id);
            }
        });
    }

    /** Which of the console's messages says why the reply's files were refused. */
    private static String fileError(AttachmentsRefusedException refused) {
        if (refused.refusals().isEmpty()) {
            return "files-not-supported";
        }
        return switch (refused.refusals().get(0).reason()) {
            case TOO_LARGE, TOTAL_TOO_LARGE -> "file-too-large";
            case TOO_MANY -> "file-count";
            default -> "file-type";
        };
    }

    private void close(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        hub.close(id).onComplete(ar -> {
            if (ar.failed()) {
                error(ctx, ar.cause());
            } else {
                ctx.redirect("/console");
            }
        });
    }

    private Map<String, Object> base(RoutingContext ctx, String title) {
        Map<String, Object> model = new HashMap<>();
        model.put("title", title);
        model.put("agent", ConsoleSecurity.agent(ctx));
        model.put("csrf", ConsoleSecurity.csrfToken(ctx));
        model.put("t", ConsoleLocales.messages(ctx, ConsoleSecurity.agent(ctx).id()));
        return model;
    }

    private void error(RoutingContext ctx, Throwable cause) {
        if (cause instanceof NoSuchElementException) {
            Map<String, Object> model = base(ctx, "Not found");
            model.put("message", cause instanceof UnknownView ? "There is no such view."
                    : "There is no such conversation.");
            html(ctx, 404, templates.render("console/message", model));
            return;
        }
        ctx.fail(cause); // the node's fault: logged once, with the id the error page shows
    }

    private static void html(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(body);
    }

    /** A {@code ?view=} the agent has not got: a 404 like an unknown conversation. */
    private static final class UnknownView extends NoSuchElementException {
        UnknownView() {
            super("no such view");
        }
    }
}
