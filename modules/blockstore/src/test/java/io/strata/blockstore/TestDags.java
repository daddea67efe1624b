package io.strata.blockstore;

import io.strata.ipld.Block;
import io.strata.ipld.dagpb.DagPb;
import io.strata.ipld.dagpb.PbLink;
import io.strata.ipld.dagpb.PbNode;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.Multihash;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Blocks and DAGs for the tests, built with the real codecs. */
final class TestDags {

    /** Follows dag-pb links only, which is all these tests build. */
    static final LinkExtractor DAG_PB_LINKS = (cid, data) -> cid.codec() == Multicodec.DAG_PB.code()
            ? DagPb.decode(data).links().stream().map(PbLink::hash).toList()
            : List.of();

    private TestDags() {
    }

    static Block raw(String text) {
        return raw(text.getBytes(StandardCharsets.UTF_8));
    }

    static Block raw(byte[] data) {
        return new Block(Cid.of(Multicodec.RAW, Multicodec.SHA2_256, data), data);
    }

    /** A dag-pb node (CIDv1) linking to {@code children} under names 0, 1, ... */
    static Block node(String data, Cid... children) {
        List<PbLink> links = new ArrayList<>();
        for (int i = 0; i < children.length; i++) {
            links.add(new PbLink(children[i], Integer.toString(i), 1L));
        }
        byte[] bytes = DagPb.encode(DagPb.canonical(links, data.getBytes(StandardCharsets.UTF_8)));
        return new Block(Cid.of(Multicodec.DAG_PB, Multicodec.SHA2_256, bytes), bytes);
    }

    static Cid identityCid(String text) {
        return Cid.v1(Multicodec.RAW, Multihash.digest(Multicodec.IDENTITY, text.getBytes(StandardCharsets.UTF_8)));
    }

    static PbNode decode(Block block) {
        return DagPb.decode(block.data());
    }
}
