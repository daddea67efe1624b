package io.strata.deals;

import io.strata.multiformats.Cid;

import java.util.Arrays;
import java.util.HexFormat;

import static io.strata.deals.DealsException.Code.INVALID_PIECE;
import static io.strata.deals.DealsException.Code.PAYLOAD_TOO_LARGE;

/**
 * A piece as FRC-0069 describes it: the 32-byte root of the Fr32-padded binary Merkle tree (CommP), the
 * tree's height (a piece of height h has 2^h leaves, 32 * 2^h padded bytes) and the number of zero bytes
 * appended to the payload to fill the tree's unpadded capacity.
 */
public final class PieceInfo {

    /** A 128-byte piece: one quad, four leaves. No piece is smaller. */
    public static final int MIN_HEIGHT = 2;
    /**
     * 2^62 padded bytes. Larger trees exist in FRC-0069's encoding but their sizes overflow a Java long,
     * and their padding could not be written as the 63-bit varint the multihash uses anyway.
     */
    public static final int MAX_HEIGHT = 57;
    /** The unpadded capacity of the largest piece this class represents. */
    public static final long MAX_PAYLOAD_SIZE = unpaddedCapacity(MAX_HEIGHT);

    static final int ROOT_SIZE = 32;
    private static final int LEAF_SIZE = 32;

    private final byte[] root;
    private final int height;
    private final long padding;

    private PieceInfo(byte[] root, int height, long padding) {
        this.root = root;
        this.height = height;
        this.padding = padding;
    }

    /**
     * @throws DealsException {@code INVALID_PIECE} if the root is not 32 bytes with its top two bits clear
     *         (every node of the tree is a truncated hash), the height is outside
     *         [{@link #MIN_HEIGHT}, {@link #MAX_HEIGHT}], or the padding is more than the tree needs: a
     *         payload that fits a tree of half the size never gets this height
     */
    public static PieceInfo of(byte[] root, int height, long padding) {
        if (root.length != ROOT_SIZE) {
            throw new DealsException(INVALID_PIECE, "a piece root is " + ROOT_SIZE + " bytes; got " + root.length);
        }
        if ((root[ROOT_SIZE - 1] & 0xc0) != 0) {
            throw new DealsException(INVALID_PIECE, "piece root " + HexFormat.of().formatHex(root)
                    + " has one of the top two bits of its last byte set; sha2-256-trunc254 clears them");
        }
        if (height < MIN_HEIGHT || height > MAX_HEIGHT) {
            throw new DealsException(INVALID_PIECE, "piece height " + height + " is outside [" + MIN_HEIGHT + ", "
                    + MAX_HEIGHT + "]");
        }
        long capacity = unpaddedCapacity(height);
        long maximumPadding = height == MIN_HEIGHT ? capacity : capacity / 2 - 1;
        if (padding < 0 || padding > maximumPadding) {
            throw new DealsException(INVALID_PIECE, "padding " + padding + " is not possible for a piece of height "
                    + height + " (unpadded capacity " + capacity + " bytes): it must be between 0 and "
                    + maximumPadding + ", else the payload fits a smaller piece");
        }
        return new PieceInfo(root.clone(), height, padding);
    }

    /** The piece of {@code payloadSize} bytes whose tree has root {@code root}: the smallest one it fits. */
    public static PieceInfo forPayload(byte[] root, long payloadSize) {
        int height = heightForPayload(payloadSize);
        return of(root, height, unpaddedCapacity(height) - payloadSize);
    }

    /**
     * The piece with root {@code root} and padded size {@code paddedSize}, with no padding: Filecoin's
     * on-chain PieceInfo, which counts the zeros that fill the tree as data.
     */
    public static PieceInfo forPaddedSize(byte[] root, long paddedSize) {
        if (paddedSize < LEAF_SIZE << MIN_HEIGHT || Long.bitCount(paddedSize) != 1) {
            throw new DealsException(INVALID_PIECE, "padded piece size " + paddedSize
                    + " is not a power of two of at least " + (LEAF_SIZE << MIN_HEIGHT) + " bytes");
        }
        return of(root, Long.numberOfTrailingZeros(paddedSize) - Long.numberOfTrailingZeros(LEAF_SIZE), 0);
    }

    /** The height of the smallest piece that holds {@code payloadSize} bytes. */
    public static int heightForPayload(long payloadSize) {
        if (payloadSize < 0) {
            throw new IllegalArgumentException("negative payload size " + payloadSize);
        }
        if (payloadSize > MAX_PAYLOAD_SIZE) {
            throw new DealsException(PAYLOAD_TOO_LARGE, "a payload of " + payloadSize + " bytes exceeds the "
                    + MAX_PAYLOAD_SIZE + " bytes of the largest supported piece");
        }
        long quads = Math.max(1, -Math.floorDiv(-payloadSize, Fr32Padding.UNPADDED_QUAD_SIZE));
        int quadLevels = 64 - Long.numberOfLeadingZeros(quads - 1);
        return MIN_HEIGHT + quadLevels;
    }

    /** Payload bytes a piece of {@code height} holds: 127/128 of its padded size. */
    public static long unpaddedCapacity(int height) {
        return (1L << (height - MIN_HEIGHT)) * Fr32Padding.UNPADDED_QUAD_SIZE;
    }

    public byte[] root() {
        return root.clone();
    }

    public int height() {
        return height;
    }

    public long padding() {
        return padding;
    }

    /** The size of the Fr32-padded piece, 32 * 2^height bytes: what Filecoin calls the piece size. */
    public long paddedSize() {
        return (long) LEAF_SIZE << height;
    }

    public long unpaddedSize() {
        return unpaddedCapacity(height);
    }

    /** The size of the payload the piece was made from. */
    public long payloadSize() {
        return unpaddedSize() - padding;
    }

    /** The v1 piece CID ({@code baga6ea4seaq...}): the root alone, without size. */
    public Cid toV1() {
        return PieceCid.v1(root);
    }

    /** The v2 piece CID of FRC-0069 ({@code bafkzcib...}): root, height and padding. */
    public Cid toV2() {
        return PieceCid.v2(this);
    }

    byte[] rootUnsafe() {
        return root;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PieceInfo that && height == that.height && padding == that.padding
                && Arrays.equals(root, that.root);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(root) + height) + Long.hashCode(padding);
    }

    @Override
    public String toString() {
        return "PieceInfo{root=" + HexFormat.of().formatHex(root) + ", height=" + height + ", padding=" + padding
                + ", paddedSize=" + paddedSize() + "}";
    }
}
