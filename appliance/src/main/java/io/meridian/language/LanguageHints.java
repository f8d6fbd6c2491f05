package io.meridian.language;

import io.meridian.conversation.LanguageTags;
import java.util.List;

/**
 * What is already known about a customer's language, used when a message alone does not tell.
 *
 * Tags may be in any BCP 47 form ({@code en-US}, {@code pt_BR}, {@code zh-Hant}); they are reduced as
 * {@link LanguageTags#normalize} says, and malformed ones are skipped.
 *
 * @param contactLanguage  the language recorded on the contact, or null
 * @param browserLanguages the widget's {@code navigator.languages}, most preferred first; may be empty
 */
public record LanguageHints(String contactLanguage, List<String> browserLanguages) {

    public LanguageHints {
        browserLanguages = browserLanguages == null ? List.of() : List.copyOf(browserLanguages);
    }

    public static LanguageHints none() {
        return new LanguageHints(null, List.of());
    }
}
