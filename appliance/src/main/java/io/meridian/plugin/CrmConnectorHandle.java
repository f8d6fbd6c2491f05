package io.meridian.plugin;

import io.meridian.spi.crm.ContactLookup;
import io.meridian.spi.crm.CrmActivity;
import io.meridian.spi.crm.CrmConnector;
import io.meridian.spi.crm.CrmContact;
import io.meridian.spi.crm.CrmOrder;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * A configured CRM connector instance, as the node's contact capability calls it (from
 * {@link PluginHost#crmConnectors()}). Calls are isolated and bounded as {@link ConnectorHandle} describes.
 */
public final class CrmConnectorHandle extends ConnectorHandle {

    CrmConnectorHandle(HostRuntime runtime, InstanceCalls calls, ConnectorInstance instance) {
        super(runtime, calls, instance);
    }

    /** {@link CrmConnector#findContact}, off the event loop, within the node's deadline. */
    public Future<Optional<CrmContact>> findContact(ContactLookup lookup) {
        return call(CrmConnector.class, "findContact", c -> c.findContact(lookup));
    }

    /** {@link CrmConnector#recentOrders}, off the event loop, within the node's deadline. */
    public Future<List<CrmOrder>> recentOrders(String crmContactId, int limit) {
        return call(CrmConnector.class, "recentOrders", c -> c.recentOrders(crmContactId, limit));
    }

    /** {@link CrmConnector#recordActivity}, off the event loop, within the node's deadline. */
    public Future<Void> recordActivity(CrmActivity activity) {
        return call(CrmConnector.class, "recordActivity", c -> {
            c.recordActivity(activity);
            return null;
        });
    }
}
