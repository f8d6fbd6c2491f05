package io.meridian.translation.apertium;

import io.meridian.spi.ConnectorConfig;
import io.meridian.spi.InvalidConfigException;
import io.meridian.spi.translation.LanguagePair;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The configuration of one Apertium provider, checked beyond what the descriptor can express.
 *
 * @param baseUrl where APY answers, http or https
 * @param timeout for one request, connecting included
 * @param languages the code mapping
 * @param pivots whether to offer pairs through an intermediate language
 * @param pivotLanguages intermediate languages to prefer, in order
 */
record ApertiumSettings(URI baseUrl, Duration timeout, ApertiumLanguages languages, boolean pivots,
                        List<String> pivotLanguages) {

    static final int MAX_TIMEOUT_SECONDS = 300;

    /**
     * @param config the validated configuration
     * @return the settings
     * @throws InvalidConfigException naming the property that does not fit
     */
    static ApertiumSettings from(ConnectorConfig config) throws InvalidConfigException {
        URI base = config.uri(ApertiumTranslationFactory.BASE_URL);
        String scheme = base.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidConfigException(ApertiumTranslationFactory.BASE_URL,
                    "expected an http or https URL such as http://127.0.0.1:2737, got '" + base + "'");
        }
        if (base.getRawUserInfo() != null) {
            throw new InvalidConfigException(ApertiumTranslationFactory.BASE_URL,
                    "must not contain a user name or password (APY has no login)");
        }
        if (!config.bool(ApertiumTranslationFactory.ALLOW_REMOTE_SERVER) && !isLoopback(base.getHost())) {
            throw new InvalidConfigException(ApertiumTranslationFactory.BASE_URL, "host '" + base.getHost()
                    + "' is not this machine (localhost, 127.0.0.1 or ::1). The provider declares that no text "
                    + "leaves the node; to use an APY server elsewhere on the site set "
                    + ApertiumTranslationFactory.ALLOW_REMOTE_SERVER + "=true, knowing that the residency policy "
                    + "will not see that host");
        }
        int seconds = config.integer(ApertiumTranslationFactory.TIMEOUT_SECONDS);
        if (seconds < 1 || seconds > MAX_TIMEOUT_SECONDS) {
            throw new InvalidConfigException(ApertiumTranslationFactory.TIMEOUT_SECONDS,
                    "expected 1 to " + MAX_TIMEOUT_SECONDS + " seconds, got " + seconds);
        }
        ApertiumLanguages languages = ApertiumLanguages.parse(ApertiumTranslationFactory.LANGUAGE_CODES,
                config.optional(ApertiumTranslationFactory.LANGUAGE_CODES).orElse(""));
        List<String> preferred = new ArrayList<>();
        for (String tag : config.optional(ApertiumTranslationFactory.PIVOT_LANGUAGES).orElse("").split("[,\\s]+")) {
            if (!tag.isBlank()) {
                try {
                    preferred.add(LanguagePair.normalizeTag(tag));
                } catch (IllegalArgumentException e) {
                    throw new InvalidConfigException(ApertiumTranslationFactory.PIVOT_LANGUAGES,
                            "expected language tags separated by commas, such as 'es, en': " + e.getMessage());
                }
            }
        }
        return new ApertiumSettings(base, Duration.ofSeconds(seconds), languages,
                config.bool(ApertiumTranslationFactory.PIVOT), List.copyOf(preferred));
    }

    /**
     * Tells whether a host is this machine, without asking DNS: {@code localhost} and loopback literals only.
     *
     * @param host the URL's host
     * @return whether text sent there stays on the node
     */
    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        String literal = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
        if (!literal.matches("[0-9.]+|[0-9a-f:.]*:[0-9a-f:.]*")) {
            return false; // a name: only DNS could tell, and DNS may change
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress(); // a literal: parsed, not looked up
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
