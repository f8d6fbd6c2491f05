package io.meridian.translation.apertium;

import io.meridian.spi.ConfigProperty;
import io.meridian.spi.ConnectorConfig;
import io.meridian.spi.ConnectorContext;
import io.meridian.spi.ConnectorDescriptor;
import io.meridian.spi.InvalidConfigException;
import io.meridian.spi.DataEgress;
import io.meridian.spi.PropertyType;
import io.meridian.spi.translation.TranslationProvider;
import io.meridian.spi.translation.TranslationProviderFactory;
import org.pf4j.Extension;

/**
 * The {@code translation-apertium} plugin: machine translation on site through an Apertium APY server.
 *
 * <p>Residency: the egress is the host of {@value #BASE_URL} ({@link DataEgress#fromConfig(String...)}), and every
 * request goes through the appliance's residency-checked client. The appliance counts the instance as local only if
 * that host resolves to loopback or on-site addresses alone, and then lets it connect to such addresses only. The base
 * URL must be a loopback literal or {@code localhost} unless the admin sets {@value #ALLOW_REMOTE_SERVER} for an APY
 * elsewhere; the residency policy then sees that host like any other.
 *
 * <p>Capability {@value #PIVOT_PAIRS}: {@code supportedPairs()} also lists pairs APY reaches only through an
 * intermediate language, and {@code translate} names that language in {@code TranslationResult.via()}.
 *
 * <p>Stateless and thread-safe.
 */
@Extension
public final class ApertiumTranslationFactory implements TranslationProviderFactory {

    /** The plugin's and connector's id. */
    public static final String ID = "translation-apertium";
    /** Capability: supported pairs include pairs through an intermediate language, reported in {@code via}. */
    public static final String PIVOT_PAIRS = "pivot-pairs";
    /** Capability: glossary terms and protected tokens come through as the glossary says. */
    public static final String GLOSSARY = "glossary";

    static final String BASE_URL = "baseUrl";
    static final String TIMEOUT_SECONDS = "timeoutSeconds";
    static final String LANGUAGE_CODES = "languageCodes";
    static final String PIVOT = "pivot";
    static final String PIVOT_LANGUAGES = "pivotLanguages";
    static final String ALLOW_REMOTE_SERVER = "allowRemoteServer";

    private static final ConnectorDescriptor DESCRIPTOR = ConnectorDescriptor.builder(ID, "Apertium (on site)")
            .description("Rule-based machine translation by an Apertium APY server on this machine. No text leaves "
                    + "the node. Pairs are those of the installed Apertium packages, plus pairs through a third "
                    + "language (e.g. French to English through Spanish).")
            .properties(
                    ConfigProperty.url(BASE_URL, "APY URL", "Where the Apertium APY server answers. It must be on "
                            + "this machine (localhost, 127.0.0.1 or ::1) so that no text leaves the node.")
                            .withDefault("http://127.0.0.1:2737"),
                    ConfigProperty.integer(TIMEOUT_SECONDS, "Timeout (seconds)", "How long one request to APY may "
                            + "take, connecting included; 1 to " + ApertiumSettings.MAX_TIMEOUT_SECONDS + ".", 10),
                    ConfigProperty.text(LANGUAGE_CODES, "Language code mapping", "Apertium language codes that "
                            + "need another language tag than the standard one, as code=tag separated by commas or "
                            + "lines, e.g. 'nob=nb, hbs=sr-Latn'. Three-letter codes map to two-letter ones by "
                            + "ISO 639 without this."),
                    ConfigProperty.bool(PIVOT, "Pivot through a third language", "Offer pairs APY lacks when it "
                            + "has both halves, e.g. French to English as French to Spanish to English. The result "
                            + "names the language it went through, and its confidence is lower.", true),
                    new ConfigProperty(PIVOT_LANGUAGES, "Preferred pivot languages", "Intermediate languages to "
                            + "try first, in order, as language tags separated by commas.", PropertyType.STRING,
                            "es, en, ca", false, false),
                    ConfigProperty.bool(ALLOW_REMOTE_SERVER, "Allow an APY server on another machine", "Only for "
                            + "an APY server on the same site and in the same region: text is then sent to it, "
                            + "and the residency policy counts this provider as local only if that server's addresses "
                            + "are on site (residency.on-site-addresses).", false))
            .capabilities(PIVOT_PAIRS, GLOSSARY)
            .egress(DataEgress.fromConfig(BASE_URL))
            .build();

    /** Creates the factory; PF4J calls this. */
    public ApertiumTranslationFactory() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** The rules of {@link #create}, checked when an admin saves an instance. */
    @Override
    public void validate(ConnectorConfig config) throws InvalidConfigException {
        ApertiumSettings.from(config);
    }

    @Override
    public TranslationProvider create(ConnectorContext context, ConnectorConfig config) throws Exception {
        ApertiumSettings settings = ApertiumSettings.from(config);
        if (!ApertiumSettings.isLoopback(settings.baseUrl().getHost())) {
            context.logger().log(System.Logger.Level.WARNING, "Apertium provider {0} sends text to {1}, which is "
                    + "not this machine ({2}=true); make sure it is in this node's region",
                    context.instanceId(), settings.baseUrl().getHost(), ALLOW_REMOTE_SERVER);
        }
        return new ApertiumTranslationProvider(context, settings);
    }
}
