package io.strata.ipld.unixfs;

import io.strata.ipld.Block;
import io.strata.ipld.BlockSink;
import io.strata.multiformats.Multicodec;

import java.io.IOException;

/**
 * What a layout works with while it builds one file's DAG (boxo's {@code DagBuilderHelper}): the leaves
 * in order, new internal nodes, and the sink every finished node goes to once its parent links it, so
 * children always reach the sink before their parents. Identity-named blocks are not sent: their CID
 * carries their bytes, and a blockstore would only store them twice.
 */
final class FileDagBuilder {

    private final FileLeafPipeline leaves;
    private final FileBlockFactory factory;
    private final BlockSink sink;
    private final int maxLinks;

    FileDagBuilder(FileLeafPipeline leaves, FileBlockFactory factory, BlockSink sink, int maxLinks) {
        this.leaves = leaves;
        this.factory = factory;
        this.sink = sink;
        this.maxLinks = maxLinks;
    }

    boolean done() throws IOException {
        return leaves.done();
    }

    FileChild nextLeaf() throws IOException {
        return leaves.next();
    }

    int maxLinks() {
        return maxLinks;
    }

    FileChild emptyLeaf() {
        return factory.emptyLeaf();
    }

    void attach(FileNodeBuilder parent, FileChild child) {
        parent.add(child);
        emit(child);
    }

    FileChild commit(FileNodeBuilder node) {
        return node.commit(factory);
    }

    void emit(FileChild node) {
        if (node.cid().multihash().function() != Multicodec.IDENTITY.code()) {
            sink.put(new Block(node.cid(), node.block()));
        }
    }
}
