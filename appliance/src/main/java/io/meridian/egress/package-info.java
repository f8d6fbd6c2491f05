/**
 * Where data may go when the node connects out: the residency rule applied to addresses, not names.
 *
 * <p>A host is on site only if every address it resolves to is loopback or in {@code residency.on-site-addresses}
 * ({@link io.meridian.egress.OnSiteAddresses}). {@link io.meridian.egress.EgressRule} decides it for one host, both
 * when a connector instance starts (which of its hosts are on site, so whether the residency policy may give it the
 * text of regions that keep their data on site) and at every connection; {@link io.meridian.egress.CheckedHttp} is
 * the HTTP client connectors get, which connects to exactly the address the rule checked and follows no redirect.
 */
package io.meridian.egress;
