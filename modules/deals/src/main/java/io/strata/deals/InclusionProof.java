package io.strata.deals;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A leaf of a piece's Merkle tree and the siblings on its path to the root, bottom-up: {@code path} holds
 * {@code height} 32-byte nodes back to back.
 */
public record InclusionProof(long leafIndex, byte[] leaf, byte[] path) {

    public InclusionProof {
        leaf = leaf.clone();
        path = path.clone();
    }

    @Override
    public byte[] leaf() {
        return leaf.clone();
    }

    @Override
    public byte[] path() {
        return path.clone();
    }

    /** The number of siblings: the height of the tree it proves into. */
    public int height() {
        return path.length / PieceTree.NODE_SIZE;
    }

    /** Folds the leaf up its path, choosing sides by the index bits, to the root it implies. */
    byte[] impliedRoot() {
        MessageDigest sha256 = PieceCommitment.newSha256();
        byte[] node = leaf;
        for (int level = 0; level < height(); level++) {
            byte[] sibling = Arrays.copyOfRange(path, level * PieceTree.NODE_SIZE, (level + 1) * PieceTree.NODE_SIZE);
            node = ((leafIndex >>> level) & 1) == 0
                    ? PieceTree.hashParent(sha256, node, sibling)
                    : PieceTree.hashParent(sha256, sibling, node);
        }
        return node;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InclusionProof that && leafIndex == that.leafIndex && Arrays.equals(leaf, that.leaf)
                && Arrays.equals(path, that.path);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Long.hashCode(leafIndex) + Arrays.hashCode(leaf)) + Arrays.hashCode(path);
    }

    @Override
    public String toString() {
        return "InclusionProof{leaf " + leafIndex + " = " + HexFormat.of().formatHex(leaf) + ", " + height()
                + " siblings}";
    }
}
