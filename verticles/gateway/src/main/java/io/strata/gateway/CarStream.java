package io.strata.gateway;

import com.google.protobuf.InvalidProtocolBufferException;
import io.strata.ipld.BlockGetter;
import io.strata.ipld.InlineBlocks;
import io.strata.ipld.IpldException;
import io.strata.ipld.car.CarExporter;
import io.strata.ipld.car.CarWriter;
import io.strata.ipld.car.DagScope;
import io.strata.ipld.dagpb.DagPb;
import io.strata.ipld.dagpb.PbNode;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.proto.unixfs.UnixFsProtos;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

import static io.strata.ipld.IpldException.Code.UNIXFS_MALFORMED;

/**
 * The CAR body of a trustless gateway response: the header with the request's root CID, the blocks met
 * while resolving the path (so a client can verify each segment), then the terminal entity under the
 * requested {@code dag-scope} or {@code entity-bytes}, depth first, each block once unless {@code dups=y}.
 */
final class CarStream {

    private final BlockGetter blocks;
    private final CarExporter exporter;

    private CarStream(BlockGetter blocks, CarExporter exporter) {
        this.blocks = blocks;
        this.exporter = exporter;
    }

    static void write(BlockGetter blocks, Cid root, List<Cid> pathBlocks, Cid terminal, CarOptions options,
                      OutputStream out) throws IOException {
        CarWriter writer = CarWriter.create(out, List.of(root));
        CarStream car = new CarStream(blocks, new CarExporter(blocks, writer, options.duplicates()));
        for (Cid cid : pathBlocks) {
            car.exporter.writeBlock(cid);
        }
        if (options.entityBytes().isPresent()) {
            car.writeEntityBytes(terminal, options.entityBytes().get());
        } else {
            car.exporter.writeDag(terminal, options.scope());
        }
        writer.flush();
    }

    /**
     * Only the blocks needed to verify the byte range of a file: the nodes on the way down and the leaves
     * that hold the range. Anything that is not a file is sent as {@code dag-scope=entity}; a range that
     * selects no byte as {@code dag-scope=block}.
     */
    private void writeEntityBytes(Cid terminal, EntityBytes range) throws IOException {
        Optional<FileNode> root = FileNode.read(terminal, InlineBlocks.get(terminal, blocks));
        if (root.isEmpty()) {
            exporter.writeDag(terminal, DagScope.ENTITY);
            return;
        }
        Optional<long[]> bounds = range.resolve(root.get().size());
        if (bounds.isEmpty()) {
            exporter.writeBlock(terminal);
            return;
        }
        writeRange(terminal, root.get(), bounds.get()[0], bounds.get()[1]);
    }

    /** Writes {@code node} and the parts of its subtree holding bytes {@code first..last} (inclusive, node-relative). */
    private void writeRange(Cid cid, FileNode node, long first, long last) throws IOException {
        exporter.writeBlock(cid);
        long childStart = node.inlineSize();
        for (int i = 0; i < node.links().size(); i++) {
            long childSize = node.blockSizes()[i];
            long childEnd = childStart + childSize - 1;
            if (childSize > 0 && childEnd >= first && childStart <= last) {
                Cid child = node.links().get(i);
                if (childStart >= first && childEnd <= last) {
                    exporter.writeDag(child, DagScope.ALL);
                } else {
                    FileNode childNode = FileNode.read(child, InlineBlocks.get(child, blocks))
                            .orElseThrow(() -> new IpldException(UNIXFS_MALFORMED, "file node " + cid
                                    + " links to " + child + ", which is not file content"));
                    writeRange(child, childNode, Math.max(first, childStart) - childStart,
                            Math.min(last, childEnd) - childStart);
                }
            }
            childStart += childSize;
        }
    }

    /** A node of a UnixFS file: bytes held inline, then children with their sizes. */
    private record FileNode(long inlineSize, List<Cid> links, long[] blockSizes) {

        long size() {
            long total = inlineSize;
            for (long blockSize : blockSizes) {
                total += blockSize;
            }
            return total;
        }

        /** The node as file content, or empty when the block is not a UnixFS file or raw leaf. */
        static Optional<FileNode> read(Cid cid, byte[] data) {
            if (cid.codec() == Multicodec.RAW.code()) {
                return Optional.of(new FileNode(data.length, List.of(), new long[0]));
            }
            if (cid.codec() != Multicodec.DAG_PB.code()) {
                return Optional.empty();
            }
            PbNode node = DagPb.decode(data);
            if (node.data() == null) {
                return Optional.empty();
            }
            UnixFsProtos.Data unixFs;
            try {
                unixFs = UnixFsProtos.Data.parseFrom(node.data());
            } catch (InvalidProtocolBufferException e) {
                return Optional.empty();
            }
            if (unixFs.getType() != UnixFsProtos.Data.DataType.File
                    && unixFs.getType() != UnixFsProtos.Data.DataType.Raw) {
                return Optional.empty();
            }
            if (unixFs.getBlocksizesCount() != node.links().size()) {
                throw new IpldException(UNIXFS_MALFORMED, "file node " + cid + " has " + node.links().size()
                        + " links but " + unixFs.getBlocksizesCount() + " blocksizes");
            }
            long[] sizes = new long[node.links().size()];
            for (int i = 0; i < sizes.length; i++) {
                sizes[i] = unixFs.getBlocksizes(i);
                if (sizes[i] < 0) {
                    throw new IpldException(UNIXFS_MALFORMED, "file node " + cid + " has a blocksize above 2^63");
                }
            }
            return Optional.of(new FileNode(unixFs.getData().size(),
                    node.links().stream().map(link -> link.hash()).toList(), sizes));
        }
    }
}
