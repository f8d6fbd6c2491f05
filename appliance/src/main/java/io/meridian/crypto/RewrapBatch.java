package io.meridian.crypto;

/**
 * One batch of a master key rotation over a table of wrapped keys: the last row id it visited (null when there were
 * no more rows), how many rows it visited, and how many it re-wrapped (the others were under the new key already).
 */
public record RewrapBatch(String lastId, int visited, int rewrapped) {
}
