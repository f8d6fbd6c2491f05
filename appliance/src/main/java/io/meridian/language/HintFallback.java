package io.meridian.language;

import io.meridian.conversation.LanguageTags;
import io.meridian.language.DetectedLanguage.Source;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The answer when the text alone cannot tell: the contact's known language, else the browser's first language that is
 * a valid tag. These answers carry fixed confidences, lower than the contact's own words would give, so a consumer
 * can tell a prior from evidence by {@link DetectedLanguage#source()} or by the number.
 * <p>
 * A hint fills in what the text leaves open; it never contradicts what the text does say. When the text says nothing
 * (no letters, or too short to judge) any hint is taken. When the text narrows the choice to a few languages (a tie
 * between Spanish and Portuguese, a message half in German and half in English), only a hint among those is taken:
 * a browser set to English does not make a message that is Spanish or Portuguese English.
 */
final class HintFallback {

    /** Confidence given to the contact's known language when the text does not decide. */
    static final double CONTACT_CONFIDENCE = 0.5;
    /** Confidence given to the browser's first language when the text does not decide and the contact's is unknown. */
    static final double BROWSER_CONFIDENCE = 0.3;

    private HintFallback() {
    }

    /** The hints' answer for a text that says nothing about its language: any valid hint, contact first. */
    static Optional<DetectedLanguage> of(LanguageHints hints) {
        return of(hints, language -> true);
    }

    /**
     * The hints' answer for a text that leaves only some languages open: the contact's language if it is one of them,
     * else the browser's first language that is.
     *
     * @param open ISO 639-1 codes the text leaves possible ({@code zh} for both Chinese forms)
     */
    static Optional<DetectedLanguage> among(LanguageHints hints, Set<String> open) {
        return of(hints, language -> open.contains(primary(language)));
    }

    private static Optional<DetectedLanguage> of(LanguageHints hints, Predicate<String> possible) {
        if (hints == null) {
            return Optional.empty();
        }
        Optional<String> contact = LanguageTags.normalize(hints.contactLanguage()).filter(possible);
        if (contact.isPresent()) {
            return Optional.of(new DetectedLanguage(contact.get(), CONTACT_CONFIDENCE, Source.CONTACT));
        }
        return hints.browserLanguages().stream()
                .map(LanguageTags::normalize)
                .flatMap(Optional::stream)
                .filter(possible)
                .findFirst()
                .map(language -> new DetectedLanguage(language, BROWSER_CONFIDENCE, Source.BROWSER));
    }

    /** {@code zh} for {@code zh-CN} and {@code zh-TW}; other recorded codes are ISO 639-1 already. */
    private static String primary(String language) {
        return LanguageTags.isChinese(language) ? "zh" : language;
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
