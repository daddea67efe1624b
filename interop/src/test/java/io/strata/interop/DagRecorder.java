package io.strata.interop;

import io.strata.ipld.Block;
import io.strata.ipld.BlockSink;
import io.strata.ipld.DagLinks;
import io.strata.ipld.InlineBlocks;
import io.strata.multiformats.Cid;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sink that checks every block it receives against its CID and remembers only each block's links, so
 * a test can check that a DAG our code built is complete without holding its content.
 */
public final class DagRecorder implements BlockSink {

    private final Map<Cid, List<Cid>> linksByBlock = new HashMap<>();

    @Override
    public void put(Block block) {
        if (!block.verify()) {
            throw new AssertionError("received block " + block.cid() + " whose " + block.size()
                    + " bytes do not hash to its CID");
        }
        linksByBlock.put(block.cid(), DagLinks.links(block.cid(), block.data()));
    }

    public int blockCount() {
        return linksByBlock.size();
    }

    /**
     * The non-identity blocks reachable from {@code root}, depth first in link order, each once: the order
     * js/unixfs-add.mjs lists them in.
     *
     * @throws AssertionError if a reachable block never reached this sink
     */
    public List<String> reachableFrom(Cid root) {
        List<String> order = new ArrayList<>();
        visit(root, new HashSet<>(), order);
        return order;
    }

    private void visit(Cid cid, Set<Cid> seen, List<String> order) {
        if (!seen.add(cid)) {
            return;
        }
        List<Cid> links;
        if (InlineBlocks.isInline(cid)) {
            links = DagLinks.links(cid, InlineBlocks.data(cid).orElseThrow());
        } else {
            links = linksByBlock.get(cid);
            if (links == null) {
                throw new AssertionError("block " + cid + " is linked in the DAG but was never sent to the sink");
            }
            order.add(cid.toString());
        }
        for (Cid link : links) {
            visit(link, seen, order);
        }
    }
}
