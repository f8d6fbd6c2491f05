/**
 * CRM connectors: show an agent who the customer is and what they ordered, and record the conversation in the CRM.
 *
 * <p>A {@link io.meridian.spi.crm.CrmConnectorFactory} (the PF4J extension point) creates one
 * {@link io.meridian.spi.crm.CrmConnector} per configured CRM account. The appliance looks the customer up by
 * e-mail, phone or an external id when a conversation opens, shows the contact and recent orders beside it, and
 * records an activity when the conversation closes.
 *
 * <p>Residency: lookups send personal data (e-mail, phone) to the CRM, so declare its host in the descriptor's
 * {@link io.meridian.spi.DataEgress egress} (often {@link io.meridian.spi.DataEgress#fromConfig(String...)}, since
 * the admin enters the CRM's URL).
 *
 * <p>Threading: see {@link io.meridian.spi}; all calls come off the event loop, on the plugin's executor, with a
 * timeout, may block, and may run concurrently.
 */
package io.meridian.spi.crm;
