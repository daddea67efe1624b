package io.strata.ipld.unixfs;

import io.strata.ipld.Block;
import io.strata.ipld.BlockGetter;
import io.strata.ipld.BlockSink;
import io.strata.ipld.IpldException;
import io.strata.multiformats.Cid;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An in-memory sink and getter that remembers the order blocks arrived in and which ones were fetched. */
class RecordingBlocks implements BlockSink, BlockGetter {

    final List<Block> received = new ArrayList<>();
    final Map<Cid, byte[]> byCid = new HashMap<>();
    final List<Cid> fetched = new ArrayList<>();

    @Override
    public void put(Block block) {
        received.add(block);
        byCid.put(block.cid(), block.data());
    }

    @Override
    public byte[] get(Cid cid) {
        byte[] data = byCid.get(cid);
        if (data == null) {
            throw new IpldException(IpldException.Code.BLOCK_NOT_FOUND, "no block " + cid);
        }
        fetched.add(cid);
        return data;
    }
}
