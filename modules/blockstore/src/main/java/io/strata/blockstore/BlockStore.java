package io.strata.blockstore;

import io.strata.ipld.Block;
import io.strata.ipld.BlockGetter;
import io.strata.ipld.BlockSink;
import io.strata.ipld.IpldException;
import io.strata.multiformats.Cid;

import java.util.Collection;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * Blocks on a node, keyed by their multihash as Kubo's datastore keys them: a block put under a CIDv0
 * is found under its CIDv1 twin and the other way round, and a multihash is stored once whatever codec
 * names it. The store remembers the CID of the last put of each multihash, and {@link #keys()} lists
 * that CID. (Kubo's {@code refs local} prints raw-codec CIDv1s because its datastore forgets the codec;
 * a caller that wants that exact output maps each key with {@code Cid.v1(Multicodec.RAW, cid.multihash())}.)
 *
 * <p>Identity-hashed CIDs carry their bytes in the CID: they are never stored, {@link #get} answers them
 * from the CID, {@link #has} is always true for them and {@link #keys()} does not list them.
 *
 * <p>{@code put} does not rehash the bytes: producers (the importer, Bitswap) have just computed or checked
 * the hash; {@link RepoVerifier} finds blocks whose bytes do not match. All methods block and are safe to
 * call from several threads; once {@link #close()} has returned every call fails with {@code CLOSED}.
 */
public interface BlockStore extends AutoCloseable {

    /** The largest block accepted, 2 MiB, as Kubo and Bitswap accept. */
    int MAX_BLOCK_SIZE = 2 * 1024 * 1024;

    /**
     * Stores one block (a no-op for identity CIDs); storing an already present multihash keeps the bytes
     * and records the new CID.
     *
     * @throws BlockStoreException {@code BLOCK_TOO_LARGE} above {@link #MAX_BLOCK_SIZE}
     */
    void put(Block block);

    /**
     * Stores all blocks in one atomic write: after a crash either all of them are present or none.
     * When one block is too large nothing is stored.
     */
    void putAll(Collection<Block> blocks);

    Optional<byte[]> get(Cid cid);

    boolean has(Cid cid);

    /** The block's size, without reading its bytes. */
    OptionalInt size(Cid cid);

    /** Removes the block; false when it was not there (or the CID is an identity CID). */
    boolean delete(Cid cid);

    /** Removes the blocks in one atomic write and returns how many were present. */
    int deleteAll(Collection<Cid> cids);

    /**
     * Every stored block's CID (as last put), in no particular order, streamed from the store. The stream
     * holds store resources: close it (try-with-resources). Blocks put or deleted while it is open may or
     * may not be seen.
     */
    Stream<Cid> keys();

    /**
     * At most {@code limit} stored CIDs (as last put) whose multihash bytes sort after {@code after}'s
     * (unsigned, byte by byte), in that order, so a caller can walk the whole store a page at a time without
     * holding it open or in memory. {@code after} is null for the first page and need not be stored. A block
     * put or deleted during a walk is seen or not, but every block stored throughout the walk is seen once.
     *
     * @throws IllegalArgumentException when {@code limit} is below 1
     */
    KeyPage keyPage(Cid after, int limit);

    BlockStoreStat stat();

    @Override
    void close();

    /** This store as the IPLD readers' {@link BlockGetter}. */
    default BlockGetter asBlockGetter() {
        return cid -> get(cid).orElseThrow(() -> new IpldException(IpldException.Code.BLOCK_NOT_FOUND,
                "block " + cid + " is not in the block store"));
    }

    /** A sink for the IPLD producers that writes batches of {@code maxBlocks} blocks or {@code maxBytes} bytes. */
    default BlockSink batchingSink(int maxBlocks, long maxBytes) {
        return new BatchingBlockSink(this, maxBlocks, maxBytes);
    }
}
