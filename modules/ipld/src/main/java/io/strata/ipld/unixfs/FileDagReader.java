package io.strata.ipld.unixfs;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnsafeByteOperations;
import io.strata.ipld.BlockGetter;
import io.strata.ipld.IpldException;
import io.strata.ipld.dagpb.DagPb;
import io.strata.ipld.dagpb.PbLink;
import io.strata.ipld.dagpb.PbNode;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.proto.unixfs.UnixFsProtos;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static io.strata.ipld.IpldException.Code.UNIXFS_MALFORMED;
import static io.strata.ipld.IpldException.Code.UNIXFS_NOT_A_FILE;

/**
 * Fetches and checks the nodes of a file's DAG. Identity CIDs are answered from the CID itself; other
 * blocks come from the getter, which is trusted to return the bytes its CID names.
 */
final class FileDagReader {

    private final BlockGetter getter;

    FileDagReader(BlockGetter getter) {
        this.getter = getter;
    }

    byte[] block(Cid cid) {
        if (cid.multihash().function() == Multicodec.IDENTITY.code()) {
            return cid.multihash().digest();
        }
        return getter.get(cid);
    }

    /**
     * Siblings announced ahead of a sequential read: enough to keep a round-trip-away getter busy while the
     * reader consumes, few enough that a read abandoned early wastes little (16 default chunks: 4 MiB).
     */
    static final int READ_AHEAD = 16;

    /**
     * Children announced for retrieval beyond the read-ahead window, within the bytes the read still wants
     * (256 default chunks: 64 MiB), so a getter that fetches from other nodes keeps a deep pipeline.
     */
    static final int RETRIEVE_AHEAD = 256;

    /**
     * Keeps the announced window {@link #READ_AHEAD} children ahead of a sequential read of {@code node} that
     * is about to fetch {@code child}: the whole window when the read enters the node there, otherwise only
     * the one child that enters the window. Likewise keeps {@link #RETRIEVE_AHEAD} children announced for
     * retrieval, but only those holding some of the {@code bytesWanted} the read still needs from
     * {@code child} on.
     */
    void prefetchChildren(FileDagNode node, int child, boolean enteringNode, long bytesWanted) {
        List<PbLink> links = node.links();
        int end = Math.min(links.size(), child + READ_AHEAD);
        int start = enteringNode ? child : end - 1;
        if (start >= child && start < end && (enteringNode || end == child + READ_AHEAD)) {
            getter.prefetch(contentLinks(links, start, end));
        }
        int farEnd = Math.min(childrenHolding(node, child, bytesWanted), child + RETRIEVE_AHEAD);
        int farStart = enteringNode ? end : Math.max(end, farEnd - 1);
        if (farStart < farEnd && (enteringNode || farEnd == child + RETRIEVE_AHEAD)) {
            getter.retrieveAhead(contentLinks(links, farStart, farEnd));
        }
    }

    /**
     * Announces for retrieval the first children of {@code node}, those holding its first {@code bytesWanted}
     * bytes (at most {@link #RETRIEVE_AHEAD}), before the read enters it.
     */
    void retrieveChildrenAhead(FileDagNode node, long bytesWanted) {
        int end = childrenHolding(node, 0, bytesWanted);
        if (end > 0) {
            getter.retrieveAhead(contentLinks(node.links(), 0, end));
        }
    }

    /** The end (exclusive) of the children from {@code child} on that hold the next {@code bytes} of the file. */
    private static int childrenHolding(FileDagNode node, int child, long bytes) {
        long[] sizes = node.blockSizes();
        int limit = Math.min(sizes.length, child + RETRIEVE_AHEAD);
        long covered = 0;
        int next = child;
        while (next < limit && covered < bytes) {
            covered += sizes[next];
            next++;
        }
        return next;
    }

    private static List<Cid> contentLinks(List<PbLink> links, int start, int end) {
        List<Cid> cids = new ArrayList<>(end - start);
        for (PbLink link : links.subList(start, end)) {
            if (link.hash().multihash().function() != Multicodec.IDENTITY.code()) {
                cids.add(link.hash());
            }
        }
        return cids;
    }

    /** The root of a file: anything but file content is refused with {@code UNIXFS_NOT_A_FILE}. */
    FileDagNode root(Cid cid) {
        return read(cid, true);
    }

    /** A node below a file's root, which must hold exactly the {@code expectedSize} its parent declared. */
    FileDagNode child(Cid cid, long expectedSize) {
        FileDagNode node = read(cid, false);
        if (node.fileSize() != expectedSize) {
            throw new IpldException(UNIXFS_MALFORMED, "file node " + cid + " holds " + node.fileSize()
                    + " bytes but its parent's blocksizes say " + expectedSize);
        }
        return node;
    }

    private FileDagNode read(Cid cid, boolean root) {
        if (cid.codec() == Multicodec.RAW.code()) {
            byte[] bytes = block(cid);
            return new FileDagNode(UnsafeByteOperations.unsafeWrap(bytes), List.of(), new long[0], bytes.length);
        }
        if (cid.codec() != Multicodec.DAG_PB.code()) {
            throw new IpldException(root ? UNIXFS_NOT_A_FILE : UNIXFS_MALFORMED, cid + " is "
                    + Multicodec.nameOf(cid.codec()) + ", not a UnixFS file (dag-pb or raw)");
        }
        PbNode node = DagPb.decode(block(cid));
        return fileNode(cid, node, unixFsData(cid, node), root);
    }

    /** Checks a decoded dag-pb node as part of a file and reads its content and child sizes. */
    static FileDagNode fileNode(Cid cid, PbNode node, UnixFsProtos.Data data, boolean root) {
        UnixFsProtos.Data.DataType type = data.getType();
        if (type != UnixFsProtos.Data.DataType.File && type != UnixFsProtos.Data.DataType.Raw) {
            throw new IpldException(root ? UNIXFS_NOT_A_FILE : UNIXFS_MALFORMED, cid + " is a UnixFS " + type
                    + (root ? ", not a file" : " node inside a file"));
        }
        List<PbLink> links = node.links();
        if (data.getBlocksizesCount() != links.size()) {
            throw new IpldException(UNIXFS_MALFORMED, "file node " + cid + " has " + links.size()
                    + " links but " + data.getBlocksizesCount() + " blocksizes");
        }
        long[] blockSizes = new long[links.size()];
        long total = data.getData().size();
        for (int i = 0; i < blockSizes.length; i++) {
            blockSizes[i] = data.getBlocksizes(i);
            if (blockSizes[i] < 0) {
                throw new IpldException(UNIXFS_MALFORMED, "file node " + cid + " has a blocksize above 2^63");
            }
            total += blockSizes[i];
            if (total < 0) {
                throw new IpldException(UNIXFS_MALFORMED, "file node " + cid + " is larger than 2^63 bytes");
            }
        }
        if (data.hasFilesize() && data.getFilesize() != total) {
            throw new IpldException(UNIXFS_MALFORMED, "file node " + cid + " declares filesize "
                    + Long.toUnsignedString(data.getFilesize()) + " but holds " + total + " bytes");
        }
        return new FileDagNode(data.getData(), links, blockSizes, total);
    }

    static UnixFsProtos.Data unixFsData(Cid cid, PbNode node) {
        if (node.data() == null) {
            throw new IpldException(UNIXFS_MALFORMED, "dag-pb node " + cid + " has no UnixFS Data");
        }
        try {
            // the Data bytes field aliases node.data() instead of copying a leaf's whole chunk again
            CodedInputStream input = CodedInputStream.newInstance(node.data());
            input.enableAliasing(true);
            return UnixFsProtos.Data.parseFrom(input);
        } catch (IOException e) {
            // an array holds all the bytes: the only failure is InvalidProtocolBufferException
            throw new IpldException(UNIXFS_MALFORMED, "dag-pb node " + cid + " has malformed UnixFS Data: "
                    + e.getMessage(), e);
        }
    }
}
