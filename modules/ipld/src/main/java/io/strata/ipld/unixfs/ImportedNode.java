package io.strata.ipld.unixfs;

import io.strata.multiformats.Cid;

/**
 * What importing a file or directory produced: its root CID, the bytes of content it holds (a file's
 * size; for a directory, the sum of its files), and the cumulative size of its DAG (the dag-pb Tsize
 * a parent's link to it carries).
 */
public record ImportedNode(Cid cid, long contentSize, long dagSize) {
}
