package io.strata.ipld.unixfs;

import io.strata.ipld.dagpb.PbLink;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An internal file node while its children are added (boxo's {@code FSNodeOverDag}): links with the
 * empty name and the child's DAG size, and the child's file size appended to blocksizes.
 */
final class FileNodeBuilder {

    private final List<PbLink> links = new ArrayList<>();
    private long[] blockSizes = new long[8];
    private long fileSize;
    private long childrenDagSize;

    int childCount() {
        return links.size();
    }

    void add(FileChild child) {
        if (links.size() == blockSizes.length) {
            blockSizes = Arrays.copyOf(blockSizes, blockSizes.length * 2);
        }
        blockSizes[links.size()] = child.fileSize();
        links.add(new PbLink(child.cid(), "", child.dagSize()));
        fileSize += child.fileSize();
        childrenDagSize += child.dagSize();
    }

    FileChild commit(FileBlockFactory factory) {
        return factory.internalNode(links, fileSize, Arrays.copyOf(blockSizes, links.size()), childrenDagSize);
    }
}
