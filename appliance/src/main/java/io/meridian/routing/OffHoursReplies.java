package io.meridian.routing;

import io.meridian.console.TemplateLimits;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.velocity.Template;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.apache.velocity.runtime.RuntimeConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The off-hours reply, from {@code <templates-dir>/<locale>/off-hours.vm} (Velocity, plain text). The customer's
 * locale is tried first (zh-CN), then its language (zh), then English. The opening time is written in the
 * customer's own time zone and language. Templates are read on each use, so an admin's edit applies at once.
 */
public final class OffHoursReplies {

    private static final Logger LOG = LoggerFactory.getLogger(OffHoursReplies.class);

    /** Said when no template can be read at all, so a customer is never left without an answer. */
    static final String FALLBACK = "Thank you for your message. Our team is away right now and opens %s (%s). "
            + "Your conversation is in the queue and an agent will answer then.";

    private final Path dir;
    private final Set<String> quietChannels;
    private final VelocityEngine engine = new VelocityEngine();

    public OffHoursReplies(Path dir) {
        this(dir, List.of());
    }

    /**
     * {@code quietChannels}: channel instances whose customers are not sent the reply
     * ({@code routing.off-hours.quiet-channels}).
     */
    public OffHoursReplies(Path dir, List<String> quietChannels) {
        this.dir = dir;
        this.quietChannels = Set.copyOf(quietChannels);
        engine.setProperty(RuntimeConstants.RESOURCE_LOADERS, "file");
        engine.setProperty("resource.loader.file.path", dir.toAbsolutePath().toString());
        engine.setProperty("resource.loader.file.cache", "false");
        engine.setProperty(RuntimeConstants.INPUT_ENCODING, "UTF-8");
        TemplateLimits.restrict(engine);
        engine.init();
    }

    /**
     * Whether the reply goes to the customer of a conversation on {@code channel} through the channel's outbox (a mail
     * for an e-mail customer). The widget ({@code web}) shows every message of its conversation live, so this is only
     * about channel connectors: each sends it unless the admin made it quiet.
     */
    public boolean sentThrough(String channel) {
        return !"web".equals(channel) && !quietChannels.contains(channel);
    }

    /**
     * The client message id of the reply in a conversation on {@code day}: the reply is stored, and sent, at most once
     * per conversation and day, also across restarts (the id is unique in the conversation).
     */
    static String clientMessageId(LocalDate day) {
        return "off-hours-" + day;
    }

    /** A rendered reply and the locale of the template used. */
    public record Reply(String text, String locale) {
    }

    /**
     * The reply for a customer writing in {@code language} with browser {@code locale}, in {@code customerZone}
     * (the team's zone if the customer's is unknown), for a team opening at {@code opensAt}.
     */
    public Reply render(String language, String locale, ZoneId customerZone, String teamName, Instant opensAt) {
        for (String candidate : candidates(language, locale)) {
            Path file = dir.resolve(candidate).resolve("off-hours.vm");
            if (Files.isRegularFile(file)) {
                Locale l = Locale.forLanguageTag(candidate);
                VelocityContext context = TemplateLimits.context(file.toString());
                ZonedDateTime at = opensAt.atZone(customerZone);
                context.put("teamName", teamName);
                context.put("opensAt", at.format(DateTimeFormatter.ofLocalizedDateTime(FormatStyle.FULL, FormatStyle.SHORT)
                        .withLocale(l)));
                context.put("opensAtDate", at.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(l)));
                context.put("opensAtTime", at.format(DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(l)));
                context.put("opensAtIso", at.toOffsetDateTime().toString());
                context.put("timeZone", customerZone.getId());
                context.put("timeZoneName", customerZone.getDisplayName(TextStyle.FULL, l));
                try {
                    TemplateLimits.checkSize(file);
                    Template template = engine.getTemplate(candidate + "/off-hours.vm", "UTF-8");
                    StringWriter out = new StringWriter();
                    template.merge(context, out);
                    return new Reply(out.toString().strip(), candidate);
                } catch (RuntimeException | IOException e) {
                    // An admin's typo must not leave the customer without an answer: try the next template.
                    LOG.warn("Off-hours template {} cannot be used ({}); trying the next one", file, e.getMessage());
                }
            }
        }
        ZonedDateTime at = opensAt.atZone(customerZone);
        return new Reply(String.format(FALLBACK, at.format(DateTimeFormatter.ofLocalizedDateTime(FormatStyle.FULL,
                FormatStyle.SHORT).withLocale(Locale.ENGLISH)), customerZone.getId()), "en");
    }

    /** Template folders to try, best first: es-MX, es, then en. */
    static List<String> candidates(String language, String locale) {
        List<String> out = new ArrayList<>();
        Optional.ofNullable(locale).map(l -> Locale.forLanguageTag(l.replace('_', '-'))).ifPresent(l -> {
            if (language == null || l.getLanguage().equals(language)) {
                if (!l.getCountry().isEmpty()) {
                    out.add(l.getLanguage() + "-" + l.getCountry());
                }
                out.add(l.getLanguage());
            }
        });
        if (language != null) {
            out.add(language);
            if (language.equals("zh")) {
                out.add("zh-CN");
            }
        }
        out.add("en");
        return out.stream().filter(s -> s.matches("[a-z]{2,3}(-[A-Z]{2})?")).distinct().toList();
    }
}
