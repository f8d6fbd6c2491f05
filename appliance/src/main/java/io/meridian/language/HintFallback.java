package io.meridian.language;

import io.meridian.conversation.LanguageTags;
import io.meridian.language.DetectedLanguage.Source;
import java.util.Optional;

/**
 * The answer when the text alone cannot tell: the contact's known language, else the browser's first language that is
 * a valid tag. These answers carry fixed confidences, lower than the contact's own words would give, so a consumer
 * can tell a prior from evidence by {@link DetectedLanguage#source()} or by the number.
 */
final class HintFallback {

    /** Confidence given to the contact's known language when the text does not decide. */
    static final double CONTACT_CONFIDENCE = 0.5;
    /** Confidence given to the browser's first language when the text does not decide and the contact's is unknown. */
    static final double BROWSER_CONFIDENCE = 0.3;

    private HintFallback() {
    }

    static Optional<DetectedLanguage> of(LanguageHints hints) {
        if (hints == null) {
            return Optional.empty();
        }
        Optional<String> contact = LanguageTags.normalize(hints.contactLanguage());
        if (contact.isPresent()) {
            return Optional.of(new DetectedLanguage(contact.get(), CONTACT_CONFIDENCE, Source.CONTACT));
        }
        return hints.browserLanguages().stream()
                .map(LanguageTags::normalize)
                .flatMap(Optional::stream)
                .findFirst()
                .map(language -> new DetectedLanguage(language, BROWSER_CONFIDENCE, Source.BROWSER));
    }

    /** The Chinese form named by the hints (contact first), if they name one. */
    static Optional<String> chineseForm(LanguageHints hints) {
        if (hints == null) {
            return Optional.empty();
        }
        Optional<String> contact = LanguageTags.normalize(hints.contactLanguage()).filter(LanguageTags::isChinese);
        if (contact.isPresent()) {
            return contact;
        }
        return hints.browserLanguages().stream()
                .map(LanguageTags::normalize)
                .flatMap(Optional::stream)
                .filter(LanguageTags::isChinese)
                .findFirst();
    }
}
