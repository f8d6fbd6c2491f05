/**
 * The tamper-evident audit trail: every line of the "audit" log (sign-ins, account and setup changes, cross-region
 * reads, erasures...) also appended to the store, each entry carrying the SHA-256 of the one before, verifiable and
 * periodically anchored (docs/security.md, "Audit trail").
 */
package io.meridian.audit;
