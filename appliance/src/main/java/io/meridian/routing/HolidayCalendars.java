package io.meridian.routing;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holiday calendars uploaded in the console (a file or pasted text) or through the API. A calendar that is too large or
 * does not parse is refused naming the file and, for a parse error, the line and property ical4j stopped at; the
 * calendar in force under that name stays.
 */
final class HolidayCalendars {

    /** Largest calendar accepted: public holiday feeds are a few KiB, a busy exported calendar a few hundred. */
    static final int MAX_BYTES = 512 * 1024;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}\\.ics");
    private static final Logger AUDIT = LoggerFactory.getLogger("audit");

    private final RoutingBasics basics;
    private final TeamSetup setup;
    private final SetupRecords records = new SetupRecords();

    HolidayCalendars(RoutingBasics basics, TeamSetup setup) {
        this.basics = basics;
        this.setup = setup;
    }

    /** Whether {@code name} is a calendar file name we accept (us-holidays.ics). */
    static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * Stores a calendar under {@code name} and puts it in force. Fails with {@link RoutingSetupException} if the name,
     * the size or the content is not acceptable, or if the teams using it would no longer be valid with it. Errors name
     * {@code file}, the file as the admin knows it (the upload's own name, or {@code name}).
     */
    Future<HolidayCalendar> put(String name, String text, String by, String file) {
        if (!validName(name)) {
            return Future.failedFuture(new RoutingSetupException("console", "calendar name",
                    "expected a file name like us-holidays.ics (letters, digits, . _ -), got '" + name + "'"));
        }
        String ics = text == null ? "" : text;
        int bytes = ics.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            return Future.failedFuture(tooLarge(file, bytes));
        }
        // Reading and expanding is bounded but still up to seconds of work: never on the event loop.
        return basics.vertx().executeBlocking(() -> {
            HolidayCalendar parsed;
            try {
                parsed = HolidayCalendar.parse(name, ics, setup.today());
            } catch (IllegalArgumentException e) {
                throw new RoutingSetupException("uploaded " + file, null, e.getMessage());
            }
            Map<String, HolidayCalendar> cals = new LinkedHashMap<>(setup.calendars());
            cals.put(name, parsed);
            RoutingSetup checked = SetupParser.parse("stored routing setup", setup.document(), cals);
            return new Checked(parsed, cals, checked);
        }, false).compose(ok -> store(name, ics, by, ok));
    }

    /** A calendar that parsed, with the calendars and the setup it would put in force. */
    private record Checked(HolidayCalendar parsed, Map<String, HolidayCalendar> cals, RoutingSetup setup) {
    }

    private Future<HolidayCalendar> store(String name, String ics, String by, Checked ok) {
        HolidayCalendar parsed = ok.parsed();
        return basics.store().write(c -> {
            records.putCalendar(c, name, ics, basics.now());
            return null;
        }).map(v -> {
            setup.applyCalendars(ok.setup(), ok.cals());
            AUDIT.info("Holiday calendar {} uploaded by {} ({} events)", name, by, parsed.eventCount());
            return parsed;
        });
    }

    static RoutingSetupException tooLarge(String name, long bytes) {
        return new RoutingSetupException("uploaded " + name, null, "is " + (bytes + 1023) / 1024
                + " KiB; a calendar may be at most " + MAX_BYTES / 1024 + " KiB");
    }
}
