package io.strata.ipld.unixfs;

import io.strata.ipld.BlockGetter;
import io.strata.ipld.IpldException;
import io.strata.ipld.dagpb.DagPb;
import io.strata.ipld.dagpb.PbLink;
import io.strata.ipld.dagpb.PbNode;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.proto.unixfs.UnixFsProtos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.ReadableByteChannel;
import java.util.Objects;

import static io.strata.ipld.IpldException.Code.UNIXFS_MALFORMED;
import static io.strata.ipld.IpldException.Code.UNSUPPORTED;

/**
 * Reads UnixFS files back: whole, or a byte range, streamed leaf by leaf from a {@link BlockGetter}.
 * Works for every layout (balanced, trickle, or any tree whose blocksizes add up), raw and dag-pb leaves,
 * identity CIDs and CIDv0/v1. Ranges are found through blocksizes, so reading from an offset fetches only
 * the nodes on the path to it and the leaves it covers.
 *
 * <p>Errors: a root that is not file content fails with {@code UNIXFS_NOT_A_FILE}; inconsistent or
 * undecodable UnixFS with {@code UNIXFS_MALFORMED}; a missing block with the getter's
 * {@code BLOCK_NOT_FOUND}. Root problems surface from {@code open}, deeper ones while reading.
 */
public final class UnixFsExporter {

    private final FileDagReader reader;

    public UnixFsExporter(BlockGetter getter) {
        this.reader = new FileDagReader(Objects.requireNonNull(getter, "getter"));
    }

    /** The whole file. */
    public InputStream open(Cid root) {
        return open(root, 0, -1);
    }

    /**
     * {@code length} bytes of the file from {@code offset}, or to its end when {@code length} is -1;
     * a range reaching past the end is cut at the end, and an offset at or past it gives no bytes.
     */
    public InputStream open(Cid root, long offset, long length) {
        return contentStream(root, offset, length);
    }

    /**
     * The same range as {@link #open(Cid, long, long)}, read into {@link java.nio.ByteBuffer}s: leaf content is
     * copied once, straight into the caller's buffer.
     */
    public ReadableByteChannel openChannel(Cid root, long offset, long length) {
        return contentStream(root, offset, length);
    }

    private FileContentStream contentStream(Cid root, long offset, long length) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, got " + offset);
        }
        if (length < -1) {
            throw new IllegalArgumentException("length must be -1 (to the end) or at least 0, got " + length);
        }
        return new FileContentStream(reader, root, reader.root(root), offset, length);
    }

    /** Copies a range of the file (as {@link #open(Cid, long, long)}) to {@code out}; returns the bytes copied. */
    public long writeTo(Cid root, long offset, long length, OutputStream out) throws IOException {
        try (InputStream in = open(root, offset, length)) {
            return in.transferTo(out);
        }
    }

    /** The file's size in bytes, from its root block alone. */
    public long size(Cid root) {
        return reader.root(root).fileSize();
    }

    /** Type and sizes of any UnixFS node (file, directory, symlink...), from its root block alone. */
    public UnixFsStat stat(Cid cid) {
        if (cid.codec() != Multicodec.RAW.code() && cid.codec() != Multicodec.DAG_PB.code()) {
            throw new IpldException(UNSUPPORTED, cid + " is " + Multicodec.nameOf(cid.codec())
                    + ", not UnixFS (dag-pb or raw)");
        }
        byte[] block = reader.block(cid);
        if (cid.codec() == Multicodec.RAW.code()) {
            return new UnixFsStat(cid, UnixFsStat.Type.FILE, block.length, block.length, block.length, 0);
        }
        PbNode node = DagPb.decode(block);
        UnixFsProtos.Data data = FileDagReader.unixFsData(cid, node);
        long cumulativeSize = block.length;
        for (PbLink link : node.links()) {
            cumulativeSize += link.tsize() == null ? 0 : link.tsize();
        }
        UnixFsStat.Type type = switch (data.getType()) {
            case Raw -> UnixFsStat.Type.RAW;
            case Directory -> UnixFsStat.Type.DIRECTORY;
            case File -> UnixFsStat.Type.FILE;
            case Metadata -> UnixFsStat.Type.METADATA;
            case Symlink -> UnixFsStat.Type.SYMLINK;
            case HAMTShard -> UnixFsStat.Type.HAMT_SHARD;
        };
        long size = switch (type) {
            case FILE, RAW -> FileDagReader.fileNode(cid, node, data, true).fileSize();
            case SYMLINK -> data.getData().size();
            case METADATA -> data.getFilesize();
            case DIRECTORY, HAMT_SHARD -> 0;
        };
        if (size < 0) {
            throw new IpldException(UNIXFS_MALFORMED, cid + " declares a size above 2^63");
        }
        return new UnixFsStat(cid, type, size, block.length, cumulativeSize, node.links().size());
    }
}
