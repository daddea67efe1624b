package io.strata.deals;

import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.Multihash;
import io.strata.multiformats.MultiformatException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Conversions and validation, on the piece CIDs FRC-0069 lists. */
class PieceCidTest {

    private static final String V1 = "baga6ea4seaqn42av3szurbbscwuu3zjssvfwbpsvbjf6y3tukvlgl2nf5rha6pa";
    private static final String V2_NO_PADDING = "bafkzcibcaac542av3szurbbscwuu3zjssvfwbpsvbjf6y3tukvlgl2nf5rha6pa";
    private static final String V2_PADDING_504 = "bafkzcibd7abqlxticxolgseegik2stpfgkkuwyf6kufex3doorkvmzpjuxwe4dz4";

    @Test
    void v1AndPayloadSizeGiveV2() {
        assertEquals(V2_PADDING_504, PieceCid.v2FromV1(Cid.parse(V1), 512).toString());
        assertEquals(V2_NO_PADDING, PieceCid.v2FromV1(Cid.parse(V1), 1016).toString());
    }

    @Test
    void v1AndPaddedPieceSizeGiveV2WithoutPadding() {
        assertEquals(V2_NO_PADDING, PieceCid.v2FromV1AndPaddedSize(Cid.parse(V1), 1024).toString());
        Cid empty32GiB = Cid.parse("baga6ea4seaqao7s73y24kcutaosvacpdjgfe5pw76ooefnyqw4ynr3d2y6x2mpq");
        assertEquals("bafkzcibcaapao7s73y24kcutaosvacpdjgfe5pw76ooefnyqw4ynr3d2y6x2mpq",
                PieceCid.v2FromV1AndPaddedSize(empty32GiB, 32L << 30).toString());
        Cid empty64GiB = Cid.parse("baga6ea4seaqomqafu276g53zko4k23xzh4h4uecjwicbmvhsuqi7o4bhthhm4aq");
        assertEquals("bafkzcibcaap6mqafu276g53zko4k23xzh4h4uecjwicbmvhsuqi7o4bhthhm4aq",
                PieceCid.v2FromV1AndPaddedSize(empty64GiB, 64L << 30).toString());
    }

    @Test
    void v2GivesV1AndSizes() {
        Cid v2 = PieceCid.parse(V2_PADDING_504);
        PieceInfo piece = PieceCid.decodeV2(v2);
        assertEquals(5, piece.height());
        assertEquals(504, piece.padding());
        assertEquals(1024, piece.paddedSize());
        assertEquals(1016, piece.unpaddedSize());
        assertEquals(512, piece.payloadSize());
        assertEquals(V1, PieceCid.v1FromV2(v2).toString());
        assertArrayEquals(PieceCid.root(Cid.parse(V1)), PieceCid.root(v2));
        assertTrue(PieceCid.isV2(v2));
        assertFalse(PieceCid.isV1(v2));
        assertTrue(PieceCid.isV1(Cid.parse(V1)));
    }

    @Test
    void aCidOfAnotherKindIsNotAPieceCid() {
        Cid sha256Raw = Cid.of(Multicodec.RAW, Multicodec.SHA2_256, new byte[] {1, 2, 3});
        DealsException e = assertThrows(DealsException.class, () -> PieceCid.root(sha256Raw));
        assertEquals(DealsException.Code.NOT_A_PIECE_CID, e.code());
        assertThrows(DealsException.class, () -> PieceCid.parse(sha256Raw.toString()));
        assertThrows(MultiformatException.class, () -> PieceCid.parse("not a cid"));
        Cid rawWithTrunc254 = Cid.v1(Multicodec.RAW, Multihash.of(Multicodec.SHA2_256_TRUNC254_PADDED, new byte[32]));
        assertEquals(DealsException.Code.NOT_A_PIECE_CID,
                assertThrows(DealsException.class, () -> PieceCid.root(rawWithTrunc254)).code());
    }

    @Test
    void aV2DigestOfTheWrongLengthIsRejected() {
        byte[] digest = PieceCid.parse(V2_NO_PADDING).multihash().digest();
        Cid truncated = v2WithDigest(Arrays.copyOf(digest, digest.length - 1));
        DealsException e = assertThrows(DealsException.class, () -> PieceCid.decodeV2(truncated));
        assertEquals(DealsException.Code.NOT_A_PIECE_CID, e.code());
        assertTrue(e.getMessage().contains("its digest is 33 bytes"), e.getMessage());
        Cid extended = v2WithDigest(Arrays.copyOf(digest, digest.length + 1));
        assertThrows(DealsException.class, () -> PieceCid.decodeV2(extended));
    }

    @Test
    void aV2WithANonMinimalPaddingVarintIsRejected() {
        byte[] digest = PieceCid.parse(V2_NO_PADDING).multihash().digest();
        byte[] nonMinimal = new byte[digest.length + 1];
        nonMinimal[0] = (byte) 0x80;
        System.arraycopy(digest, 0, nonMinimal, 1, digest.length);
        assertEquals(DealsException.Code.NOT_A_PIECE_CID,
                assertThrows(DealsException.class, () -> PieceCid.decodeV2(v2WithDigest(nonMinimal))).code());
    }

    @Test
    void impossibleHeightsAndPaddingsAreRejected() {
        byte[] root = PieceCid.root(Cid.parse(V1));
        assertInvalid(() -> PieceInfo.of(root, 1, 0));
        assertInvalid(() -> PieceInfo.of(root, 58, 0));
        assertInvalid(() -> PieceInfo.of(root, 2, 128));
        assertEquals(127, PieceInfo.of(root, 2, 127).padding());
        // A height-3 tree holds 254 bytes; with 127 or more of them padding the payload fits height 2.
        assertInvalid(() -> PieceInfo.of(root, 3, 127));
        assertEquals(126, PieceInfo.of(root, 3, 126).padding());
        assertInvalid(() -> PieceInfo.of(root, 3, -1));
        assertInvalid(() -> PieceInfo.forPaddedSize(root, 1000));
        assertInvalid(() -> PieceInfo.forPaddedSize(root, 64));
        assertInvalid(() -> PieceInfo.of(Arrays.copyOf(root, 31), 3, 0));
    }

    @Test
    void aRootWithItsTopBitsSetIsNotATruncatedHash() {
        byte[] root = new byte[32];
        root[31] = (byte) 0x40;
        assertInvalid(() -> PieceInfo.of(root, 4, 0));
        Cid v1 = Cid.v1(Multicodec.FIL_COMMITMENT_UNSEALED, Multihash.of(Multicodec.SHA2_256_TRUNC254_PADDED, root));
        assertInvalid(() -> PieceCid.root(v1));
    }

    @Test
    void aPayloadTooLargeForAnyPieceIsRejected() {
        assertEquals(57, PieceInfo.heightForPayload(PieceInfo.MAX_PAYLOAD_SIZE));
        DealsException e = assertThrows(DealsException.class,
                () -> PieceInfo.heightForPayload(PieceInfo.MAX_PAYLOAD_SIZE + 1));
        assertEquals(DealsException.Code.PAYLOAD_TOO_LARGE, e.code());
    }

    @Test
    void heightsForPayloadSizes() {
        assertEquals(2, PieceInfo.heightForPayload(0));
        assertEquals(2, PieceInfo.heightForPayload(127));
        assertEquals(3, PieceInfo.heightForPayload(128));
        assertEquals(3, PieceInfo.heightForPayload(254));
        assertEquals(4, PieceInfo.heightForPayload(255));
        assertEquals(30, PieceInfo.heightForPayload(127L << 28));
        assertEquals(31, PieceInfo.heightForPayload((127L << 28) + 1));
    }

    private static Cid v2WithDigest(byte[] digest) {
        return Cid.v1(Multicodec.RAW, Multihash.of(Multicodec.FR32_SHA256_TRUNC254_PADBINTREE, digest));
    }

    private static void assertInvalid(org.junit.jupiter.api.function.Executable executable) {
        assertEquals(DealsException.Code.INVALID_PIECE, assertThrows(DealsException.class, executable).code());
    }
}
