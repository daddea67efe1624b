package io.strata.blockstore;

import io.strata.ipld.Block;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;

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

    static void checkOpen(boolean closed) {
        if (closed) {
            throw new BlockStoreException(BlockStoreException.Code.CLOSED, "the block store is closed");
        }
    }
}
