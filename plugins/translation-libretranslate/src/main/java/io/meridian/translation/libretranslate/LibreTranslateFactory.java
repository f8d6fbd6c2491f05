package io.meridian.translation.libretranslate;

import io.meridian.spi.ConfigProperty;
import io.meridian.spi.ConnectorConfig;
import io.meridian.spi.ConnectorContext;
import io.meridian.spi.ConnectorDescriptor;
import io.meridian.spi.DataEgress;
import io.meridian.spi.InvalidConfigException;
import io.meridian.spi.translation.TranslationProvider;
import io.meridian.spi.translation.TranslationProviderFactory;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import org.pf4j.Extension;

/**
 * The {@code translation-libretranslate} plugin: machine translation by a LibreTranslate server, self-hosted or a
 * provider's.
 *
 * <p>Residency: the text goes to the host of {@value #BASE_URL}, which the descriptor declares as egress
 * ({@link DataEgress#fromConfig(String...)}), so the residency policy can refuse it for a region that forbids
 * sending data there.
 *
 * <p>Stateless and thread-safe.
 */
@Extension
public final class LibreTranslateFactory implements TranslationProviderFactory {

    /** The plugin's and connector's id. */
    public static final String ID = "translation-libretranslate";
    /** Capability: glossary terms and protected tokens come through as the glossary says. */
    public static final String GLOSSARY = "glossary";

    static final String BASE_URL = "baseUrl";
    static final String API_KEY = "apiKey";
    static final String TIMEOUT_SECONDS = "timeoutSeconds";
    static final String LANGUAGE_CODES = "languageCodes";
    static final int MAX_TIMEOUT_SECONDS = 300;

    private static final ConnectorDescriptor DESCRIPTOR = ConnectorDescriptor.builder(ID, "LibreTranslate")
            .description("Neural machine translation by a LibreTranslate server. The text of each message is sent "
                    + "to that server: declare it in the residency policy.")
            .properties(
                    ConfigProperty.url(BASE_URL, "Server URL", "Base URL of the LibreTranslate server, e.g. "
                            + "https://translate.example.com. Every text to translate is sent there."),
                    ConfigProperty.secret(API_KEY, "API key", "The key the server issued, if it requires one; "
                            + "leave empty for a server without keys.").optional(),
                    ConfigProperty.integer(TIMEOUT_SECONDS, "Timeout (seconds)", "How long one request may take, "
                            + "connecting included; 1 to " + MAX_TIMEOUT_SECONDS + ".", 15),
                    ConfigProperty.text(LANGUAGE_CODES, "Language code mapping", "LibreTranslate codes that need "
                            + "another language tag, as code=tag separated by commas or lines, e.g. "
                            + "'zh=zh-CN, zt=zh-TW'. Without this, zt is zh-Hant and pb is pt-BR."))
            .capabilities(GLOSSARY)
            .egress(DataEgress.fromConfig(BASE_URL))
            .build();

    /** Creates the factory; PF4J calls this. */
    public LibreTranslateFactory() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** The rules of {@link #create}, checked when an admin saves an instance: URL scheme, no user info, timeout. */
    @Override
    public void validate(ConnectorConfig config) throws InvalidConfigException {
        checked(config);
    }

    @Override
    public TranslationProvider create(ConnectorContext context, ConnectorConfig config) throws Exception {
        Checked settings = checked(config);
        URI base = settings.base();
        char[] key = config.has(API_KEY) ? config.secret(API_KEY) : null;
        if (base.getScheme().equalsIgnoreCase("http") && key != null) {
            context.logger().log(System.Logger.Level.WARNING, "LibreTranslate provider {0} sends its API key and "
                    + "message text to {1} without TLS", context.instanceId(), base.getHost());
        }
        return new LibreTranslateProvider(context, new LibreTranslateClient(context.http(), base,
                Duration.ofSeconds(settings.seconds()), key), settings.codes());
    }

    private static Checked checked(ConnectorConfig config) throws InvalidConfigException {
        URI base = config.uri(BASE_URL);
        String scheme = base.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidConfigException(BASE_URL, "expected an http or https URL such as "
                    + "https://translate.example.com, got '" + base + "'");
        }
        if (base.getRawUserInfo() != null) {
            throw new InvalidConfigException(BASE_URL, "must not contain a user name or password; put the key in "
                    + API_KEY);
        }
        int seconds = config.integer(TIMEOUT_SECONDS);
        if (seconds < 1 || seconds > MAX_TIMEOUT_SECONDS) {
            throw new InvalidConfigException(TIMEOUT_SECONDS, "expected 1 to " + MAX_TIMEOUT_SECONDS
                    + " seconds, got " + seconds);
        }
        return new Checked(base, seconds, LanguageCodes.parse(LANGUAGE_CODES,
                config.optional(LANGUAGE_CODES).orElse("")));
    }

    private record Checked(URI base, int seconds, LanguageCodes codes) {
    }
}
