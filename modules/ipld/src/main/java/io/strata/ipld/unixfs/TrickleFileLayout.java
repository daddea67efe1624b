package io.strata.ipld.unixfs;

import java.io.IOException;

/**
 * Kubo's {@code --trickle} layout (boxo {@code importer/trickle}): each node first takes up to
 * {@code maxLinks} leaves directly, then {@value #DEPTH_REPEAT} subtrees of depth 1, 4 of depth 2, and
 * so on, bounded by its own depth. Even a file of one chunk gets a root above its leaf, and an empty
 * file is a root without children.
 */
final class TrickleFileLayout {

    static final int DEPTH_REPEAT = 4;

    private TrickleFileLayout() {
    }

    static FileChild build(FileDagBuilder dag) throws IOException {
        FileChild root = fill(dag, new FileNodeBuilder(), -1);
        dag.emit(root);
        return root;
    }

    /** Fills a subtree no deeper than {@code maxDepth}, or unbounded when it is -1 (the root). */
    private static FileChild fill(FileDagBuilder dag, FileNodeBuilder node, int maxDepth) throws IOException {
        while (node.childCount() < dag.maxLinks() && !dag.done()) {
            dag.attach(node, dag.nextLeaf());
        }
        for (int depth = 1; maxDepth == -1 || depth < maxDepth; depth++) {
            if (dag.done()) {
                break;
            }
            for (int repeat = 0; repeat < DEPTH_REPEAT && !dag.done(); repeat++) {
                dag.attach(node, fill(dag, new FileNodeBuilder(), depth));
            }
        }
        return dag.commit(node);
    }
}
