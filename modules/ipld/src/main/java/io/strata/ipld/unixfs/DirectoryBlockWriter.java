package io.strata.ipld.unixfs;

import io.strata.ipld.Block;
import io.strata.ipld.BlockSink;
import io.strata.ipld.dagpb.DagPb;
import io.strata.ipld.dagpb.PbLink;
import io.strata.ipld.dagpb.PbNode;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.Multihash;

/**
 * Encodes directory nodes, names them as {@code ipfs add} would (CID version, hash, inlining) and sends
 * them to the sink. Identity-named blocks are not sent: their bytes travel inside the CID.
 */
final class DirectoryBlockWriter {

    private final ImportOptions options;
    private final BlockSink sink;

    DirectoryBlockWriter(ImportOptions options, BlockSink sink) {
        this.options = options;
        this.sink = sink;
    }

    /** Writes the node and returns it as a link target: its CID and cumulative DAG size. */
    ImportedNode write(PbNode node, long contentSize) {
        byte[] bytes = DagPb.encode(node);
        Cid cid = cidFor(bytes);
        if (cid.multihash().function() != Multicodec.IDENTITY.code()) {
            sink.put(new Block(cid, bytes));
        }
        long dagSize = bytes.length;
        for (PbLink link : node.links()) {
            dagSize += link.tsize() == null ? 0 : link.tsize();
        }
        return new ImportedNode(cid, contentSize, dagSize);
    }

    private Cid cidFor(byte[] bytes) {
        if (options.inline() && bytes.length <= options.inlineLimit()) {
            return Cid.v1(Multicodec.DAG_PB, Multihash.of(Multicodec.IDENTITY, bytes));
        }
        Multihash multihash = Multihash.digest(options.hash(), bytes);
        return options.cidVersion() == 0 ? Cid.v0(multihash) : Cid.v1(Multicodec.DAG_PB, multihash);
    }
}
