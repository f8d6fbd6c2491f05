package io.meridian.conversation;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a customer's personal data lives: the home region chosen at first contact from {@code residency.home-regions}
 * (country → region) by the country of the visitor's locale or browser languages, else this node's region; and the
 * region a returning visitor's token was issued in (docs/cluster.md, "Residency").
 */
public record HomeRegions(String nodeRegion, Map<String, String> byCountry) {

    /** Separates the home region from the random part of a visitor token: {@code eu.Q2x…}. */
    static final char TOKEN_SEPARATOR = '.';

    public HomeRegions {
        byCountry = Map.copyOf(byCountry);
    }

    /** Every contact homed in {@code nodeRegion}. */
    public static HomeRegions only(String nodeRegion) {
        return new HomeRegions(nodeRegion, Map.of());
    }

    /**
     * The home region of a new web visitor: that of the first country named by their locale or, failing that, their
     * browser's languages (most preferred first: {@code de-AT} names AT); this node's region when none is mapped.
     */
    public String ofNewVisitor(String locale, List<String> browserLanguages) {
        String country = ContactLanguages.countryOf(locale);
        for (int i = 0; country == null && browserLanguages != null && i < browserLanguages.size(); i++) {
            country = ContactLanguages.countryOf(browserLanguages.get(i));
        }
        return country == null ? nodeRegion : byCountry.getOrDefault(country, nodeRegion);
    }

    /**
     * The region a visitor token was issued in (its prefix); empty for a token issued before regions were written
     * in tokens, or one that is not a token at all: such a visitor is served where they land.
     */
    public static Optional<String> ofToken(String visitorToken) {
        if (visitorToken == null) {
            return Optional.empty();
        }
        int dot = visitorToken.indexOf(TOKEN_SEPARATOR);
        String region = dot <= 0 ? "" : visitorToken.substring(0, dot);
        return region.matches("[a-z0-9][a-z0-9-]{0,31}") ? Optional.of(region) : Optional.empty();
    }
}
