package io.strata.ipld.car;

import com.google.protobuf.InvalidProtocolBufferException;
import io.strata.ipld.BlockGetter;
import io.strata.ipld.DagLinks;
import io.strata.ipld.InlineBlocks;
import io.strata.ipld.dagpb.DagPb;
import io.strata.ipld.dagpb.PbLink;
import io.strata.ipld.dagpb.PbNode;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.proto.unixfs.UnixFsProtos;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Writes DAGs into a CAR in the trustless gateway's {@code order=dfs}: depth-first, a block before its
 * children, children in the order the block links them. With {@code duplicates} off ({@code dups=n})
 * each block is written once, at its first visit, and its subtree is walked once; with it on
 * ({@code dups=y}) a block is written every time the walk reaches it.
 *
 * <p>Blocks named by identity CIDs are never written, as the trustless gateway spec requires (their
 * bytes are inside the CID, hence already inside the parent or the header), but the walk still follows
 * their links. One exporter shares its "already written" set across calls, so a gateway can write the
 * blocks of a path's segments with {@link #writeBlock} and then the terminal DAG with {@link #writeDag}
 * without repeating any.
 */
public final class CarExporter {

    /** Which of a block's links a walk follows. */
    @FunctionalInterface
    private interface LinkSelector {
        List<Cid> follow(Cid cid, byte[] data);
    }

    private final BlockGetter blocks;
    private final CarWriter writer;
    private final boolean duplicates;
    private final Set<Cid> visited = new HashSet<>();

    public CarExporter(BlockGetter blocks, CarWriter writer, boolean duplicates) {
        this.blocks = blocks;
        this.writer = writer;
        this.duplicates = duplicates;
    }

    /**
     * Writes a complete CARv1 with {@code root} as its only root: the header, then the DAG under
     * {@code scope}, each block once. Flushes but does not close {@code out}.
     */
    public static void export(BlockGetter blocks, Cid root, DagScope scope, OutputStream out) throws IOException {
        CarWriter writer = CarWriter.create(out, List.of(root));
        new CarExporter(blocks, writer, false).writeDag(root, scope);
        writer.flush();
    }

    /** Writes one block (unless inline, or already written and duplicates are off). */
    public void writeBlock(Cid cid) throws IOException {
        walk(cid, (c, data) -> List.of());
    }

    public void writeDag(Cid root, DagScope scope) throws IOException {
        switch (scope) {
            case BLOCK -> writeBlock(root);
            case ALL -> walk(root, DagLinks::links);
            case ENTITY -> writeEntity(root);
        }
    }

    private void writeEntity(Cid root) throws IOException {
        UnixFsProtos.Data.DataType type = unixFsType(root, InlineBlocks.get(root, blocks)).orElse(null);
        if (type == UnixFsProtos.Data.DataType.File) {
            walk(root, DagLinks::links);
        } else if (type == UnixFsProtos.Data.DataType.HAMTShard) {
            walk(root, CarExporter::hamtShardLinks);
        } else {
            writeBlock(root);
        }
    }

    private void walk(Cid root, LinkSelector selector) throws IOException {
        Deque<Cid> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            Cid cid = pending.pop();
            if (!visited.add(cid) && !duplicates) {
                continue;
            }
            byte[] data = InlineBlocks.get(cid, blocks);
            if (!InlineBlocks.isInline(cid)) {
                writer.write(cid, data);
            }
            List<Cid> children = selector.follow(cid, data);
            for (int i = children.size() - 1; i >= 0; i--) {
                pending.push(children.get(i));
            }
        }
    }

    /**
     * Inside a HAMT-sharded directory, links whose name is exactly the hex-encoded bucket index (as many
     * hex digits as {@code fanout - 1} takes) lead to sub-shards; longer names are directory entries.
     */
    private static List<Cid> hamtShardLinks(Cid cid, byte[] data) {
        Optional<UnixFsProtos.Data> unixFs = unixFsData(cid, data);
        if (unixFs.isEmpty() || unixFs.get().getType() != UnixFsProtos.Data.DataType.HAMTShard
                || !unixFs.get().hasFanout() || unixFs.get().getFanout() < 2) {
            return List.of();
        }
        int prefixLength = Long.toHexString(unixFs.get().getFanout() - 1).length();
        List<Cid> shards = new ArrayList<>();
        for (PbLink link : DagPb.decode(data).links()) {
            if (link.name() != null && link.name().length() == prefixLength) {
                shards.add(link.hash());
            }
        }
        return shards;
    }

    private static Optional<UnixFsProtos.Data.DataType> unixFsType(Cid cid, byte[] data) {
        return unixFsData(cid, data).map(UnixFsProtos.Data::getType);
    }

    /** The UnixFS metadata of a dag-pb block, or empty when the block is not UnixFS. */
    private static Optional<UnixFsProtos.Data> unixFsData(Cid cid, byte[] data) {
        if (cid.codec() != Multicodec.DAG_PB.code()) {
            return Optional.empty();
        }
        PbNode node = DagPb.decode(data);
        if (node.data() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(UnixFsProtos.Data.parseFrom(node.data()));
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
    }
}
