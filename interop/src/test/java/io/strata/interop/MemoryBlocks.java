package io.strata.interop;

import io.strata.ipld.Block;
import io.strata.ipld.BlockGetter;
import io.strata.ipld.BlockSink;
import io.strata.ipld.IpldException;
import io.strata.multiformats.Cid;

import java.util.HashMap;
import java.util.Map;

/** Blocks our importer produced, kept in memory so our CAR exporter can read them back. */
public final class MemoryBlocks implements BlockSink, BlockGetter {

    private final Map<Cid, byte[]> blocks = new HashMap<>();

    @Override
    public void put(Block block) {
        blocks.put(block.cid(), block.data());
    }

    @Override
    public byte[] get(Cid cid) {
        byte[] data = blocks.get(cid);
        if (data == null) {
            throw new IpldException(IpldException.Code.BLOCK_NOT_FOUND, "no block " + cid);
        }
        return data;
    }
}
