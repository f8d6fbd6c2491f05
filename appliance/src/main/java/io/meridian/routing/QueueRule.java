package io.meridian.routing;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A rule that raises a waiting conversation's priority (and may ask for a skill) when the contact has a tag, the
 * conversation came by a channel, or the first message contains one of the keywords. Keywords match without regard
 * to case or accents ("Réclamation" matches "reclamation"), as whole words in scripts that separate words and as
 * plain substrings in those that do not (Chinese, Japanese).
 */
public record QueueRule(String name, String tag, String channel, List<String> keywords, int priority, String skill) {

    /** Whether the rule applies; {@code normalizedText} comes from {@link #normalize}. */
    public boolean matches(Set<String> tags, String conversationChannel, String normalizedText) {
        boolean any = false;
        if (tag != null) {
            if (!tags.contains(tag)) {
                return false;
            }
            any = true;
        }
        if (channel != null) {
            if (!channel.equals(conversationChannel)) {
                return false;
            }
            any = true;
        }
        if (!keywords.isEmpty()) {
            if (matchedKeyword(normalizedText) == null) {
                return false;
            }
            any = true;
        }
        return any;
    }

    /** The first keyword found in the text, or null. */
    public String matchedKeyword(String normalizedText) {
        for (String k : keywords) {
            String nk = normalize(k);
            int at = normalizedText.indexOf(nk);
            while (at >= 0) {
                boolean startOk = at == 0 || !Character.isLetterOrDigit(normalizedText.codePointBefore(at))
                        || isUnspaced(nk);
                int end = at + nk.length();
                boolean endOk = end >= normalizedText.length() || isUnspaced(nk)
                        || !Character.isLetter(normalizedText.codePointAt(end))
                        || inflected(normalizedText, end);
                if (startOk && endOk) {
                    return k;
                }
                at = normalizedText.indexOf(nk, at + 1);
            }
        }
        return null;
    }

    /** Lower case, accents removed, so rules match however the customer typed. */
    public static String normalize(String text) {
        String decomposed = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFD);
        return decomposed.replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT);
    }

    private static boolean isUnspaced(String keyword) {
        return keyword.codePoints().anyMatch(cp -> {
            Character.UnicodeScript s = Character.UnicodeScript.of(cp);
            return s == Character.UnicodeScript.HAN || s == Character.UnicodeScript.HIRAGANA
                    || s == Character.UnicodeScript.KATAKANA || s == Character.UnicodeScript.THAI;
        });
    }

    /** Allows a short inflection after a keyword: refund-s, refund-ed, queja-s, Beschwerde-n. */
    private static boolean inflected(String text, int end) {
        int n = 0;
        int i = end;
        while (i < text.length() && Character.isLetter(text.codePointAt(i))) {
            n++;
            i += Character.charCount(text.codePointAt(i));
        }
        return n <= 3;
    }
}
