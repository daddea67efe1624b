package io.strata.ipld.car;

import io.strata.ipld.BlockGetter;
import io.strata.ipld.IpldException;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;

import java.util.HashMap;
import java.util.Map;

/** A block map for tests; counts reads so tests can see what an export touched. */
final class MemoryBlocks implements BlockGetter {

    private final Map<Cid, byte[]> blocks = new HashMap<>();
    int reads;

    Cid put(Multicodec codec, byte[] data) {
        Cid cid = Cid.of(codec, Multicodec.SHA2_256, data);
        blocks.put(cid, data);
        return cid;
    }

    void remove(Cid cid) {
        blocks.remove(cid);
    }

    @Override
    public byte[] get(Cid cid) {
        reads++;
        byte[] data = blocks.get(cid);
        if (data == null) {
            throw new IpldException(IpldException.Code.BLOCK_NOT_FOUND, "no block " + cid);
        }
        return data;
    }
}
