package io.meridian.routing;

import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The setup in force: teams, agents' routing profiles, queue rules and holiday calendars. Seeded from conf/ on a fresh
 * install, then stored in the database and edited in the console or the API. Every change is checked whole before it
 * applies, and is saved with the version it was based on, so two admins cannot overwrite each other blindly; an
 * invalid change fails with {@link RoutingSetupException} naming the source and field, and the setup in force stays.
 * Calendars are uploaded through {@link HolidayCalendars}; teams and profiles are deleted through {@link SetupRemovals}.
 */
final class TeamSetup {

    private static final Logger LOG = LoggerFactory.getLogger(TeamSetup.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("audit");

    private final RoutingBasics basics;
    private final SetupFiles files;
    private final Runnable afterChange;
    private final SetupRecords records = new SetupRecords();
    private final Object lock = new Object();
    private Map<String, HolidayCalendar> calendars = Map.of();
    private long version;
    private volatile Consumer<Map<String, BusinessCalendar>> hoursChanged = before -> { };

    /** {@code afterChange} runs after every accepted change (profiles and capacity may have changed: pull work). */
    TeamSetup(RoutingBasics basics, SetupFiles files, Runnable afterChange) {
        this.basics = basics;
        this.files = files;
        this.afterChange = afterChange;
    }

    /**
     * Loads the stored setup; on a fresh install (nothing stored) the conf/ files, which are then stored. A stored
     * setup that cannot be used, or files that are invalid, leave routing off (logged) rather than stop the node.
     */
    Future<Void> load() {
        return basics.store().read(c -> Map.entry(records.setup(c), records.calendars(c))).compose(stored -> {
            if (stored.getKey().isPresent()) {
                Map.Entry<String, Long> doc = stored.getKey().get();
                // Calendars are expanded when read: bounded, but blocking work.
                return basics.vertx().executeBlocking(() -> {
                    Map<String, HolidayCalendar> cals = SetupFiles.parseCalendars(stored.getValue(), "stored calendars",
                            today());
                    RoutingSetup setup = SetupParser.parse("stored routing setup",
                            SetupDocument.toMap(new JsonObject(doc.getKey())), cals);
                    return Map.entry(setup, cals);
                }, false).<Void>map(parsed -> {
                    apply(parsed.getKey(), parsed.getValue(), doc.getValue());
                    return null;
                }).recover(e -> {
                    LOG.error("The stored routing setup cannot be used ({}); routing is off until an admin fixes it "
                            + "in the console or reloads conf/", e.getMessage());
                    return Future.succeededFuture();
                });
            }
            if (!files.exists()) {
                LOG.info("No routing setup stored and no {}: conversations stay in the shared inbox", files.setupFile());
                return Future.succeededFuture();
            }
            return reloadFromFiles("conf").<Void>mapEmpty().recover(e -> {
                LOG.error("Routing setup not loaded: {}", e.getMessage());
                return Future.succeededFuture();
            });
        });
    }

    /** The setup document in force. */
    Map<String, Object> document() {
        return basics.engine().setup().document();
    }

    Set<String> calendarNames() {
        synchronized (lock) {
            return new TreeSet<>(calendars.keySet());
        }
    }

    Optional<HolidayCalendar> calendar(String name) {
        synchronized (lock) {
            return Optional.ofNullable(calendars.get(name));
        }
    }

    Map<String, HolidayCalendar> calendars() {
        synchronized (lock) {
            return calendars;
        }
    }

    long version() {
        synchronized (lock) {
            return version;
        }
    }

    /** Re-reads conf/routing.yaml and conf/calendars/*.ics; stores and applies them if valid. */
    Future<RoutingSetup> reloadFromFiles(String by) {
        return basics.vertx().executeBlocking(() -> {
            SetupFiles.Contents contents = files.read();
            Map<String, HolidayCalendar> cals = SetupFiles.parseCalendars(contents.calendars(),
                    contents.file().resolveSibling("calendars").toString(), today());
            RoutingSetup setup = SetupParser.parse(contents.file().toString(), contents.document(), cals);
            return Map.entry(setup, Map.entry(cals, contents.calendars()));
        }, false).compose(parsed -> {
            RoutingSetup setup = parsed.getKey();
            Map<String, HolidayCalendar> cals = parsed.getValue().getKey();
            Map<String, String> texts = parsed.getValue().getValue();
            String json = Json.encode(setup.document());
            return basics.store().write(c -> {
                long current = records.setup(c).map(Map.Entry::getValue).orElse(0L);
                for (Map.Entry<String, String> t : texts.entrySet()) {
                    records.putCalendar(c, t.getKey(), t.getValue(), basics.now());
                }
                if (!records.saveSetup(c, json, current, by, basics.now())) {
                    throw new RoutingConflictException("the routing setup changed meanwhile; try again");
                }
                return current + 1;
            }).map(stored -> {
                Map<String, HolidayCalendar> all = new LinkedHashMap<>(calendars());
                all.putAll(cals);
                apply(setup, all, stored);
                AUDIT.info("Routing setup loaded from {} by {}: {} teams, {} agent profiles", files.setupFile(), by,
                        setup.teams().size(), setup.agents().size());
                changed("reload");
                return setup;
            });
        });
    }

    /** Replaces the whole setup document (from the console or the API), checked whole first. */
    Future<RoutingSetup> replaceDocument(Map<String, Object> document, String source, String by) {
        return save(document, source, by, (c, setup) -> { });
    }

    /** Adds or replaces one team (matched by id). */
    Future<RoutingSetup> putTeam(Map<String, Object> team, String by) {
        return replaceDocument(SetupDocument.withItem(document(), "teams", "id", team), "console: team " + team.get("id"),
                by);
    }

    /** Adds or replaces one agent profile (matched by username, in lower case). */
    Future<RoutingSetup> putAgentProfile(Map<String, Object> profile, String by) {
        if (profile.get("username") instanceof String u) {
            profile.put("username", u.toLowerCase(Locale.ROOT));
        }
        return replaceDocument(SetupDocument.withItem(document(), "agents", "username", profile),
                "console: agent " + profile.get("username"), by);
    }

    /**
     * Checks {@code document} whole, then in one store write runs {@code alongside} (more changes that must commit
     * with the setup, or throw to refuse it) and saves the setup if nobody saved another meanwhile; then applies it.
     */
    Future<RoutingSetup> save(Map<String, Object> document, String source, String by, SetupWork alongside) {
        Map<String, HolidayCalendar> cals = calendars();
        long expected = version();
        RoutingSetup setup;
        try {
            setup = SetupParser.parse(source, document, cals);
        } catch (RoutingSetupException e) {
            return Future.failedFuture(e);
        }
        String json = Json.encode(setup.document());
        return basics.store().write(c -> {
            alongside.run(c, setup);
            if (!records.saveSetup(c, json, expected, by, basics.now())) {
                throw new RoutingConflictException("the routing setup was changed by someone else meanwhile; reload "
                        + "the page and apply your change again");
            }
            return expected + 1;
        }).map(stored -> {
            apply(setup, cals, stored);
            AUDIT.info("Routing setup changed by {} ({})", by, source);
            changed(source);
            return setup;
        });
    }

    /** Today in UTC by routing's clock: the calendars' expansion window is placed around it. */
    LocalDate today() {
        return LocalDate.ofInstant(basics.now(), ZoneOffset.UTC);
    }

    /**
     * Expands the calendars in force again once the year has turned since they were expanded, so that their window
     * (last year to two years ahead) keeps covering what routing looks at on a node that runs for years. A calendar
     * that passes a bound in the new window is logged naming it and its rule, and the calendars in force stay.
     * Completes with whether they were renewed.
     */
    Future<Boolean> renewCalendars() {
        Map<String, HolidayCalendar> current = calendars();
        LocalDate today = today();
        int firstYear = today.getYear() - HolidayCalendar.YEARS_BACK;
        if (current.values().stream().allMatch(c -> c.windowStart().getYear() == firstYear)) {
            return Future.succeededFuture(false);
        }
        Map<String, String> texts = new LinkedHashMap<>();
        current.forEach((name, c) -> texts.put(name, c.text()));
        return basics.vertx().executeBlocking(() -> {
            Map<String, HolidayCalendar> cals = SetupFiles.parseCalendars(texts, "stored calendars", today);
            return Map.entry(SetupParser.parse("stored routing setup", document(), cals), cals);
        }, false).map(renewed -> {
            synchronized (lock) {
                if (calendars != current) {
                    return false; // changed meanwhile, and expanded for today then
                }
            }
            apply(renewed.getKey(), renewed.getValue(), version());
            LOG.info("Holiday calendars expanded again for {} to {}", firstYear,
                    firstYear + HolidayCalendar.YEARS_BACK + HolidayCalendar.YEARS_AHEAD);
            return true;
        }).recover(e -> {
            LOG.error("The holiday calendars cannot be expanded for {} onwards ({}); the ones in force stay until the "
                    + "calendar is fixed and uploaded again", firstYear, e.getMessage());
            return Future.succeededFuture(false);
        });
    }

    /** Puts calendars (already stored) in force with the setup re-checked against them. */
    void applyCalendars(RoutingSetup setup, Map<String, HolidayCalendar> cals) {
        apply(setup, cals, version());
        changed("calendar");
    }

    /**
     * {@code followUp} hears, after a change is in force, of the teams whose hours changed (zone, weekly hours,
     * overrides or holidays) with their calendars before it.
     */
    void onHoursChanged(Consumer<Map<String, BusinessCalendar>> followUp) {
        hoursChanged = followUp;
    }

    private void apply(RoutingSetup setup, Map<String, HolidayCalendar> cals, long stored) {
        RoutingSetup before;
        synchronized (lock) {
            calendars = Map.copyOf(cals);
            version = stored;
            before = basics.engine().setup();
            basics.engine().apply(setup);
        }
        Map<String, BusinessCalendar> changed = new LinkedHashMap<>();
        for (Team was : before.teams()) {
            setup.team(was.id()).filter(now -> !now.calendar().sameHoursAs(was.calendar()))
                    .ifPresent(now -> changed.put(was.id(), was.calendar()));
        }
        if (!changed.isEmpty()) {
            hoursChanged.accept(Map.copyOf(changed));
        }
    }

    private void changed(String what) {
        basics.announceSetup(what);
        afterChange.run();
    }

    /** Work done in the same store write as saving a setup; throwing refuses the change. */
    @FunctionalInterface
    interface SetupWork {
        void run(java.sql.Connection c, RoutingSetup next) throws java.sql.SQLException;
    }

    /** A team or profile the caller named that the setup does not have. */
    static NoSuchElementException unknown(String what, String id) {
        return new NoSuchElementException("No " + what + " '" + id + "' in the routing setup");
    }
}
