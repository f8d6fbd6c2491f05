/**
 * Backups of a node (docs/backup.md): an online copy of the database, packed and encrypted into one archive under
 * the node's master key, and the restore that puts one back while the node is stopped.
 */
package io.meridian.backup;
