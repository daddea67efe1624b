package io.strata.deals;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * One stored level of a piece's Merkle tree: the nodes of {@code level} that cover payload, back to back. A
 * provider computes it once while the piece arrives; a proof then hashes only the 2^level leaves under each
 * challenged node and takes the rest of the path from here. At level 10 a 1 GiB piece keeps 32768 nodes
 * (1 MiB) and a challenged leaf costs 32 KiB of padded data.
 */
public final class PieceTreeLayer {

    private final PieceInfo piece;
    private final int level;
    private final byte[] nodes;
    private byte[][] upperLevels;

    private PieceTreeLayer(PieceInfo piece, int level, byte[] nodes) {
        this.piece = piece;
        this.level = level;
        this.nodes = nodes;
    }

    /** The layer at {@code level} (between 2 and the piece's height) of the piece whose payload is streamed in. */
    public static PieceTreeLayer build(PieceInfo piece, int level, InputStream payload) throws IOException {
        checkLevel(piece, level);
        long count = nodeCount(piece, level);
        PieceTree tree = new PieceTree(piece);
        for (long index = 0; index < count; index++) {
            tree.want(level, index);
        }
        tree.walk(payload);
        byte[] nodes = new byte[Math.toIntExact(count * PieceTree.NODE_SIZE)];
        for (int index = 0; index < count; index++) {
            System.arraycopy(tree.node(level, index), 0, nodes, index * PieceTree.NODE_SIZE, PieceTree.NODE_SIZE);
        }
        return new PieceTreeLayer(piece, level, nodes);
    }

    /** A layer read back from storage. */
    public static PieceTreeLayer of(PieceInfo piece, int level, byte[] nodes) {
        checkLevel(piece, level);
        long expected = nodeCount(piece, level) * PieceTree.NODE_SIZE;
        if (nodes.length != expected) {
            throw new DealsException(DealsException.Code.INVALID_PIECE, "the level-" + level + " layer of " + piece
                    + " holds " + expected + " bytes; got " + nodes.length);
        }
        return new PieceTreeLayer(piece, level, nodes.clone());
    }

    public PieceInfo piece() {
        return piece;
    }

    public int level() {
        return level;
    }

    public byte[] nodes() {
        return nodes.clone();
    }

    /** Node {@code index} of the layer; the zero root of the level past the payload. */
    byte[] node(long index) {
        if (index * PieceTree.NODE_SIZE >= nodes.length) {
            return PieceCommitment.zeroPieceRoot(level);
        }
        int offset = Math.toIntExact(index * PieceTree.NODE_SIZE);
        return Arrays.copyOfRange(nodes, offset, offset + PieceTree.NODE_SIZE);
    }

    /**
     * Every level from this one up to, not including, the root, each completed with zero roots past the
     * payload; computed on first use and kept (at most twice the layer's size).
     */
    synchronized byte[][] upperLevels() {
        if (upperLevels == null) {
            int height = piece.height();
            byte[][] upper = new byte[height - level][];
            int count = Math.toIntExact(1L << (height - level));
            if (height > level) {
                upper[0] = new byte[count * PieceTree.NODE_SIZE];
                for (int i = 0; i < count; i++) {
                    System.arraycopy(node(i), 0, upper[0], i * PieceTree.NODE_SIZE, PieceTree.NODE_SIZE);
                }
            }
            MessageDigest sha256 = PieceCommitment.newSha256();
            for (int l = 1; l < height - level; l++) {
                count /= 2;
                upper[l] = new byte[count * PieceTree.NODE_SIZE];
                for (int i = 0; i < count; i++) {
                    PieceCommitment.hashPair(sha256, upper[l - 1], 2 * i * PieceTree.NODE_SIZE, upper[l],
                            i * PieceTree.NODE_SIZE);
                }
            }
            upperLevels = upper;
        }
        return upperLevels;
    }

    private static long nodeCount(PieceInfo piece, int level) {
        return -Math.floorDiv(-ProofChallenge.payloadLeaves(piece), 1L << level);
    }

    private static void checkLevel(PieceInfo piece, int level) {
        Objects.requireNonNull(piece, "piece");
        if (level < PieceInfo.MIN_HEIGHT || level > piece.height()) {
            throw new IllegalArgumentException("a layer level is between " + PieceInfo.MIN_HEIGHT
                    + " (whole quads) and the piece height " + piece.height() + "; got " + level);
        }
    }
}
