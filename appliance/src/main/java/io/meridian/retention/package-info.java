/**
 * Retention policies (docs/privacy.md#retention): per home region, how long chat transcripts, message files and
 * closed tickets are kept; a daily job that erases or anonymises what is due in small batches through each table's
 * owner, a dry-run that counts what would go, and the record of every run.
 */
package io.meridian.retention;
