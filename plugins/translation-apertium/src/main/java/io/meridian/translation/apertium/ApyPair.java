package io.meridian.translation.apertium;

/**
 * A translation mode installed in APY, by the codes APY lists it under in {@code /listPairs}.
 *
 * @param source the source code, e.g. {@code spa}
 * @param target the target code, e.g. {@code por_BR}
 */
record ApyPair(String source, String target) {

    /** @return the {@code langpair} parameter of {@code /translate}, e.g. {@code eng|spa} */
    String langpair() {
        return source + "|" + target;
    }

    /** @return the mode name, e.g. {@code eng-spa} */
    @Override
    public String toString() {
        return source + "-" + target;
    }
}
