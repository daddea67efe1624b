package io.strata.gateway;

import io.strata.ipld.BlockGetter;
import io.strata.multiformats.Cid;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The blocks one request reads while resolving its path and inspecting the node it ends at: kept for the
 * rest of the request (a directory's block is read again to look for index.html) and remembered in the
 * order they were first read, which is the order a CAR response sends the path's blocks in. Only used for
 * those few blocks; file contents and listings stream past it.
 */
final class PathBlocks implements BlockGetter {

    private final BlockGetter source;
    private final Map<Cid, byte[]> read = new HashMap<>();
    private final List<Cid> order = new ArrayList<>();

    PathBlocks(BlockGetter source) {
        this.source = source;
    }

    @Override
    public byte[] get(Cid cid) {
        byte[] data = read.get(cid);
        if (data == null) {
            data = source.get(cid);
            read.put(cid, data);
            order.add(cid);
        }
        return data;
    }

    /** The CIDs read so far, first read first. */
    List<Cid> readInOrder() {
        return List.copyOf(order);
    }
}
