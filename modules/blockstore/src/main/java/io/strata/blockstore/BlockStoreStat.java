package io.strata.blockstore;

/**
 * What a block store holds.
 *
 * @param blockCount   number of stored blocks (identity-hashed CIDs are never stored and not counted)
 * @param totalBytes   sum of the stored blocks' sizes, exact
 * @param storageBytes bytes the store occupies on its medium (for RocksDB the live SST and blob files,
 *                     which lags behind deletes until compaction; for the memory store equal to totalBytes)
 */
public record BlockStoreStat(long blockCount, long totalBytes, long storageBytes) {
}
