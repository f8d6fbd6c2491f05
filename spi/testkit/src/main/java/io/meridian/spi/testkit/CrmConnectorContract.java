package io.meridian.spi.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.spi.ConnectorContext;
import io.meridian.spi.ConnectorFactory;
import io.meridian.spi.crm.ContactLookup;
import io.meridian.spi.crm.CrmActivity;
import io.meridian.spi.crm.CrmConnector;
import io.meridian.spi.crm.CrmConnectorFactory;
import io.meridian.spi.crm.CrmContact;
import io.meridian.spi.crm.CrmOrder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link CrmConnectorFactory} and its {@link CrmConnector}s honour. Extend it in the plugin's
 * tests, point {@link #validConfig()} at a fake of the CRM's API, and supply {@link #crmFactory()} and
 * {@link #knownContact()} (a lookup the fake answers with a contact that has at least one order). Override
 * {@link #assertActivityRecorded(CrmActivity)} to check on the fake that the activity arrived.
 *
 * <p>Checks, beyond {@link ConnectorFactoryContract}'s: a known contact is found with its CRM id; an unknown one
 * is empty, not an error; recent orders respect the limit and come newest first; an activity is recorded.
 */
public abstract class CrmConnectorContract extends ConnectorFactoryContract<CrmConnector, ConnectorContext> {

    /** @return a new factory, as PF4J would create it */
    protected abstract CrmConnectorFactory crmFactory();

    /** @return a lookup the test's CRM answers with a contact that has at least one order */
    protected abstract ContactLookup knownContact();

    @Override
    protected final ConnectorFactory<CrmConnector, ConnectorContext> factory() {
        return crmFactory();
    }

    /** @return a recording context; override to change its ids or clock */
    @Override
    protected ConnectorContext newContext() {
        return FakeConnectorContext.builder().pluginId("test-" + crmFactory().id()).instanceId("contract").build();
    }

    /** @return a lookup the CRM does not know; by default a random address at {@code example.invalid} */
    protected ContactLookup unknownContact() {
        return ContactLookup.byEmail("nobody-" + UUID.randomUUID() + "@example.invalid");
    }

    /**
     * Checks on the test's CRM that the activity was recorded; the default checks nothing beyond the call
     * succeeding.
     *
     * @param activity what was recorded
     * @throws Exception if the check cannot be made
     */
    protected void assertActivityRecorded(CrmActivity activity) throws Exception {
    }

    private CrmContact findKnown(CrmConnector crm) throws Exception {
        Optional<CrmContact> contact = crm.findContact(knownContact());
        assertNotNull(contact, "findContact() returned null instead of Optional.empty()");
        assertTrue(contact.isPresent(), "the known contact " + knownContact() + " was not found");
        return contact.get();
    }

    /** Verifies that a known contact is found, with its CRM id. */
    @Test
    public void knownContactIsFound() throws Exception {
        CrmContact contact = findKnown(newInstance());
        assertFalse(contact.crmId().isBlank(), "the contact has no CRM id");
    }

    /** Verifies that an unknown contact is an empty result, not an exception. */
    @Test
    public void unknownContactIsEmpty() throws Exception {
        Optional<CrmContact> contact = newInstance().findContact(unknownContact());
        assertNotNull(contact, "findContact() returned null instead of Optional.empty()");
        assertTrue(contact.isEmpty(), "an unknown contact must give Optional.empty()");
    }

    /** Verifies that recent orders respect the limit and come newest first. */
    @Test
    public void recentOrdersRespectLimitNewestFirst() throws Exception {
        CrmConnector crm = newInstance();
        CrmContact contact = findKnown(crm);
        List<CrmOrder> one = crm.recentOrders(contact.crmId(), 1);
        assertNotNull(one, "recentOrders() returned null");
        assertTrue(one.size() == 1, "the known contact must have an order, and limit 1 gives one; got " + one.size());
        List<CrmOrder> several = crm.recentOrders(contact.crmId(), 10);
        assertTrue(several.size() <= 10, "more orders than the limit: " + several.size());
        for (int i = 1; i < several.size(); i++) {
            assertFalse(several.get(i).placedAt().isAfter(several.get(i - 1).placedAt()),
                    "orders must come newest first");
        }
    }

    /** Verifies that an activity for a known contact is recorded. */
    @Test
    public void activityIsRecorded() throws Exception {
        CrmConnector crm = newInstance();
        CrmContact contact = findKnown(crm);
        CrmActivity activity = new CrmActivity(contact.crmId(), "conversation-" + UUID.randomUUID(), "email",
                "Asked when the order arrives; answered with the tracking link.", Instant.now());
        assertDoesNotThrow(() -> crm.recordActivity(activity), "recordActivity() failed");
        assertActivityRecorded(activity);
    }
}
