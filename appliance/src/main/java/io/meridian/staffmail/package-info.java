/**
 * Mail from Meridian to its own people (team leads, admins), through the company's SMTP relay: escalations of missed
 * service levels, later security alerts. Queued in the same store write as what caused it, sent and retried from the
 * queue, so a relay that is down delays a mail but never loses it. Customers' mail goes through channel connectors,
 * never through here.
 */
package io.meridian.staffmail;
