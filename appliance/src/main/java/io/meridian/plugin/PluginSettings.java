package io.meridian.plugin;

import io.meridian.config.ConfigKeys;
import io.meridian.config.MeridianConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The plugin host's configuration (keys {@code plugins.*}, and {@code residency.on-site-addresses} for where connectors
 * may connect; docs/configuration.md), read once at start.
 */
public record PluginSettings(Path pluginsDir, boolean allowUnsigned, Path trustedKeysDir, Duration callTimeout,
        int maxConcurrentCalls, Duration retryMax, Path connectorsDir, int webhookMaxBytes, Path workDir,
        List<String> onSiteAddresses) {

    public static PluginSettings from(MeridianConfig config, Path dataDir) {
        return new PluginSettings(
                config.path(ConfigKeys.PLUGINS_DIR),
                config.bool(ConfigKeys.PLUGINS_ALLOW_UNSIGNED),
                config.path(ConfigKeys.PLUGINS_TRUSTED_KEYS_DIR),
                Duration.ofSeconds(config.integer(ConfigKeys.PLUGINS_CALL_TIMEOUT_SECONDS)),
                config.integer(ConfigKeys.PLUGINS_MAX_CONCURRENT_CALLS),
                Duration.ofSeconds(config.integer(ConfigKeys.PLUGINS_RETRY_MAX_SECONDS)),
                config.path(ConfigKeys.PLUGINS_CONNECTORS_DIR),
                config.integer(ConfigKeys.PLUGINS_WEBHOOK_MAX_BYTES),
                dataDir.resolve("plugins-work"),
                config.list(ConfigKeys.RESIDENCY_ON_SITE_ADDRESSES));
    }
}
