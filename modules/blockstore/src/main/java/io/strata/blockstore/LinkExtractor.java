package io.strata.blockstore;

import io.strata.multiformats.Cid;

import java.util.List;

/**
 * The CIDs a block links to, decoded according to {@code cid}'s codec; how pins and the garbage collector
 * see DAGs. {@code io.strata.ipld.DagLinks::links} is the production implementation. A block that cannot
 * be decoded is reported by throwing; the walkers record it and treat the block as a leaf.
 */
@FunctionalInterface
public interface LinkExtractor {

    List<Cid> links(Cid cid, byte[] data);
}
