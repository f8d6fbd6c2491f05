package io.meridian.translation;

import io.meridian.config.ConfigKeys;
import io.meridian.config.MeridianConfig;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code translation.*} and {@code residency.*} settings (docs/translation.md).
 *
 * @param enabled            whether messages are translated at all
 * @param timeoutMillis      how long one translation may take, all engines tried included; past it the message goes
 *                           untranslated, flagged, and is retried in the background
 * @param preferredProviders instance ids tried first, in this order; other running engines follow by id
 * @param forbidEgressRegions regions whose customers' text may only go to local engines
 * @param reviewOutgoing     whether agents see and may edit the outgoing translation before it is sent, where the
 *                           conversation's team does not choose otherwise
 * @param agentLanguage      the language inbound messages are translated into (and replies from) when neither the
 *                           agent's reading language nor the team's first language is known
 */
public record TranslationSettings(boolean enabled, long timeoutMillis, List<String> preferredProviders,
                                  Set<String> forbidEgressRegions, boolean reviewOutgoing, String agentLanguage) {

    public TranslationSettings {
        preferredProviders = List.copyOf(preferredProviders);
        forbidEgressRegions = Set.copyOf(forbidEgressRegions);
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("timeoutMillis must be positive");
        }
    }

    public static TranslationSettings fromConfig(MeridianConfig config) {
        return new TranslationSettings(
                config.bool(ConfigKeys.TRANSLATION_ENABLED),
                config.integer(ConfigKeys.TRANSLATION_TIMEOUT_MILLIS),
                clean(config.list(ConfigKeys.TRANSLATION_PREFERRED_PROVIDERS)),
                new LinkedHashSet<>(clean(config.list(ConfigKeys.RESIDENCY_FORBID_EGRESS_REGIONS))),
                config.bool(ConfigKeys.TRANSLATION_REVIEW_OUTGOING),
                config.string(ConfigKeys.TRANSLATION_AGENT_LANGUAGE).strip());
    }

    private static List<String> clean(List<String> values) {
        return values.stream().map(String::strip).filter(v -> !v.isEmpty()).toList();
    }
}
