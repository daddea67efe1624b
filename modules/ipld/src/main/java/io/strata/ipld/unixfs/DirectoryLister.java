package io.strata.ipld.unixfs;

import io.strata.ipld.BlockGetter;
import io.strata.ipld.IpldException;
import io.strata.ipld.dagpb.PbLink;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.proto.unixfs.UnixFsProtos;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static io.strata.ipld.IpldException.Code.UNIXFS_MALFORMED;
import static io.strata.ipld.IpldException.Code.UNIXFS_NOT_A_DIRECTORY;

/**
 * Lists the entries of a UnixFS directory, plain or HAMT-sharded. A plain directory yields its links in
 * name order; a sharded one is walked depth-first in slot order, fetching each sub-shard only when the
 * iteration reaches it, so a huge directory is never held in memory at once.
 */
public final class DirectoryLister {

    private final DirectoryNodeReader reader;

    public DirectoryLister(BlockGetter getter) {
        this.reader = new DirectoryNodeReader(getter);
    }

    /**
     * Iterates the directory's entries lazily. The root block is read at once (so a non-directory fails
     * here); sub-shards are read as the iteration reaches them.
     *
     * @throws IpldException {@code UNIXFS_NOT_A_DIRECTORY} when {@code directory} is not a UnixFS
     *                       directory; {@code BLOCK_NOT_FOUND} when a block is missing
     */
    public Iterator<DirectoryEntry> entries(Cid directory) {
        DirectoryNodeReader.DecodedNode root = readDirectory(directory);
        if (root.isPlainDirectory()) {
            return root.links().stream().map(DirectoryLister::plainEntry).iterator();
        }
        return new ShardIterator(root);
    }

    public Stream<DirectoryEntry> stream(Cid directory) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(entries(directory),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    public List<DirectoryEntry> list(Cid directory) {
        List<DirectoryEntry> result = new ArrayList<>();
        entries(directory).forEachRemaining(result::add);
        return result;
    }

    /**
     * The UnixFS type of the node {@code cid} names, reading its block: raw blocks are file content and
     * report {@code File}; a sharded directory reports {@code HAMTShard}.
     */
    public UnixFsProtos.Data.DataType typeOf(Cid cid) {
        if (cid.codec() == Multicodec.RAW.code()) {
            return UnixFsProtos.Data.DataType.File;
        }
        return reader.readUnixFs(cid, "read the UnixFS type of").unixFs().getType();
    }

    private DirectoryNodeReader.DecodedNode readDirectory(Cid cid) {
        if (cid.codec() != Multicodec.DAG_PB.code()) {
            throw new IpldException(UNIXFS_NOT_A_DIRECTORY, cid + " is " + Multicodec.nameOf(cid.codec())
                    + ", not a UnixFS directory");
        }
        DirectoryNodeReader.DecodedNode node = reader.readDagPb(cid, "list");
        if (!node.isPlainDirectory() && !node.isHamtShard()) {
            String kind = node.unixFs() == null ? "not UnixFS" : "a UnixFS " + node.unixFs().getType();
            throw new IpldException(UNIXFS_NOT_A_DIRECTORY, cid + " is " + kind + ", not a directory");
        }
        return node;
    }

    private static DirectoryEntry plainEntry(PbLink link) {
        return new DirectoryEntry(link.name() == null ? "" : link.name(), link.hash(), tsize(link));
    }

    private static long tsize(PbLink link) {
        return link.tsize() == null ? 0 : link.tsize();
    }

    private final class ShardIterator implements Iterator<DirectoryEntry> {

        private record Frame(Cid cid, int prefixLength, Iterator<PbLink> links) {
        }

        private final Deque<Frame> frames = new ArrayDeque<>();
        private DirectoryEntry next;

        ShardIterator(DirectoryNodeReader.DecodedNode root) {
            push(root);
        }

        private void push(DirectoryNodeReader.DecodedNode shard) {
            frames.push(new Frame(shard.cid(), shard.hamtGeometry().prefixLength(), shard.links().iterator()));
        }

        @Override
        public boolean hasNext() {
            while (next == null && !frames.isEmpty()) {
                Frame frame = frames.peek();
                if (!frame.links().hasNext()) {
                    frames.pop();
                    continue;
                }
                PbLink link = frame.links().next();
                String name = link.name() == null ? "" : link.name();
                if (name.length() < frame.prefixLength()) {
                    throw new IpldException(UNIXFS_MALFORMED, "HAMT shard " + frame.cid() + " has link '" + name
                            + "', shorter than its " + frame.prefixLength() + "-character slot prefix");
                }
                if (name.length() == frame.prefixLength()) {
                    push(readSubShard(frame.cid(), link.hash()));
                } else {
                    next = new DirectoryEntry(name.substring(frame.prefixLength()), link.hash(), tsize(link));
                }
            }
            return next != null;
        }

        @Override
        public DirectoryEntry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            DirectoryEntry entry = next;
            next = null;
            return entry;
        }

        private DirectoryNodeReader.DecodedNode readSubShard(Cid parent, Cid child) {
            DirectoryNodeReader.DecodedNode shard = reader.readDagPb(child, "list the HAMT shard");
            if (!shard.isHamtShard()) {
                throw new IpldException(UNIXFS_MALFORMED, "HAMT shard " + parent + " links to sub-shard "
                        + child + ", which is not a HAMT shard");
            }
            return shard;
        }
    }
}
