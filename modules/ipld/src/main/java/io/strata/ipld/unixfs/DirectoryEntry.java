package io.strata.ipld.unixfs;

import io.strata.multiformats.Cid;

/**
 * One entry of a UnixFS directory as its link records it: the name (without a HAMT slot prefix), the
 * child's CID, and the link's Tsize (the child's cumulative DAG size; 0 when the link omits it).
 */
public record DirectoryEntry(String name, Cid cid, long tsize) {
}
