package io.strata.deals;

import java.io.IOException;
import java.io.InputStream;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;

import static io.strata.deals.DealsException.Code.PAYLOAD_TOO_LARGE;

/**
 * Computes a Filecoin piece commitment (CommP) over a payload streamed in with {@link #update}: the payload
 * is zero-filled to the unpadded capacity of the smallest power-of-two piece that holds it, Fr32-padded, and
 * reduced by a binary Merkle tree of 32-byte nodes whose parent is SHA-256 of the two children with the top
 * two bits of the last byte cleared (sha2-256-trunc254). Any payload size is accepted, the empty one too:
 * FRC-0069 fills a payload below 127 bytes up to one 127-byte quad, as @web3-storage/data-segment 5 does.
 *
 * <p>Memory stays bounded: the payload is buffered one chunk (8192 quads, 1 MiB padded) at a time, each full
 * chunk is reduced to its subtree root, and roots wait on a stack of at most one node per level, as in a
 * binary counter. The zero-filled tail of the tree is never hashed: every all-zero subtree's root is a
 * precomputed constant per level. A chunk's leaf layer is split into aligned 64 KiB subtrees hashed on
 * {@code parallelism} threads (the calling thread and tasks on the executor), then joined.
 *
 * <p>Not thread-safe; one instance computes one piece.
 */
public final class PieceCommitment {

    private static final int NODE_SIZE = 32;
    private static final int LEAVES_PER_QUAD = 4;
    private static final int CHUNK_LEVEL = 15;
    private static final int CHUNK_QUADS = (1 << CHUNK_LEVEL) / LEAVES_PER_QUAD;
    private static final int CHUNK_PAYLOAD_SIZE = CHUNK_QUADS * Fr32Padding.UNPADDED_QUAD_SIZE;
    private static final int PART_LEAVES = 2048;
    private static final int LEVELS = 64;
    private static final byte[][] ZERO_ROOTS = zeroRoots();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(PieceCommitment::newSha256);

    private final Executor executor;
    private final int parallelism;
    private final byte[] payload = new byte[CHUNK_PAYLOAD_SIZE];
    private final byte[] padded = new byte[CHUNK_QUADS * Fr32Padding.PADDED_QUAD_SIZE];
    private final byte[][] pending = new byte[LEVELS][];
    private final byte[] pair = new byte[2 * NODE_SIZE];
    private int buffered;
    private long payloadSize;
    private boolean finished;

    private PieceCommitment(Executor executor, int parallelism) {
        this.executor = executor;
        this.parallelism = parallelism;
    }

    /** Hashes on every available processor: the calling thread and the common fork-join pool. */
    public static PieceCommitment create() {
        return parallel(ForkJoinPool.commonPool(), Runtime.getRuntime().availableProcessors());
    }

    /** Hashes on the calling thread only. */
    public static PieceCommitment sequential() {
        return new PieceCommitment(Runnable::run, 1);
    }

    /** Hashes each chunk on the calling thread plus up to {@code parallelism - 1} tasks on {@code executor}. */
    public static PieceCommitment parallel(Executor executor, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1; got " + parallelism);
        }
        return new PieceCommitment(Objects.requireNonNull(executor, "executor"), parallelism);
    }

    /** The piece of {@code payload}, hashed on every available processor. */
    public static PieceInfo of(byte[] payload) {
        return create().update(payload).finish();
    }

    /** The piece of everything {@code payload} yields until its end (not closed), on every processor. */
    public static PieceInfo of(InputStream payload) throws IOException {
        return create().update(payload).finish();
    }

    /**
     * The root of the all-zero piece of {@code height}: what a tree of that height hashes to when its payload
     * is nothing but zeros (FRC-0069 lists the 32 GiB one, height 30).
     */
    public static byte[] zeroPieceRoot(int height) {
        if (height < 0 || height >= LEVELS) {
            throw new IllegalArgumentException("height must be in [0, " + (LEVELS - 1) + "]; got " + height);
        }
        return ZERO_ROOTS[height].clone();
    }

    public PieceCommitment update(byte[] bytes) {
        return update(bytes, 0, bytes.length);
    }

    public PieceCommitment update(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        checkOpen();
        checkGrowth(length);
        int position = offset;
        int end = offset + length;
        while (position < end) {
            int count = Math.min(end - position, CHUNK_PAYLOAD_SIZE - buffered);
            System.arraycopy(bytes, position, payload, buffered, count);
            accept(count);
            position += count;
        }
        return this;
    }

    /** Reads {@code in} to its end, without closing it. */
    public PieceCommitment update(InputStream in) throws IOException {
        checkOpen();
        while (true) {
            int read = in.read(payload, buffered, CHUNK_PAYLOAD_SIZE - buffered);
            if (read < 0) {
                return this;
            }
            checkGrowth(read);
            accept(read);
        }
    }

    /** Payload bytes consumed so far. */
    public long payloadSize() {
        return payloadSize;
    }

    /** Completes the tree. The instance accepts nothing afterwards. */
    public PieceInfo finish() {
        checkOpen();
        finished = true;
        int quads = -Math.floorDiv(-buffered, Fr32Padding.UNPADDED_QUAD_SIZE);
        Arrays.fill(payload, buffered, quads * Fr32Padding.UNPADDED_QUAD_SIZE, (byte) 0);
        int leaves = quads * LEAVES_PER_QUAD;
        int first = 0;
        while (first < leaves) {
            int subtree = Integer.highestOneBit(leaves - first);
            push(Integer.numberOfTrailingZeros(subtree), subtreeRoot(first, subtree));
            first += subtree;
        }
        int height = PieceInfo.heightForPayload(payloadSize);
        byte[] carry = null;
        for (int level = 0; level < height; level++) {
            byte[] left = pending[level];
            if (left != null) {
                carry = parent(left, carry != null ? carry : ZERO_ROOTS[level]);
            } else if (carry != null) {
                carry = parent(carry, ZERO_ROOTS[level]);
            }
        }
        byte[] root = carry != null ? carry : pending[height] != null ? pending[height] : ZERO_ROOTS[height];
        return PieceInfo.forPayload(root, payloadSize);
    }

    private void accept(int count) {
        buffered += count;
        payloadSize += count;
        if (buffered == CHUNK_PAYLOAD_SIZE) {
            push(CHUNK_LEVEL, subtreeRoot(0, 1 << CHUNK_LEVEL));
            buffered = 0;
        }
    }

    /**
     * Root of the {@code leaves} (a power of two) padded leaves starting at leaf {@code first}. Large subtrees
     * are cut into parts of {@link #PART_LEAVES} that the calling thread and the executor's tasks claim one at
     * a time, so a helper thread that starts late or is descheduled delays the chunk by one part at most.
     */
    private byte[] subtreeRoot(int first, int leaves) {
        int partLeaves = parallelism > 1 && leaves >= 2 * PART_LEAVES ? PART_LEAVES : leaves;
        int parts = leaves / partLeaves;
        AtomicInteger nextPart = new AtomicInteger();
        CountDownLatch partsDone = new CountDownLatch(parts);
        Runnable claimParts = () -> {
            for (int part = nextPart.getAndIncrement(); part < parts; part = nextPart.getAndIncrement()) {
                try {
                    padAndReduce(first + part * partLeaves, partLeaves);
                } finally {
                    partsDone.countDown();
                }
            }
        };
        for (int helper = 1; helper < Math.min(parallelism, parts); helper++) {
            executor.execute(claimParts);
        }
        claimParts.run();
        try {
            partsDone.await();
        } catch (InterruptedException e) {
            finished = true;
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing a piece; this commitment is unusable", e);
        }
        for (int stride = partLeaves; stride < leaves; stride *= 2) {
            for (int left = first; left < first + leaves; left += 2 * stride) {
                System.arraycopy(padded, (left + stride) * NODE_SIZE, padded, left * NODE_SIZE + NODE_SIZE, NODE_SIZE);
                hashPair(SHA256.get(), padded, left * NODE_SIZE, padded, left * NODE_SIZE);
            }
        }
        return Arrays.copyOfRange(padded, first * NODE_SIZE, first * NODE_SIZE + NODE_SIZE);
    }

    /**
     * Fr32-pads the payload quads of leaves {@code [first, first + leaves)} (both multiples of four) and
     * reduces them level by level, each parent overwriting the start of its own pair (parent i lands at node
     * i of the region, which no later pair of the level still needs), so the root ends up at leaf
     * {@code first}.
     */
    private void padAndReduce(int first, int leaves) {
        int firstQuad = first / LEAVES_PER_QUAD;
        Fr32Padding.padQuads(payload, firstQuad * Fr32Padding.UNPADDED_QUAD_SIZE, padded,
                firstQuad * Fr32Padding.PADDED_QUAD_SIZE, leaves / LEAVES_PER_QUAD);
        MessageDigest sha256 = SHA256.get();
        int base = first * NODE_SIZE;
        for (int nodes = leaves; nodes > 1; nodes /= 2) {
            for (int i = 0; i < nodes / 2; i++) {
                hashPair(sha256, padded, base + i * 2 * NODE_SIZE, padded, base + i * NODE_SIZE);
            }
        }
    }

    private void push(int level, byte[] node) {
        byte[] carry = node;
        int at = level;
        while (pending[at] != null) {
            carry = parent(pending[at], carry);
            pending[at] = null;
            at++;
        }
        pending[at] = carry;
    }

    private byte[] parent(byte[] left, byte[] right) {
        System.arraycopy(left, 0, pair, 0, NODE_SIZE);
        System.arraycopy(right, 0, pair, NODE_SIZE, NODE_SIZE);
        byte[] node = new byte[NODE_SIZE];
        hashPair(SHA256.get(), pair, 0, node, 0);
        return node;
    }

    static void hashPair(MessageDigest sha256, byte[] source, int offset, byte[] target, int targetOffset) {
        sha256.update(source, offset, 2 * NODE_SIZE);
        try {
            sha256.digest(target, targetOffset, NODE_SIZE);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 refused a 32-byte output buffer", e);
        }
        target[targetOffset + NODE_SIZE - 1] &= 0x3f;
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("this piece commitment is finished; start a new one");
        }
    }

    private void checkGrowth(long count) {
        if (payloadSize + count > PieceInfo.MAX_PAYLOAD_SIZE) {
            throw new DealsException(PAYLOAD_TOO_LARGE, "a payload of more than " + PieceInfo.MAX_PAYLOAD_SIZE
                    + " bytes does not fit the largest supported piece");
        }
    }

    private static byte[][] zeroRoots() {
        MessageDigest sha256 = newSha256();
        byte[][] roots = new byte[LEVELS][];
        roots[0] = new byte[NODE_SIZE];
        byte[] pair = new byte[2 * NODE_SIZE];
        for (int level = 1; level < LEVELS; level++) {
            System.arraycopy(roots[level - 1], 0, pair, 0, NODE_SIZE);
            System.arraycopy(roots[level - 1], 0, pair, NODE_SIZE, NODE_SIZE);
            roots[level] = new byte[NODE_SIZE];
            hashPair(sha256, pair, 0, roots[level], 0);
        }
        return roots;
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
