/**
 * The customer's rights over their data (docs/privacy.md): erasure by crypto-shredding, legal holds that keep data
 * from erasure, and the ledger that re-applies erasures to a database restored from an older backup.
 */
package io.meridian.privacy;
