package io.meridian.plugin;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The channel profiles the host was given, by identity kind. */
final class ChannelProfiles {

    private final Map<String, ChannelProfile> byKind = new HashMap<>();

    ChannelProfiles(List<ChannelProfile> profiles) {
        for (ChannelProfile profile : profiles) {
            String kind = profile.identityKind().toLowerCase(Locale.ROOT);
            if (byKind.putIfAbsent(kind, profile) != null) {
                throw new IllegalArgumentException("two channel profiles for identity kind '" + kind + "'");
            }
        }
    }

    /** The profile for messages of {@code identityKind}, if one was registered. */
    Optional<ChannelProfile> of(String identityKind) {
        return identityKind == null ? Optional.empty()
                : Optional.ofNullable(byKind.get(identityKind.toLowerCase(Locale.ROOT)));
    }
}
