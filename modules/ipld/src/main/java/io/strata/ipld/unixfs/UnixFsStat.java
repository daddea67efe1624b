package io.strata.ipld.unixfs;

import io.strata.multiformats.Cid;

/**
 * What {@code files/stat} and {@code ls} report about a UnixFS node, read from its root block alone.
 *
 * @param cid            the node
 * @param type           its UnixFS type; a raw-codec block is a {@link Type#FILE}
 * @param size           bytes of content: a file's size, a symlink target's length, 0 for directories
 * @param blockSize      length of the root block
 * @param cumulativeSize the root block plus the Tsize of each link (Kubo's CumulativeSize)
 * @param links          number of links in the root block
 */
public record UnixFsStat(Cid cid, Type type, long size, long blockSize, long cumulativeSize, int links) {

    /** The UnixFS Data types, in the order of their protobuf numbers. */
    public enum Type {
        RAW,
        DIRECTORY,
        FILE,
        METADATA,
        SYMLINK,
        HAMT_SHARD;

        /** File content either way: Kubo lists UnixFS Raw nodes as files too. */
        public boolean isFile() {
            return this == FILE || this == RAW;
        }

        public boolean isDirectory() {
            return this == DIRECTORY || this == HAMT_SHARD;
        }
    }
}
