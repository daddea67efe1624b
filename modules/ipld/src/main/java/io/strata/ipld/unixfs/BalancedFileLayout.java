package io.strata.ipld.unixfs;

import java.io.IOException;

/**
 * Kubo's default layout (boxo {@code importer/balanced}): every leaf at the same depth, internal nodes
 * of up to {@code maxLinks} children, the tree growing a level whenever its root is full. A file of one
 * chunk is that chunk's leaf alone.
 */
final class BalancedFileLayout {

    private BalancedFileLayout() {
    }

    static FileChild build(FileDagBuilder dag) throws IOException {
        if (dag.done()) {
            FileChild empty = dag.emptyLeaf();
            dag.emit(empty);
            return empty;
        }
        FileChild root = dag.nextLeaf();
        for (int depth = 1; !dag.done(); depth++) {
            FileNodeBuilder deeperRoot = new FileNodeBuilder();
            dag.attach(deeperRoot, root);
            fill(dag, deeperRoot, depth);
            root = dag.commit(deeperRoot);
        }
        dag.emit(root);
        return root;
    }

    /** Adds children to {@code node} until it is full or the leaves run out; depth 1 holds leaves. */
    private static void fill(FileDagBuilder dag, FileNodeBuilder node, int depth) throws IOException {
        while (node.childCount() < dag.maxLinks() && !dag.done()) {
            FileChild child;
            if (depth == 1) {
                child = dag.nextLeaf();
            } else {
                FileNodeBuilder inner = new FileNodeBuilder();
                fill(dag, inner, depth - 1);
                child = dag.commit(inner);
            }
            dag.attach(node, child);
        }
    }
}
