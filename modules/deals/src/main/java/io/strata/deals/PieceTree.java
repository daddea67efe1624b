package io.strata.deals;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Streams a payload through its piece's Merkle tree once and keeps only the nodes asked for, so proofs and
 * stored tree layers of a multi-GiB piece need one chunk of memory. Node (level, index) covers leaves
 * {@code [index * 2^level, (index + 1) * 2^level)}; level 0 are the Fr32-padded 32-byte leaves.
 *
 * <p>Leaves are padded and hashed a chunk (at most 2^15 leaves, 1 MiB padded) at a time with every level of
 * the chunk kept, chunk roots are combined on a stack of one pending node per level, and the zero-filled tail
 * after the payload is never hashed: a node wholly inside it is the zero-piece root of its level.
 */
final class PieceTree {

    static final int NODE_SIZE = 32;
    private static final int MAX_CHUNK_LEVEL = 15;

    private final PieceInfo piece;
    private final int chunkLevel;
    private final Map<Integer, NavigableSet<Long>> wanted = new HashMap<>();
    private final Map<Long, byte[]> found = new HashMap<>();
    private final MessageDigest sha256 = PieceCommitment.newSha256();

    PieceTree(PieceInfo piece) {
        this.piece = piece;
        this.chunkLevel = Math.min(MAX_CHUNK_LEVEL, piece.height());
    }

    /** Asks for node (level, index); call before {@link #walk}. */
    void want(int level, long index) {
        wanted.computeIfAbsent(level, l -> new TreeSet<>()).add(index);
    }

    /** Asks for a leaf and every sibling on its path to the root. */
    void wantPath(long leaf) {
        want(0, leaf);
        for (int level = 0; level < piece.height(); level++) {
            want(level, (leaf >>> level) ^ 1);
        }
    }

    /**
     * Reads the piece's payload ({@link PieceInfo#payloadSize()} bytes; a shorter stream is zero-filled, bytes
     * after it are not read) and computes every wanted node.
     *
     * @return the root the payload hashes to
     */
    byte[] walk(InputStream payload) throws IOException {
        long chunkLeaves = 1L << chunkLevel;
        int chunkQuads = (int) (chunkLeaves / 4);
        byte[] unpadded = new byte[chunkQuads * Fr32Padding.UNPADDED_QUAD_SIZE];
        byte[][] levels = new byte[chunkLevel + 1][];
        for (int level = 0; level <= chunkLevel; level++) {
            levels[level] = new byte[(int) (chunkLeaves >>> level) * NODE_SIZE];
        }
        long paddedPayload = Math.max(Fr32Padding.PADDED_QUAD_SIZE, Fr32Padding.paddedSize(piece.payloadSize()));
        long dataChunks = Math.max(1, -Math.floorDiv(-(paddedPayload / NODE_SIZE), chunkLeaves));
        long remaining = piece.payloadSize();
        byte[][] pending = new byte[piece.height() + 1][];
        for (long chunk = 0; chunk < dataChunks; chunk++) {
            int want = (int) Math.min(unpadded.length, remaining);
            int read = payload.readNBytes(unpadded, 0, want);
            remaining -= want;
            Arrays.fill(unpadded, read, unpadded.length, (byte) 0);
            Fr32Padding.padQuads(unpadded, 0, levels[0], 0, chunkQuads);
            for (int level = 1; level <= chunkLevel; level++) {
                int nodes = (int) (chunkLeaves >>> level);
                for (int i = 0; i < nodes; i++) {
                    PieceCommitment.hashPair(sha256, levels[level - 1], 2 * i * NODE_SIZE, levels[level], i * NODE_SIZE);
                }
            }
            for (int level = 0; level < chunkLevel; level++) {
                long first = chunk << (chunkLevel - level);
                NavigableSet<Long> atLevel = wanted.get(level);
                if (atLevel != null) {
                    for (long index : atLevel.subSet(first, first + (chunkLeaves >>> level))) {
                        int offset = (int) (index - first) * NODE_SIZE;
                        record(level, index, Arrays.copyOfRange(levels[level], offset, offset + NODE_SIZE));
                    }
                }
            }
            push(pending, chunkLevel, chunk, levels[chunkLevel].clone());
        }
        return finish(pending, dataChunks);
    }

    /** A wanted node: computed, or the zero-piece root of its level if it lies wholly in the zero tail. */
    byte[] node(int level, long index) {
        byte[] node = found.get(key(level, index));
        return node != null ? node : PieceCommitment.zeroPieceRoot(level);
    }

    private void push(byte[][] pending, int level, long index, byte[] node) {
        record(level, index, node);
        byte[] carry = node;
        long carryIndex = index;
        int at = level;
        while (pending[at] != null) {
            carry = parent(pending[at], carry);
            pending[at] = null;
            at++;
            carryIndex >>>= 1;
            record(at, carryIndex, carry);
        }
        pending[at] = carry;
    }

    private byte[] finish(byte[][] pending, long dataChunks) {
        if (pending[piece.height()] != null) {
            return pending[piece.height()];
        }
        byte[] carry = null;
        long carryIndex = 0;
        long nextIndex = dataChunks;
        for (int level = chunkLevel; level < piece.height(); level++) {
            if (pending[level] != null) {
                long leftIndex = nextIndex - 1;
                carry = parent(pending[level], carry != null ? carry : PieceCommitment.zeroPieceRoot(level));
                carryIndex = leftIndex >>> 1;
            } else if (carry != null) {
                carry = parent(carry, PieceCommitment.zeroPieceRoot(level));
                carryIndex >>>= 1;
            }
            if (carry != null) {
                record(level + 1, carryIndex, carry);
            }
            nextIndex = (nextIndex + 1) >>> 1;
        }
        return carry;
    }

    private void record(int level, long index, byte[] node) {
        NavigableSet<Long> atLevel = wanted.get(level);
        if (atLevel != null && atLevel.contains(index)) {
            found.put(key(level, index), node);
        }
    }

    private byte[] parent(byte[] left, byte[] right) {
        return hashParent(sha256, left, right);
    }

    static byte[] hashParent(MessageDigest sha256, byte[] left, byte[] right) {
        byte[] pair = new byte[2 * NODE_SIZE];
        System.arraycopy(left, 0, pair, 0, NODE_SIZE);
        System.arraycopy(right, 0, pair, NODE_SIZE, NODE_SIZE);
        byte[] node = new byte[NODE_SIZE];
        PieceCommitment.hashPair(sha256, pair, 0, node, 0);
        return node;
    }

    private static long key(int level, long index) {
        return ((long) level << 57) | index;
    }
}
