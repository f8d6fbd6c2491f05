/**
 * The {@code translation-apertium} plugin: a {@link io.meridian.spi.translation.TranslationProvider} for an Apertium
 * APY server on the same machine, with glossary terms and protected tokens kept intact, a confidence derived from
 * the words Apertium knew, and pairs through an intermediate language.
 */
package io.meridian.translation.apertium;
