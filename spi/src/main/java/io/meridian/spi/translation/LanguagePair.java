package io.meridian.spi.translation;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A direction of translation between two languages, as BCP 47 tags ({@code en}, {@code es}, {@code zh-TW},
 * {@code sr-Latn}). Tags are normalised to their conventional case ({@code zh-tw} becomes {@code zh-TW}) so pairs
 * compare equal regardless of how a remote engine spells them. Immutable.
 *
 * @param source the language translated from
 * @param target the language translated to, different from {@code source}
 */
public record LanguagePair(String source, String target) {

    private static final Pattern TAG = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*");

    /** Validates and normalises. */
    public LanguagePair {
        source = normalizeTag(source);
        target = normalizeTag(target);
        if (source.equals(target)) {
            throw new IllegalArgumentException("LanguagePair source and target are both '" + source + "'");
        }
    }

    /** @return the pair {@code source -> target} */
    public static LanguagePair of(String source, String target) {
        return new LanguagePair(source, target);
    }

    /** @return the opposite direction */
    public LanguagePair reversed() {
        return new LanguagePair(target, source);
    }

    /**
     * Validates a BCP 47 language tag and brings it to its conventional case: language lower case, script title
     * case, region upper case ({@code ZH-hant-tw} becomes {@code zh-Hant-TW}). Underscores are read as hyphens.
     *
     * @param tag a tag such as {@code en}, {@code pt-BR}
     * @return the normalised tag
     * @throws IllegalArgumentException if it is not a language tag
     */
    public static String normalizeTag(String tag) {
        Objects.requireNonNull(tag, "language tag");
        String t = tag.trim().replace('_', '-');
        if (!TAG.matcher(t).matches()) {
            throw new IllegalArgumentException("'" + tag + "' is not a BCP 47 language tag such as en, es or zh-TW");
        }
        String[] parts = t.split("-");
        StringBuilder out = new StringBuilder(parts[0].toLowerCase(Locale.ROOT));
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i];
            out.append('-');
            if (p.length() == 2 && Character.isLetter(p.charAt(0))) {
                out.append(p.toUpperCase(Locale.ROOT));
            } else if (p.length() == 4 && Character.isLetter(p.charAt(0))) {
                out.append(Character.toUpperCase(p.charAt(0))).append(p.substring(1).toLowerCase(Locale.ROOT));
            } else {
                out.append(p.toLowerCase(Locale.ROOT));
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return source + "->" + target;
    }
}
