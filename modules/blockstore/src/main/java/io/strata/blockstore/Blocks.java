package io.strata.blockstore;

import io.strata.ipld.Block;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.MultiformatException;

import java.util.Collection;

/** Rules every block store applies the same way. */
final class Blocks {

    private Blocks() {
    }

    static boolean isIdentity(Cid cid) {
        return cid.multihash().function() == Multicodec.IDENTITY.code();
    }

    static void checkSize(Block block) {
        if (block.size() > BlockStore.MAX_BLOCK_SIZE) {
            throw new BlockStoreException(BlockStoreException.Code.BLOCK_TOO_LARGE, "block " + block.cid()
                    + " is " + block.size() + " bytes; the largest block accepted is "
                    + BlockStore.MAX_BLOCK_SIZE + " bytes (2 MiB)");
        }
    }

    static void checkSizes(Collection<Block> blocks) {
        for (Block block : blocks) {
            checkSize(block);
        }
    }

    /** Why {@code data} is not the block {@code cid} names, or null when it is. */
    static String hashMismatch(Cid cid, byte[] data) {
        try {
            return cid.multihash().matches(data) ? null
                    : "hash mismatch: the stored bytes do not hash to " + cid.multihash();
        } catch (MultiformatException e) {
            return "cannot be checked: " + e.getMessage();
        }
    }

    static void checkOpen(boolean closed) {
        if (closed) {
            throw new BlockStoreException(BlockStoreException.Code.CLOSED, "the block store is closed");
        }
    }

    static void checkPageLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a key page holds at least one CID, asked for " + limit);
        }
    }
}
