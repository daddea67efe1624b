package io.strata.ipld.unixfs;

import io.strata.ipld.dagpb.DagPb;
import io.strata.ipld.dagpb.PbLink;
import io.strata.ipld.dagpb.PbNode;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.Multihash;
import io.strata.multiformats.Varint;
import io.strata.proto.unixfs.UnixFsProtos;

import java.util.List;

/**
 * Encodes and names the blocks of one file import as Kubo does: leaves as raw blocks or as dag-pb nodes
 * wrapping UnixFS Data, CIDv0 or v1 for dag-pb, always v1 for raw, identity CIDs for blocks no larger
 * than the inline limit. Stateless apart from its options, so leaf tasks on several threads share it.
 */
final class FileBlockFactory {

    private static final int UNIXFS_TYPE_KEY = 0x08;
    private static final int UNIXFS_DATA_KEY = 0x12;
    private static final int UNIXFS_FILESIZE_KEY = 0x18;
    private static final int DAGPB_DATA_KEY = 0x0a;

    private final Multicodec hash;
    private final Multihash.Hasher hasher;
    private final int cidVersion;
    private final boolean rawLeaves;
    private final boolean inline;
    private final int inlineLimit;
    private final UnixFsProtos.Data.DataType leafType;

    /**
     * @param leafType the UnixFS type of dag-pb leaves: File for the balanced layout (kept by Kubo for
     *                 compatibility), Raw for trickle
     */
    FileBlockFactory(ImportOptions options, UnixFsProtos.Data.DataType leafType) {
        this.hash = options.hash();
        this.hasher = Multihash.hasher(options.hash());
        this.cidVersion = options.cidVersion();
        this.rawLeaves = options.effectiveRawLeaves();
        this.inline = options.inline();
        this.inlineLimit = options.inlineLimit();
        this.leafType = leafType;
    }

    /** Where a chunk of {@code contentLength} bytes starts inside its leaf block. */
    int leafContentOffset(int contentLength) {
        if (rawLeaves) {
            return 0;
        }
        int unixFsLength = unixFsLeafLength(contentLength);
        return 1 + Varint.encodedLength(unixFsLength) + 3 + Varint.encodedLength(contentLength);
    }

    /**
     * A leaf block with room for {@code contentLength} content bytes at {@link #leafContentOffset}, its
     * framing already written. A dag-pb leaf is {@code PBNode{Data: UnixFS Data{Type, Data, filesize}}}
     * written directly, so a chunk is read straight into its final place instead of being copied through
     * two encoders; tests check it against the generic encoders byte for byte.
     */
    byte[] newLeafBlock(int contentLength) {
        byte[] block = new byte[leafBlockLength(contentLength)];
        writeLeafFraming(block, contentLength);
        return block;
    }

    /** The length of a leaf block holding {@code contentLength} content bytes. */
    int leafBlockLength(int contentLength) {
        if (rawLeaves) {
            return contentLength;
        }
        int unixFsLength = unixFsLeafLength(contentLength);
        return 1 + Varint.encodedLength(unixFsLength) + unixFsLength;
    }

    /**
     * Writes a leaf's framing around its content into {@code block}, an array of {@link #leafBlockLength}
     * bytes whose other bytes (from a reused array) are left as they are: the content is read over them.
     */
    void writeLeafFraming(byte[] block, int contentLength) {
        if (rawLeaves) {
            return;
        }
        int unixFsLength = unixFsLeafLength(contentLength);
        int position = 0;
        block[position++] = DAGPB_DATA_KEY;
        position += Varint.write(unixFsLength, block, position);
        block[position++] = UNIXFS_TYPE_KEY;
        block[position++] = (byte) leafType.getNumber();
        block[position++] = UNIXFS_DATA_KEY;
        position += Varint.write(contentLength, block, position);
        position += contentLength;
        block[position++] = UNIXFS_FILESIZE_KEY;
        Varint.write(contentLength, block, position);
    }

    private static int unixFsLeafLength(int contentLength) {
        int lengthVarint = Varint.encodedLength(contentLength);
        return 2 + 1 + lengthVarint + contentLength + 1 + lengthVarint;
    }

    /** Names a leaf block made by {@link #newLeafBlock} holding {@code contentLength} bytes of the file. */
    FileChild leaf(byte[] block, int contentLength) {
        Cid cid = name(rawLeaves ? Multicodec.RAW : Multicodec.DAG_PB, block);
        return new FileChild(cid, block, contentLength, block.length);
    }

    /**
     * The whole DAG of an empty file under the balanced layout: an empty raw block, or a UnixFS File node
     * with filesize 0 and no Data field (Kubo's {@code QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH}).
     */
    FileChild emptyLeaf() {
        if (rawLeaves) {
            byte[] empty = new byte[0];
            return new FileChild(name(Multicodec.RAW, empty), empty, 0, 0);
        }
        return internalNode(List.of(), 0, new long[0], 0);
    }

    /** An internal dag-pb node: UnixFS Data{Type=File, filesize, blocksizes} and its links in order. */
    FileChild internalNode(List<PbLink> links, long fileSize, long[] blockSizes,
                           long childrenDagSize) {
        UnixFsProtos.Data.Builder data = UnixFsProtos.Data.newBuilder()
                .setType(UnixFsProtos.Data.DataType.File)
                .setFilesize(fileSize);
        for (long blockSize : blockSizes) {
            data.addBlocksizes(blockSize);
        }
        byte[] block = DagPb.encode(new PbNode(links, data.build().toByteArray()));
        return new FileChild(name(Multicodec.DAG_PB, block), block, fileSize, block.length + childrenDagSize);
    }

    /** True when a block of {@code blockLength} bytes is named by an identity CID and never stored. */
    boolean inlines(int blockLength) {
        return inline && blockLength <= inlineLimit;
    }

    private Cid name(Multicodec codec, byte[] block) {
        if (inlines(block.length)) {
            return Cid.v1(codec, Multihash.of(Multicodec.IDENTITY, block));
        }
        Multihash multihash = Multihash.of(hash, hasher.hash(block, 0, block.length));
        if (codec == Multicodec.DAG_PB && cidVersion == 0) {
            return Cid.v0(multihash);
        }
        return Cid.v1(codec, multihash);
    }
}
