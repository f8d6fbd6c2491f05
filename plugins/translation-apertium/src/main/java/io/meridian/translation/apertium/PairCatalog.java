package io.meridian.translation.apertium;

import io.meridian.spi.translation.LanguagePair;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pairs an APY server offers, as Meridian language pairs, each with its {@link Route}: the modes APY lists,
 * and, when pivots are on, every pair it lacks but reaches through one intermediate language (French to English as
 * French to Spanish, then Spanish to English), except between variants of one language (English to US
 * English). The intermediate is the first of the preferred languages that works, otherwise the alphabetically
 * first.
 *
 * <p>Immutable; thread-safe.
 */
final class PairCatalog {

    private final Map<LanguagePair, Route> routes;

    private PairCatalog(Map<LanguagePair, Route> routes) {
        this.routes = Collections.unmodifiableMap(routes);
    }

    /**
     * @param modes the modes APY lists, in its order
     * @param languages the code mapping
     * @param pivots whether to add pairs through an intermediate language
     * @param preferred intermediate languages to try first, in order
     * @return the catalog
     */
    static PairCatalog build(List<ApyPair> modes, ApertiumLanguages languages, boolean pivots,
                             List<String> preferred) {
        Map<LanguagePair, ApyPair> direct = new LinkedHashMap<>();
        for (ApyPair mode : modes) {
            Optional<String> source = languages.tagOf(mode.source());
            Optional<String> target = languages.tagOf(mode.target());
            if (source.isPresent() && target.isPresent() && !source.get().equals(target.get())) {
                direct.putIfAbsent(LanguagePair.of(source.get(), target.get()), mode);
            }
        }
        Map<LanguagePair, Route> routes = new LinkedHashMap<>();
        direct.forEach((pair, mode) -> routes.put(pair, Route.direct(mode)));
        if (pivots) {
            Comparator<String> preference = Comparator.comparingInt((String l) -> {
                int rank = preferred.indexOf(l);
                return rank < 0 ? Integer.MAX_VALUE : rank;
            }).thenComparing(Comparator.naturalOrder());
            for (Map.Entry<LanguagePair, ApyPair> first : direct.entrySet()) {
                String middle = first.getKey().target();
                for (Map.Entry<LanguagePair, ApyPair> second : direct.entrySet()) {
                    LanguagePair hop = second.getKey();
                    if (!hop.source().equals(middle) || hop.target().equals(first.getKey().source())) {
                        continue;
                    }
                    if (primary(hop.target()).equals(primary(first.getKey().source()))) {
                        continue; // en -> es -> en-US is not a translation
                    }
                    LanguagePair through = LanguagePair.of(first.getKey().source(), hop.target());
                    Route existing = routes.get(through);
                    if (existing == null
                            || (existing.isPivot() && preference.compare(middle, existing.via().get(0)) < 0)) {
                        routes.put(through, Route.pivot(first.getValue(), middle, second.getValue()));
                    }
                }
            }
        }
        return new PairCatalog(routes);
    }

    private static String primary(String tag) {
        int dash = tag.indexOf('-');
        return dash < 0 ? tag : tag.substring(0, dash);
    }

    /** @return every pair, direct and through an intermediate language */
    Set<LanguagePair> pairs() {
        return routes.keySet();
    }

    /** @return the route for the pair, if the server offers it */
    Optional<Route> route(LanguagePair pair) {
        return Optional.ofNullable(routes.get(pair));
    }

    /** @return the number of pairs APY offers directly */
    long directCount() {
        return routes.values().stream().filter(r -> !r.isPivot()).count();
    }
}
