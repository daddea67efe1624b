package io.strata.deals;

import io.strata.multiformats.Cid;
import io.strata.multiformats.MultiformatException;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.Multihash;
import io.strata.multiformats.Varint;

import java.util.Arrays;

import static io.strata.deals.DealsException.Code.NOT_A_PIECE_CID;

/**
 * The two CID forms of a piece.
 * <ul>
 *   <li>v1: CIDv1, codec fil-commitment-unsealed (0xf101), multihash sha2-256-trunc254-padded (0x1012)
 *       holding the 32-byte root. It does not say how large the piece is.</li>
 *   <li>v2 (FRC-0069): CIDv1, codec raw (0x55), multihash fr32-sha256-trunc254-padbintree (0x1011) whose
 *       digest is {@code uvarint(padding) || height || root}.</li>
 * </ul>
 * A v1 CID and a size give the v2 CID; a v2 CID gives the v1 CID and the size.
 */
public final class PieceCid {

    private PieceCid() {
    }

    public static Cid v1(byte[] root) {
        if (root.length != PieceInfo.ROOT_SIZE) {
            throw new DealsException(DealsException.Code.INVALID_PIECE, "a piece root is " + PieceInfo.ROOT_SIZE
                    + " bytes; got " + root.length);
        }
        return Cid.v1(Multicodec.FIL_COMMITMENT_UNSEALED, Multihash.of(Multicodec.SHA2_256_TRUNC254_PADDED, root));
    }

    public static Cid v2(PieceInfo piece) {
        byte[] root = piece.rootUnsafe();
        int paddingLength = Varint.encodedLength(piece.padding());
        byte[] digest = new byte[paddingLength + 1 + root.length];
        Varint.write(piece.padding(), digest, 0);
        digest[paddingLength] = (byte) piece.height();
        System.arraycopy(root, 0, digest, paddingLength + 1, root.length);
        return Cid.v1(Multicodec.RAW, Multihash.of(Multicodec.FR32_SHA256_TRUNC254_PADBINTREE, digest));
    }

    public static boolean isV1(Cid cid) {
        return cid.version() == 1 && cid.codec() == Multicodec.FIL_COMMITMENT_UNSEALED.code()
                && cid.multihash().function() == Multicodec.SHA2_256_TRUNC254_PADDED.code();
    }

    public static boolean isV2(Cid cid) {
        return cid.version() == 1 && cid.codec() == Multicodec.RAW.code()
                && cid.multihash().function() == Multicodec.FR32_SHA256_TRUNC254_PADBINTREE.code();
    }

    /**
     * The root of a v1 or v2 piece CID.
     *
     * @throws DealsException {@code NOT_A_PIECE_CID} or {@code INVALID_PIECE} if it is neither, or malformed
     */
    public static byte[] root(Cid cid) {
        if (isV2(cid)) {
            return decodeV2(cid).root();
        }
        return rootOfV1(cid);
    }

    /** The piece a v2 CID describes. */
    public static PieceInfo decodeV2(Cid cid) {
        if (!isV2(cid)) {
            throw notA("v2", cid, "codec raw (0x55) with multihash fr32-sha256-trunc254-padbintree (0x1011)");
        }
        byte[] digest = cid.multihash().digest();
        Varint.Decoded padding;
        try {
            padding = Varint.decode(digest, 0);
        } catch (MultiformatException e) {
            throw new DealsException(NOT_A_PIECE_CID, "v2 piece CID " + cid + ": the padding varint is malformed: "
                    + e.getMessage());
        }
        int expectedLength = padding.length() + 1 + PieceInfo.ROOT_SIZE;
        if (digest.length != expectedLength) {
            throw new DealsException(NOT_A_PIECE_CID, "v2 piece CID " + cid + ": its digest is " + digest.length
                    + " bytes; a " + padding.length() + "-byte padding varint, a height byte and a "
                    + PieceInfo.ROOT_SIZE + "-byte root make " + expectedLength);
        }
        int height = digest[padding.length()] & 0xff;
        byte[] root = Arrays.copyOfRange(digest, padding.length() + 1, digest.length);
        return PieceInfo.of(root, height, padding.value());
    }

    /** The v2 CID of the piece with v1 CID {@code v1} made from {@code payloadSize} payload bytes. */
    public static Cid v2FromV1(Cid v1, long payloadSize) {
        return PieceInfo.forPayload(rootOfV1(v1), payloadSize).toV2();
    }

    /**
     * The v2 CID of the piece with v1 CID {@code v1} and Filecoin padded piece size {@code paddedSize} (as in
     * a deal proposal's PieceSize): padding 0, since the chain does not know how much of it is payload.
     */
    public static Cid v2FromV1AndPaddedSize(Cid v1, long paddedSize) {
        return PieceInfo.forPaddedSize(rootOfV1(v1), paddedSize).toV2();
    }

    public static Cid v1FromV2(Cid v2) {
        return v1(decodeV2(v2).rootUnsafe());
    }

    /**
     * Parses a piece CID of either form and checks it.
     *
     * @throws MultiformatException if the text is not a CID
     * @throws DealsException if it is a CID but not a valid piece CID
     */
    public static Cid parse(String text) {
        Cid cid = Cid.parse(text);
        root(cid);
        return cid;
    }

    private static byte[] rootOfV1(Cid cid) {
        if (!isV1(cid)) {
            throw notA("v1", cid, "codec fil-commitment-unsealed (0xf101) with multihash sha2-256-trunc254-padded"
                    + " (0x1012)");
        }
        byte[] root = cid.multihash().digest();
        if (root.length != PieceInfo.ROOT_SIZE) {
            throw new DealsException(NOT_A_PIECE_CID, "v1 piece CID " + cid + " holds a " + root.length
                    + "-byte digest; a piece root is " + PieceInfo.ROOT_SIZE + " bytes");
        }
        if ((root[PieceInfo.ROOT_SIZE - 1] & 0xc0) != 0) {
            throw new DealsException(DealsException.Code.INVALID_PIECE, "v1 piece CID " + cid
                    + ": the root has one of the top two bits of its last byte set; sha2-256-trunc254 clears them");
        }
        return root;
    }

    private static DealsException notA(String form, Cid cid, String expected) {
        return new DealsException(NOT_A_PIECE_CID, cid + " is not a " + form + " piece CID: expected CIDv1 with "
                + expected + "; got CIDv" + cid.version() + " with codec " + Multicodec.nameOf(cid.codec())
                + " and multihash " + Multicodec.nameOf(cid.multihash().function()));
    }
}
