package io.meridian.language;

import io.meridian.console.ConsoleLanguage;
import io.meridian.console.ConsoleLocales;
import io.meridian.console.ConsolePreferences;
import io.meridian.console.Templates;
import io.meridian.conversation.LanguageTags;
import io.meridian.security.ConsoleSecurity;
import io.meridian.security.SignedInAgent;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /console/settings}: each agent chooses the console's language and the time zone dates are shown in. */
public final class ConsoleSettingsPages {

    static final String PATH = "/console/settings";
    /** Region/City zones, as people know them; the legacy aliases (US/Pacific, Etc/GMT+5...) are left out. */
    private static final List<String> ZONES = ZoneId.getAvailableZoneIds().stream()
            .filter(id -> id.matches("(Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)/.+"))
            .sorted()
            .toList();

    private final ConsoleLocales locales;
    private final Templates templates;
    private final ReadingLanguages reading;

    public ConsoleSettingsPages(ConsoleLocales locales, Templates templates) {
        this(locales, templates, null);
    }

    /** {@code reading} (may be null: the field is not offered) keeps the language customer messages are translated into. */
    public ConsoleSettingsPages(ConsoleLocales locales, Templates templates, ReadingLanguages reading) {
        this.locales = locales;
        this.templates = templates;
        this.reading = reading;
    }

    public void addRoutes(Router router) {
        router.get(PATH).handler(ConsoleSecurity.requireSignedIn()).handler(this::form);
        router.post(PATH).handler(ConsoleSecurity.requireSignedIn()).handler(this::save);
    }

    private void form(RoutingContext ctx) {
        render(ctx, 200, null, "1".equals(ctx.request().getParam("saved")));
    }

    private void save(RoutingContext ctx) {
        SignedInAgent agent = ConsoleSecurity.agent(ctx);
        String languageField = field(ctx, "language");
        String zoneField = field(ctx, "timeZone");
        Optional<ConsoleLanguage> language = Optional.empty();
        if (!languageField.isEmpty()) {
            language = ConsoleLanguage.all().stream().filter(l -> l.tag().equals(languageField)).findFirst();
            if (language.isEmpty()) {
                render(ctx, 400, "settings.error.language", false);
                return;
            }
        }
        Optional<ZoneId> zone = Optional.empty();
        if (!zoneField.isEmpty()) {
            if (!zoneField.equals("UTC") && !ZONES.contains(zoneField)) {
                render(ctx, 400, "settings.error.time-zone", false);
                return;
            }
            try {
                zone = Optional.of(ZoneId.of(zoneField));
            } catch (DateTimeException e) {
                render(ctx, 400, "settings.error.time-zone", false);
                return;
            }
        }
        Optional<String> readingLanguage = Optional.empty();
        String readingField = field(ctx, "readingLanguage");
        if (reading != null && !readingField.isEmpty()) {
            readingLanguage = LanguageTags.normalize(readingField);
            if (readingLanguage.isEmpty()) {
                render(ctx, 400, "settings.error.reading-language", false);
                return;
            }
        }
        Optional<String> readingChoice = readingLanguage;
        locales.preferences().save(agent.id(), language, zone)
                .compose(v -> reading == null ? io.vertx.core.Future.<Void>succeededFuture()
                        : reading.save(agent.id(), readingChoice))
                .onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.redirect(PATH + "?saved=1");
            } else {
                ctx.fail(ar.cause()); // the node's fault: logged once, with the id the error page shows
            }
        });
    }

    private void render(RoutingContext ctx, int status, String errorKey, boolean saved) {
        SignedInAgent agent = ConsoleSecurity.agent(ctx);
        ConsolePreferences.Preference chosen = locales.preferences().of(agent.id());
        Map<String, Object> model = new HashMap<>();
        model.put("title", "Settings");
        model.put("agent", agent);
        model.put("csrf", ConsoleSecurity.csrfToken(ctx));
        model.put("t", ConsoleLocales.messages(ctx, agent.id()));
        model.put("languages", ConsoleLanguage.all());
        model.put("chosenLanguage", chosen.language().map(ConsoleLanguage::tag).orElse(""));
        model.put("browserLanguage",
                ConsoleLanguage.fromAcceptLanguage(ctx.request().getHeader("Accept-Language")).nativeName());
        model.put("zones", ZONES);
        model.put("chosenZone", chosen.timeZone().map(ZoneId::getId).orElse(""));
        model.put("nodeZone", ConsoleLocales.browserZone(ctx).orElse(locales.nodeZone()).getId());
        model.put("now", Instant.now());
        model.put("saved", saved && status == 200);
        model.put("error", errorKey == null ? "" : errorKey);
        model.put("readingOffered", reading != null);
        model.put("chosenReading", reading == null ? "" : reading.chosen(agent.id()).orElse(""));
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
                .end(templates.render("console/settings", model));
    }

    private static String field(RoutingContext ctx, String name) {
        String value = ctx.request().getFormAttribute(name);
        return value == null ? "" : value.strip();
    }
}
