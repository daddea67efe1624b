package io.strata.deals;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Checks a {@link StorageProof} against its challenge, using nothing of the piece but its CID: the v2 piece
 * CID gives the root and the height, the seed gives the leaves. Every leaf must be a Fr32 field element (top
 * two bits clear) and fold up its path to the root.
 */
public final class StorageProofVerifier {

    private StorageProofVerifier() {
    }

    /** The outcome of a check: valid, or the first thing found wrong. */
    public record Verdict(boolean valid, String reason) {
        static final Verdict VALID = new Verdict(true, "");

        static Verdict invalid(String reason) {
            return new Verdict(false, reason);
        }
    }

    public static Verdict verify(ProofChallenge challenge, StorageProof proof) {
        if (!proof.pieceCid().equals(challenge.pieceCid())) {
            return Verdict.invalid("the proof is for piece " + proof.pieceCid() + "; the challenge is for "
                    + challenge.pieceCid());
        }
        if (!Arrays.equals(proof.seed(), challenge.seed())) {
            return Verdict.invalid("the proof answers another challenge seed");
        }
        long[] leaves = challenge.leaves();
        List<InclusionProof> proofs = proof.proofs();
        if (proofs.size() != leaves.length) {
            return Verdict.invalid("the challenge asks for " + leaves.length + " leaves; the proof has "
                    + proofs.size());
        }
        PieceInfo piece = challenge.piece();
        byte[] root = piece.root();
        for (int i = 0; i < leaves.length; i++) {
            InclusionProof inclusion = proofs.get(i);
            if (inclusion.leafIndex() != leaves[i]) {
                return Verdict.invalid("answer " + i + " is for leaf " + inclusion.leafIndex() + "; leaf " + leaves[i]
                        + " was challenged");
            }
            byte[] leaf = inclusion.leaf();
            if (leaf.length != PieceTree.NODE_SIZE || (leaf[PieceTree.NODE_SIZE - 1] & 0xc0) != 0) {
                return Verdict.invalid("leaf " + leaves[i] + " is not a 32-byte Fr32 field element");
            }
            if (inclusion.path().length != piece.height() * PieceTree.NODE_SIZE) {
                return Verdict.invalid("the path of leaf " + leaves[i] + " has " + inclusion.path().length
                        + " bytes; a piece of height " + piece.height() + " needs " + piece.height() + " siblings of "
                        + PieceTree.NODE_SIZE + " bytes");
            }
            byte[] implied = inclusion.impliedRoot();
            if (!Arrays.equals(implied, root)) {
                return Verdict.invalid("leaf " + leaves[i] + " and its path hash to "
                        + HexFormat.of().formatHex(implied) + ", not the piece root " + HexFormat.of().formatHex(root));
            }
        }
        return Verdict.VALID;
    }

    /**
     * Settles proving period {@code period} of an active deal at {@code epoch}: a valid answer keeps it active,
     * a wrong one slashes it with the verifier's reason.
     */
    public static Deal settle(Deal deal, long period, ProofChallenge challenge, StorageProof proof, long epoch) {
        Verdict verdict = verify(challenge, proof);
        return deal.apply(verdict.valid() ? new DealEvent.ProofAccepted(period)
                : new DealEvent.ProofRejected(period, verdict.reason()), epoch);
    }
}
