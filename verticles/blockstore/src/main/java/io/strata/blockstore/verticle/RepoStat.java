package io.strata.blockstore.verticle;

/**
 * What Kubo's {@code repo stat} reports about this node's block store.
 *
 * @param blocks       number of stored blocks (NumObjects)
 * @param bytes        sum of the stored blocks' sizes (RepoSize counts this)
 * @param storageBytes bytes the store occupies on disk, which lags behind deletes until compaction
 * @param path         the repository directory (RepoPath)
 */
public record RepoStat(long blocks, long bytes, long storageBytes, String path) {
}
