package io.strata.deals;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Answers {@link ProofChallenge}s from the provider's copy of the payload: either by streaming the whole
 * payload through the tree once ({@link #prove(ProofChallenge, InputStream)}, memory bounded by one chunk),
 * or from a stored {@link PieceTreeLayer} and random access to the payload, hashing only the subtrees under
 * the challenged leaves. Both give identical proofs. Whatever the stored bytes are, the proof is computed from
 * them: a corrupted copy yields a proof that does not verify.
 */
public final class PieceProver {

    private PieceProver() {
    }

    public static StorageProof prove(ProofChallenge challenge, InputStream payload) throws IOException {
        PieceTree tree = new PieceTree(challenge.piece());
        for (long leaf : challenge.leaves()) {
            tree.wantPath(leaf);
        }
        tree.walk(payload);
        int height = challenge.piece().height();
        List<InclusionProof> proofs = new ArrayList<>();
        for (long leaf : challenge.leaves()) {
            byte[] path = new byte[height * PieceTree.NODE_SIZE];
            for (int level = 0; level < height; level++) {
                System.arraycopy(tree.node(level, (leaf >>> level) ^ 1), 0, path, level * PieceTree.NODE_SIZE,
                        PieceTree.NODE_SIZE);
            }
            proofs.add(new InclusionProof(leaf, tree.node(0, leaf), path));
        }
        return new StorageProof(challenge.pieceCid(), challenge.seed(), proofs);
    }

    public static StorageProof prove(ProofChallenge challenge, PieceTreeLayer layer, PayloadReader payload)
            throws IOException {
        PieceInfo piece = challenge.piece();
        if (!layer.piece().equals(piece)) {
            throw new IllegalArgumentException("the layer is of " + layer.piece() + "; the challenge is for " + piece);
        }
        int height = piece.height();
        int level = layer.level();
        byte[][] upper = layer.upperLevels();
        int subtreeLeaves = 1 << level;
        int subtreeQuads = subtreeLeaves / 4;
        byte[] unpadded = new byte[subtreeQuads * Fr32Padding.UNPADDED_QUAD_SIZE];
        byte[][] levels = new byte[level + 1][];
        for (int l = 0; l <= level; l++) {
            levels[l] = new byte[(subtreeLeaves >>> l) * PieceTree.NODE_SIZE];
        }
        MessageDigest sha256 = PieceCommitment.newSha256();
        List<InclusionProof> proofs = new ArrayList<>();
        for (long leaf : challenge.leaves()) {
            long subtree = leaf >>> level;
            long position = subtree * subtreeQuads * Fr32Padding.UNPADDED_QUAD_SIZE;
            int wanted = (int) Math.max(0, Math.min(unpadded.length, piece.payloadSize() - position));
            int read = readFully(payload, position, unpadded, wanted);
            Arrays.fill(unpadded, read, unpadded.length, (byte) 0);
            Fr32Padding.padQuads(unpadded, 0, levels[0], 0, subtreeQuads);
            for (int l = 1; l <= level; l++) {
                for (int i = 0; i < subtreeLeaves >>> l; i++) {
                    PieceCommitment.hashPair(sha256, levels[l - 1], 2 * i * PieceTree.NODE_SIZE, levels[l],
                            i * PieceTree.NODE_SIZE);
                }
            }
            byte[] path = new byte[height * PieceTree.NODE_SIZE];
            long local = leaf - (subtree << level);
            for (int l = 0; l < level; l++) {
                int sibling = (int) ((local >>> l) ^ 1);
                System.arraycopy(levels[l], sibling * PieceTree.NODE_SIZE, path, l * PieceTree.NODE_SIZE,
                        PieceTree.NODE_SIZE);
            }
            for (int l = level; l < height; l++) {
                int sibling = (int) ((leaf >>> l) ^ 1);
                System.arraycopy(upper[l - level], sibling * PieceTree.NODE_SIZE, path, l * PieceTree.NODE_SIZE,
                        PieceTree.NODE_SIZE);
            }
            int leafOffset = (int) local * PieceTree.NODE_SIZE;
            proofs.add(new InclusionProof(leaf, Arrays.copyOfRange(levels[0], leafOffset,
                    leafOffset + PieceTree.NODE_SIZE), path));
        }
        return new StorageProof(challenge.pieceCid(), challenge.seed(), proofs);
    }

    private static int readFully(PayloadReader payload, long position, byte[] buffer, int length) throws IOException {
        int total = 0;
        while (total < length) {
            int read = payload.read(position + total, buffer, total, length - total);
            if (read <= 0) {
                break;
            }
            total += read;
        }
        return total;
    }
}
