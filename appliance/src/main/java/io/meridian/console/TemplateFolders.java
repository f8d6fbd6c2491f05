package io.meridian.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which locale folders of {@code conf/templates} to try for a customer's locale, best first: {@code es-MX},
 * {@code es}, then {@code en} ({@code zh} also tries {@code zh-CN}). Only plain locale names come out, so a
 * customer-supplied locale never reaches the file system as a path.
 */
public final class TemplateFolders {

    private TemplateFolders() {
    }

    public static List<String> candidates(String locale) {
        List<String> out = new ArrayList<>();
        if (locale != null && !locale.isBlank()) {
            Locale l = Locale.forLanguageTag(locale.strip().replace('_', '-'));
            if (!l.getLanguage().isEmpty()) {
                if (!l.getCountry().isEmpty()) {
                    out.add(l.getLanguage() + "-" + l.getCountry());
                }
                out.add(l.getLanguage());
                if (l.getLanguage().equals("zh")) {
                    out.add("zh-CN");
                }
            }
        }
        out.add("en");
        return out.stream().filter(s -> s.matches("[a-z]{2,3}(-[A-Z]{2})?")).distinct().toList();
    }
}
