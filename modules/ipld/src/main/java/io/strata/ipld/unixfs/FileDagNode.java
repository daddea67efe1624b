package io.strata.ipld.unixfs;

import com.google.protobuf.ByteString;
import io.strata.ipld.dagpb.PbLink;

import java.util.List;

/**
 * One node of a file's DAG as the exporter reads it: content held in the node itself (a leaf's chunk),
 * then children whose sizes come from blocksizes, {@code fileSize} covering both.
 */
record FileDagNode(ByteString content, List<PbLink> links, long[] blockSizes, long fileSize) {
}
