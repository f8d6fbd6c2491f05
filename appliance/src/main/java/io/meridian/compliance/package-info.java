/**
 * Data-subject requests (docs/privacy.md): a customer's request to see, take, correct, restrict or erase their data,
 * tracked against its legal deadline; the customer's own copy of their data as an encrypted archive.
 */
package io.meridian.compliance;
