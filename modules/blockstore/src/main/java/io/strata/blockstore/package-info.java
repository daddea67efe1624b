/**
 * A node's blocks and pins.
 *
 * <ul>
 *   <li>{@link io.strata.blockstore.BlockStore}: blocks keyed by multihash (CIDv0 and CIDv1 twins are one
 *       block), at most {@link io.strata.blockstore.BlockStore#MAX_BLOCK_SIZE} bytes, identity CIDs answered
 *       from the CID. {@link io.strata.blockstore.RocksBlockStore} is the embedded default (one RocksDB
 *       per repository, also holding the pins); {@link io.strata.blockstore.MemoryBlockStore} serves tests.
 *       {@link io.strata.blockstore.BlockStore#asBlockGetter()} and
 *       {@link io.strata.blockstore.BlockStore#batchingSink} connect a store to the IPLD readers and
 *       producers.</li>
 *   <li>{@link io.strata.blockstore.PinStore}: stored direct and recursive pins;
 *       {@link io.strata.blockstore.Pinner}: Kubo's pin rules, indirect pins, {@code pin verify}.</li>
 *   <li>{@link io.strata.blockstore.GarbageCollector}: mark from pins and extra roots, sweep the rest,
 *       under a {@link io.strata.blockstore.GcLock}; {@link io.strata.blockstore.RepoVerifier}: rehash
 *       everything.</li>
 * </ul>
 *
 * All calls block; the blockstore verticle runs them on worker threads. Every failure is a
 * {@link io.strata.blockstore.BlockStoreException} with a machine-readable code.
 */
package io.strata.blockstore;
