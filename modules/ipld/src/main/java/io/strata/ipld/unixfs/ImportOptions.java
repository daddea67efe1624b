package io.strata.ipld.unixfs;

import io.strata.multiformats.Multicodec;

/**
 * Options of {@code ipfs add}, with Kubo's defaults. {@code rawLeaves} is {@code null} until chosen, and
 * then follows Kubo: raw leaves for CIDv1, UnixFS leaves for CIDv0.
 *
 * @param cidVersion        0 or 1; a hash other than sha2-256 forces 1, as in Kubo
 * @param rawLeaves         leaves as raw blocks, or {@code null} for Kubo's default
 * @param chunkSize         fixed chunk size in bytes ({@code size-N}), at most {@link #MAX_CHUNK_SIZE}
 * @param layout            balanced or trickle
 * @param maxLinks          links per internal node (balanced: 174, trickle: 174 with depth repeat 4)
 * @param hash              multihash function
 * @param inline            name small blocks by identity CIDs
 * @param inlineLimit       largest block inlined (Kubo: 32 bytes)
 * @param hamtShardThreshold directory size estimate in bytes above which a directory is HAMT-sharded
 */
public record ImportOptions(int cidVersion, Boolean rawLeaves, int chunkSize, Layout layout, int maxLinks,
                            Multicodec hash, boolean inline, int inlineLimit, int hamtShardThreshold) {

    public static final int DEFAULT_CHUNK_SIZE = 262_144;
    public static final int MAX_CHUNK_SIZE = 2 * 1024 * 1024 - 256;
    public static final int DEFAULT_MAX_LINKS = 174;
    public static final int DEFAULT_INLINE_LIMIT = 32;
    public static final int DEFAULT_HAMT_SHARD_THRESHOLD = 262_144;

    public ImportOptions {
        if (cidVersion != 0 && cidVersion != 1) {
            throw new IllegalArgumentException("cid-version must be 0 or 1, got " + cidVersion);
        }
        if (chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
            throw new IllegalArgumentException("chunk size must be between 1 and " + MAX_CHUNK_SIZE
                    + " bytes, got " + chunkSize);
        }
        if (maxLinks < 2) {
            throw new IllegalArgumentException("max links per node must be at least 2, got " + maxLinks);
        }
        if (hash != Multicodec.SHA2_256 && cidVersion == 0) {
            cidVersion = 1;
        }
    }

    /** Kubo's {@code ipfs add} defaults: CIDv0, UnixFS leaves, 256 KiB chunks, balanced, 174 links. */
    public static ImportOptions defaults() {
        return new ImportOptions(0, null, DEFAULT_CHUNK_SIZE, Layout.BALANCED, DEFAULT_MAX_LINKS,
                Multicodec.SHA2_256, false, DEFAULT_INLINE_LIMIT, DEFAULT_HAMT_SHARD_THRESHOLD);
    }

    public boolean effectiveRawLeaves() {
        return rawLeaves != null ? rawLeaves : cidVersion == 1;
    }

    public ImportOptions withCidVersion(int version) {
        return new ImportOptions(version, rawLeaves, chunkSize, layout, maxLinks, hash, inline, inlineLimit,
                hamtShardThreshold);
    }

    public ImportOptions withRawLeaves(Boolean raw) {
        return new ImportOptions(cidVersion, raw, chunkSize, layout, maxLinks, hash, inline, inlineLimit,
                hamtShardThreshold);
    }

    public ImportOptions withChunkSize(int size) {
        return new ImportOptions(cidVersion, rawLeaves, size, layout, maxLinks, hash, inline, inlineLimit,
                hamtShardThreshold);
    }

    public ImportOptions withLayout(Layout newLayout) {
        return new ImportOptions(cidVersion, rawLeaves, chunkSize, newLayout, maxLinks, hash, inline, inlineLimit,
                hamtShardThreshold);
    }

    public ImportOptions withMaxLinks(int links) {
        return new ImportOptions(cidVersion, rawLeaves, chunkSize, layout, links, hash, inline, inlineLimit,
                hamtShardThreshold);
    }

    public ImportOptions withHash(Multicodec function) {
        return new ImportOptions(cidVersion, rawLeaves, chunkSize, layout, maxLinks, function, inline, inlineLimit,
                hamtShardThreshold);
    }

    public ImportOptions withInline(boolean enabled, int limit) {
        return new ImportOptions(cidVersion, rawLeaves, chunkSize, layout, maxLinks, hash, enabled, limit,
                hamtShardThreshold);
    }

    public ImportOptions withHamtShardThreshold(int threshold) {
        return new ImportOptions(cidVersion, rawLeaves, chunkSize, layout, maxLinks, hash, inline, inlineLimit,
                threshold);
    }
}
