package io.strata.blockstore.verticle;

/**
 * What {@code repo stat} needs: how many blocks and how many bytes of block data the store holds,
 * and where it lives on disk.
 */
public record BlockStoreStat(long blocks, long bytes, String path) {
}
