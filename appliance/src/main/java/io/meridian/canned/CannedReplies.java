package io.meridian.canned;

import io.meridian.security.SignedInAgent;
import io.meridian.store.Store;
import io.meridian.security.Permission;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Canned replies: who may see and change which, and which text of one fits a customer. Every agent keeps personal
 * ones; admins keep the shared ones and those of a team, which only that team's agents (and admins) see.
 */
public final class CannedReplies {

    public static final int MAX_TEXT_CHARS = 8000;
    public static final int MAX_TEXTS = 20;
    static final Pattern SHORTCUT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*");

    /** The teams an agent belongs to (routing's profiles). */
    @FunctionalInterface
    public interface TeamsOfAgent {
        List<String> of(SignedInAgent agent);
    }

    /** What an agent submits: scope is shared, team or personal. */
    public record Draft(String id, String shortcut, String title, String scope, String teamId,
            Map<String, String> texts) {
    }

    /** One reply's text for a customer: its language, the text with its variables filled, and whether it is theirs. */
    public record Chosen(CannedReply reply, String language, String text, boolean customersLanguage) {
    }

    private final Store store;
    private final Clock clock;
    private final TeamsOfAgent teams;
    private final CannedReplyRecords records = new CannedReplyRecords();

    public CannedReplies(Store store, Clock clock, TeamsOfAgent teams) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.teams = Objects.requireNonNull(teams, "teams");
    }

    /** The replies {@code agent} may use, by shortcut: shared ones, their teams' (every team's for those who manage canned replies), their own. */
    public Future<List<CannedReply>> usableBy(SignedInAgent agent) {
        List<String> mine = teams.of(agent);
        return store.read(records::all).map(all -> all.stream().filter(r -> r.ownerId() != null
                ? r.ownerId().equals(agent.id())
                : r.teamId() == null || agent.may(Permission.CANNED_REPLIES_MANAGE) || mine.contains(r.teamId())).toList());
    }

    /**
     * Creates or replaces a reply. Any agent may keep personal replies; shared and team replies are an admin's.
     * Fails with {@link IllegalArgumentException} naming what is wrong, {@link SecurityException} when the agent may
     * not change it.
     */
    public Future<CannedReply> save(SignedInAgent by, Draft draft) {
        CannedReply reply;
        try {
            reply = checked(by, draft);
        } catch (IllegalArgumentException | SecurityException e) {
            return Future.failedFuture(e);
        }
        return store.write(c -> {
            var existing = records.byId(c, reply.id());
            if (existing.isPresent()) {
                mayChange(by, existing.get());
            }
            records.put(c, reply, by.id(), clock.instant());
            return reply;
        });
    }

    /** Deletes a reply the agent may change; false if there is none. */
    public Future<Boolean> delete(SignedInAgent by, String id) {
        return store.write(c -> {
            var existing = records.byId(c, id);
            if (existing.isEmpty()) {
                return false;
            }
            mayChange(by, existing.get());
            return records.delete(c, id);
        });
    }

    /**
     * The text of {@code reply} for a customer who reads {@code customerLanguage}: theirs if written (the exact tag,
     * else the same language, "es" for "es-MX"), else {@code agentLanguage}'s (then translated like any reply), else
     * the first; the {@code variables} filled ({@code {{customer.name}}}, {@code {{agent.name}}},
     * {@code {{order.number}}}).
     */
    public static Chosen choose(CannedReply reply, String customerLanguage, String agentLanguage,
            Map<String, String> variables) {
        String language = match(reply, customerLanguage);
        boolean customers = language != null;
        if (language == null) {
            language = match(reply, agentLanguage);
        }
        if (language == null) {
            language = reply.texts().keySet().stream().sorted().findFirst().orElse("");
        }
        String text = reply.texts().getOrDefault(language, "");
        for (Map.Entry<String, String> v : variables.entrySet()) {
            text = text.replace("{{" + v.getKey() + "}}", v.getValue() == null ? "" : v.getValue());
        }
        return new Chosen(reply, language, text, customers);
    }

    private static String match(CannedReply reply, String wanted) {
        if (wanted == null || wanted.isBlank()) {
            return null;
        }
        if (reply.texts().containsKey(wanted)) {
            return wanted;
        }
        String primary = wanted.split("-")[0].toLowerCase(Locale.ROOT);
        return reply.texts().keySet().stream().filter(tag -> tag.split("-")[0].equalsIgnoreCase(primary))
                .sorted().findFirst().orElse(null);
    }

    private CannedReply checked(SignedInAgent by, Draft d) {
        String shortcut = d.shortcut() == null ? "" : d.shortcut().strip().toLowerCase(Locale.ROOT);
        if (!SHORTCUT.matcher(shortcut).matches()) {
            throw new IllegalArgumentException("shortcut: 1-40 characters a-z, 0-9, _ and -, starting with a letter "
                    + "or digit");
        }
        String title = d.title() == null ? "" : d.title().strip();
        if (title.isEmpty() || title.length() > 100) {
            throw new IllegalArgumentException("title: 1-100 characters");
        }
        Map<String, String> texts = new LinkedHashMap<>();
        if (d.texts() != null) {
            for (Map.Entry<String, String> t : d.texts().entrySet()) {
                String body = t.getValue() == null ? "" : t.getValue().strip();
                if (body.isEmpty()) {
                    continue;
                }
                if (!LANGUAGE.matcher(t.getKey()).matches()) {
                    throw new IllegalArgumentException("texts: '" + t.getKey() + "' is not a language tag such as "
                            + "en, es or zh-TW");
                }
                if (body.length() > MAX_TEXT_CHARS) {
                    throw new IllegalArgumentException("texts." + t.getKey() + ": at most " + MAX_TEXT_CHARS
                            + " characters");
                }
                texts.put(t.getKey(), body);
            }
        }
        if (texts.isEmpty() || texts.size() > MAX_TEXTS) {
            throw new IllegalArgumentException("texts: 1-" + MAX_TEXTS + " languages with a text");
        }
        String scope = d.scope() == null ? "personal" : d.scope();
        String teamId = null;
        String ownerId = null;
        switch (scope) {
            case "personal" -> ownerId = by.id();
            case "team" -> {
                teamId = d.teamId() == null || d.teamId().isBlank() ? null : d.teamId().strip();
                if (teamId == null) {
                    throw new IllegalArgumentException("teamId: required for a team's reply");
                }
            }
            case "shared" -> { }
            default -> throw new IllegalArgumentException("scope: shared, team or personal");
        }
        if (ownerId == null && !by.may(Permission.CANNED_REPLIES_MANAGE)) {
            throw new SecurityException("shared and team replies need the canned-replies.manage permission");
        }
        String id = d.id() == null || d.id().isBlank() ? UUID.randomUUID().toString() : d.id();
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id: 1-64 characters A-Z, a-z, 0-9, _ and -");
        }
        return new CannedReply(id, shortcut, title, teamId, ownerId, texts, clock.instant());
    }

    private static void mayChange(SignedInAgent by, CannedReply existing) {
        boolean own = by.id().equals(existing.ownerId());
        if (!own && (existing.ownerId() != null || !by.may(Permission.CANNED_REPLIES_MANAGE))) {
            throw new SecurityException("this canned reply is not yours to change");
        }
    }

    /** The replies whose shortcut or title contains {@code query} (case-insensitive), shortcut matches first. */
    public static List<CannedReply> matching(List<CannedReply> replies, String query) {
        String q = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        List<CannedReply> first = new ArrayList<>();
        List<CannedReply> then = new ArrayList<>();
        for (CannedReply r : replies) {
            if (r.shortcut().startsWith(q)) {
                first.add(r);
            } else if (r.shortcut().contains(q) || r.title().toLowerCase(Locale.ROOT).contains(q)) {
                then.add(r);
            }
        }
        first.addAll(then);
        return first;
    }
}
