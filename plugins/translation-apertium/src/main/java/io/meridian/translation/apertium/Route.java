package io.meridian.translation.apertium;

import java.util.List;

/**
 * How one language pair is translated: one APY mode, or two through an intermediate language.
 *
 * @param hops the modes in order, one or two
 * @param via the intermediate languages as BCP 47 tags, empty for a direct pair
 */
record Route(List<ApyPair> hops, List<String> via) {

    Route {
        hops = List.copyOf(hops);
        via = List.copyOf(via);
    }

    static Route direct(ApyPair mode) {
        return new Route(List.of(mode), List.of());
    }

    static Route pivot(ApyPair first, String intermediate, ApyPair second) {
        return new Route(List.of(first, second), List.of(intermediate));
    }

    boolean isPivot() {
        return !via.isEmpty();
    }

    /** @return what the result names as its engine, e.g. {@code apertium fra-spa+spa-eng} */
    String engine() {
        StringBuilder name = new StringBuilder("apertium ");
        for (int i = 0; i < hops.size(); i++) {
            name.append(i == 0 ? "" : "+").append(hops.get(i));
        }
        return name.toString();
    }
}
