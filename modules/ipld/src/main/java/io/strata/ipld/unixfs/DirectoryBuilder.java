package io.strata.ipld.unixfs;

import io.strata.ipld.BlockSink;
import io.strata.ipld.IpldException;
import io.strata.ipld.dagpb.DagPb;
import io.strata.ipld.dagpb.PbLink;
import io.strata.proto.unixfs.UnixFsProtos;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.strata.ipld.IpldException.Code.UNIXFS_INVALID_NAME;

/**
 * Builds one UnixFS directory from its entries, as Kubo's {@code ipfs add} does. The directory is a
 * single dag-pb node (links sorted by name bytes, Tsize = each child's DAG size) until Kubo's size
 * estimate, the sum over entries of name length in UTF-8 bytes plus CID length in bytes, exceeds
 * {@link ImportOptions#hamtShardThreshold()} (strictly greater, as boxo's
 * {@code HAMTShardingSize}); then it becomes a HAMT-sharded directory of fanout {@value #HAMT_FANOUT}
 * hashed with murmur3-x64-64. A threshold of 0 turns sharding off, as in boxo.
 *
 * <p>Only names and CIDs are held; blocks go to the sink when {@link #build()} runs.
 */
public final class DirectoryBuilder {

    /** Kubo's default HAMT width ({@code Import.UnixFSHAMTDirectoryMaxFanout}). */
    public static final int HAMT_FANOUT = 256;

    private static final byte[] DIRECTORY_DATA = UnixFsProtos.Data.newBuilder()
            .setType(UnixFsProtos.Data.DataType.Directory).build().toByteArray();

    private final ImportOptions options;
    private final DirectoryBlockWriter writer;
    private final Map<String, ImportedNode> entries = new LinkedHashMap<>();
    private long estimatedSize;

    public DirectoryBuilder(ImportOptions options, BlockSink sink) {
        this.options = options;
        this.writer = new DirectoryBlockWriter(options, sink);
    }

    /**
     * Adds an entry. Names are checked by {@link DirectoryEntryNames#requireValid}; a name already
     * present is an error.
     *
     * @throws IpldException with code {@code UNIXFS_INVALID_NAME}
     */
    public DirectoryBuilder add(String name, ImportedNode node) {
        DirectoryEntryNames.requireValid(name);
        if (entries.putIfAbsent(name, node) != null) {
            throw new IpldException(UNIXFS_INVALID_NAME, "directory already has an entry named '" + name + "'");
        }
        estimatedSize += name.getBytes(StandardCharsets.UTF_8).length + node.cid().length();
        return this;
    }

    public int size() {
        return entries.size();
    }

    /** Kubo's size estimate of the directory so far: sum of name bytes plus CID bytes per entry. */
    public long estimatedSize() {
        return estimatedSize;
    }

    /** True when the directory, as it stands, would be written as a HAMT. */
    public boolean isSharded() {
        return options.hamtShardThreshold() > 0 && estimatedSize > options.hamtShardThreshold();
    }

    /** Writes the directory's blocks to the sink and returns its root. */
    public ImportedNode build() {
        if (isSharded()) {
            HamtShardBuilder shard = new HamtShardBuilder(HAMT_FANOUT);
            entries.forEach(shard::add);
            return shard.write(writer);
        }
        List<PbLink> links = new ArrayList<>(entries.size());
        long contentSize = 0;
        for (Map.Entry<String, ImportedNode> entry : entries.entrySet()) {
            ImportedNode child = entry.getValue();
            links.add(new PbLink(child.cid(), entry.getKey(), child.dagSize()));
            contentSize += child.contentSize();
        }
        return writer.write(DagPb.canonical(links, DIRECTORY_DATA.clone()), contentSize);
    }
}
