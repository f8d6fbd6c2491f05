package io.meridian.spi.crm;

import java.util.List;
import java.util.Optional;

/**
 * One configured CRM account, created by a {@link CrmConnectorFactory}.
 *
 * <h2>Lifecycle</h2>
 * {@code create} &rarr; any number of calls &rarr; {@link #close()} (idempotent). There is no start step: connect
 * lazily, so a CRM that is down fails calls (retryable), not the instance.
 *
 * <h2>Threading</h2>
 * Called off the event loop, on the plugin's bounded executor, with a timeout; calls may block and may run
 * concurrently, so an implementation must be thread-safe. Respond to interruption.
 *
 * <h2>Errors</h2>
 * Throw {@link io.meridian.spi.ConnectorException}: retryable when the CRM is unreachable or rate-limits, not
 * retryable when it refuses the credentials or the request. A failed lookup only leaves the agent's side panel
 * empty; a failed {@link #recordActivity} is retried by the appliance. Never put personal data in exception
 * messages.
 */
@SuppressWarnings("try") // close() may throw Exception, as AutoCloseable allows
public interface CrmConnector extends AutoCloseable {

    /**
     * Finds the CRM contact matching the lookup. Try the most specific key given first (external id, then e-mail,
     * then phone).
     *
     * @param lookup what the appliance knows of the customer
     * @return the contact, or empty if the CRM has none
     * @throws Exception on failure
     */
    Optional<CrmContact> findContact(ContactLookup lookup) throws Exception;

    /**
     * @param crmContactId a {@link CrmContact#crmId()} this connector returned
     * @param limit the most orders to return, at least 1
     * @return the contact's most recent orders, newest first, at most {@code limit}; empty if none
     * @throws Exception on failure
     */
    List<CrmOrder> recentOrders(String crmContactId, int limit) throws Exception;

    /**
     * Records a conversation in the CRM (as a note, activity or timeline entry). The appliance may call it again for
     * the same conversation after a retryable failure; avoid duplicates where the CRM allows an external key
     * ({@link CrmActivity#conversationId()}).
     *
     * @param activity what to record
     * @throws Exception on failure
     */
    void recordActivity(CrmActivity activity) throws Exception;

    /**
     * Releases everything the instance holds (connections, threads, helper processes). Called once the appliance no
     * longer uses the instance: when the admin disables or reconfigures it, when its plugin is reloaded, and when the
     * node stops; for a channel also after a failed {@code start()}. Must be idempotent: a second call does nothing. Called
     * off the event loop with a timeout, like every other method.
     *
     * @throws Exception if releasing failed; the appliance logs it and drops the instance anyway
     */
    @Override
    void close() throws Exception;
}
