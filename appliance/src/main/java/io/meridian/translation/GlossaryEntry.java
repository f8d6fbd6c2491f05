package io.meridian.translation;

import io.meridian.spi.translation.GlossaryTerm;
import io.meridian.spi.translation.LanguagePair;

/**
 * One glossary term of a language pair as the console lists it.
 *
 * @param id         the row id
 * @param pair       the language pair the term belongs to
 * @param term       the term itself (source, approved target, or do-not-translate)
 */
public record GlossaryEntry(String id, LanguagePair pair, GlossaryTerm term) {
}
