package io.meridian.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a channel connector sets aside reaches its instance's view (console, REST count, JMX count). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SetAsideItemsTest {

    /**
     * Verifies that items reported through the context are kept with the instance, newest last, at most
     * {@value ConnectorInstance#SET_ASIDE_SHOWN} of them, while the count keeps every one.
     */
    @Test
    void reportedItemsAreCountedAndTheLatestKept() {
        ConnectorInstance instance = new ConnectorInstance(new StoredInstance("support-mail", "channel-email",
                "channel-email", "Support", true, "admin", Map.of(), Set.of(), Map.of()));
        Instant now = Instant.parse("2026-12-06T01:00:00Z");
        HostChannelContext context = new HostChannelContext("channel-email", "support-mail",
                Clock.fixed(now, ZoneOffset.UTC), null, null, in -> Future.failedFuture("unused"),
                receipt -> Future.failedFuture("unused"), new ChannelProfiles(List.of()),
                (profile, message) -> Future.failedFuture("unused")).onSetAside(instance::setAside);
        for (int i = 1; i <= ConnectorInstance.SET_ASIDE_SHOWN + 5; i++) {
            context.setAside("UID " + i + " (UIDVALIDITY 7) in folder INBOX", "María López <maria@example.org>",
                    "Invoice " + i, "reading it broke the connection 3 times");
        }
        InstanceView view = instance.view(null);
        assertEquals(ConnectorInstance.SET_ASIDE_SHOWN + 5, view.setAsideCount());
        assertEquals(ConnectorInstance.SET_ASIDE_SHOWN, view.setAside().size());
        SetAsideItem newest = view.setAside().get(view.setAside().size() - 1);
        assertEquals("UID 25 (UIDVALIDITY 7) in folder INBOX", newest.reference());
        assertEquals("María López <maria@example.org>", newest.sender());
        assertEquals("Invoice 25", newest.subject());
        assertEquals(now, newest.at());
        assertTrue(view.setAside().get(0).reference().startsWith("UID 6 "), "the oldest beyond the limit went");
    }
}
