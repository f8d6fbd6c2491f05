/**
 * The node's key management beyond its start (docs/backup.md, "Rotating the master key"): the master key is replaced
 * while the node serves, every data key and secret wrapped under it is re-wrapped by the capability that owns it, and
 * the old key is then destroyed.
 */
package io.meridian.keys;
