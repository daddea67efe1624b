package io.strata.deals;

import io.strata.multiformats.Cid;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

import static io.strata.deals.DealsException.Code.INVALID_CHALLENGE;

/**
 * A challenge to prove possession of a piece: distinct leaf indices of its Merkle tree drawn from a seed the
 * challenger chose. Only leaves that hold payload are drawn (a leaf of the zero-filled tail proves nothing: anyone
 * can compute it), so a v2 piece CID, which carries the padding, makes every challenge count.
 *
 * <p>Index i is drawn from SHA-256({@code "strata-deals/challenge" || seed || counter}) with the counter
 * starting at 0 and increasing on every draw: the first 8 bytes big-endian, masked to the bits the number of
 * payload leaves needs, and drawn again if not below that number or already drawn, so the indices are uniform
 * and anyone holding the seed recomputes the same ones.
 *
 * @param piece   the challenged piece
 * @param seed    the challenger's randomness, at least 16 bytes
 * @param leaves  the challenged leaf indices, in draw order
 */
public record ProofChallenge(PieceInfo piece, byte[] seed, long[] leaves) {

    public static final int MIN_SEED_LENGTH = 16;
    private static final byte[] DOMAIN = "strata-deals/challenge".getBytes(StandardCharsets.US_ASCII);

    public ProofChallenge {
        Objects.requireNonNull(piece, "piece");
        seed = seed.clone();
        leaves = leaves.clone();
    }

    /**
     * Draws {@code count} leaves, or every payload leaf if there are fewer.
     *
     * @throws DealsException {@code INVALID_CHALLENGE} for a seed shorter than 16 bytes or a count below 1
     */
    public static ProofChallenge derive(PieceInfo piece, byte[] seed, int count) {
        if (seed.length < MIN_SEED_LENGTH) {
            throw new DealsException(INVALID_CHALLENGE, "a challenge seed is at least " + MIN_SEED_LENGTH
                    + " bytes; got " + seed.length);
        }
        if (count < 1) {
            throw new DealsException(INVALID_CHALLENGE, "a challenge asks for at least one leaf; got " + count);
        }
        long payloadLeaves = payloadLeaves(piece);
        int draws = (int) Math.min(count, payloadLeaves);
        long mask = payloadLeaves == 1 ? 0 : -1L >>> Long.numberOfLeadingZeros(payloadLeaves - 1);
        MessageDigest sha256 = PieceCommitment.newSha256();
        Set<Long> drawn = new LinkedHashSet<>();
        for (long counter = 0; drawn.size() < draws; counter++) {
            sha256.update(DOMAIN);
            sha256.update(seed);
            sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(counter).array());
            long candidate = ByteBuffer.wrap(sha256.digest()).getLong() & mask;
            if (candidate < payloadLeaves) {
                drawn.add(candidate);
            }
        }
        return new ProofChallenge(piece, seed, drawn.stream().mapToLong(Long::longValue).toArray());
    }

    /**
     * A seed for proving period {@code period} of the deal named {@code proposalCid}, mixing in the
     * challenger's fresh {@code randomness} so the provider cannot precompute answers.
     */
    public static byte[] seedFor(Cid proposalCid, long period, byte[] randomness) {
        MessageDigest sha256 = PieceCommitment.newSha256();
        sha256.update(proposalCid.bytes());
        sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(period).array());
        sha256.update(randomness);
        return sha256.digest();
    }

    /** The leaves that hold Fr32-padded payload: whole quads, at least one. */
    public static long payloadLeaves(PieceInfo piece) {
        long padded = Math.max(Fr32Padding.PADDED_QUAD_SIZE, Fr32Padding.paddedSize(piece.payloadSize()));
        return padded / PieceTree.NODE_SIZE;
    }

    public Cid pieceCid() {
        return piece.toV2();
    }

    @Override
    public byte[] seed() {
        return seed.clone();
    }

    @Override
    public long[] leaves() {
        return leaves.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ProofChallenge that && piece.equals(that.piece) && Arrays.equals(seed, that.seed)
                && Arrays.equals(leaves, that.leaves);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * piece.hashCode() + Arrays.hashCode(seed)) + Arrays.hashCode(leaves);
    }

    @Override
    public String toString() {
        return "ProofChallenge{" + pieceCid() + ", leaves=" + Arrays.toString(leaves) + "}";
    }
}
