/**
 * The {@code translation-libretranslate} plugin: a {@link io.meridian.spi.translation.TranslationProvider} for the
 * LibreTranslate HTTP API, with glossary terms and protected tokens kept intact. Its egress is the configured host.
 */
package io.meridian.translation.libretranslate;
