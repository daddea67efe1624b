package io.strata.ipld.unixfs;

import io.strata.multiformats.Cid;

/**
 * A finished node of a file's DAG, as its parent needs it: the block, the file bytes beneath it (the
 * parent's blocksizes entry) and its cumulative DAG size (the parent's link Tsize).
 */
record FileChild(Cid cid, byte[] block, long fileSize, long dagSize) {
}
