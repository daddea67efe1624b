package io.strata.deals;

import io.strata.multiformats.Cid;
import io.strata.multiformats.Multibase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test vectors from FRC-0069 ("Test Cases"), and agreement with a whole-tree-in-memory reference. */
class PieceCommitmentTest {

    /** 127 zeros, 127 ones, 127 twos, 127 threes, then {@code trailingZeros} zeros. */
    private static byte[] frcPayload(int trailingZeros) {
        byte[] payload = new byte[4 * 127 + trailingZeros];
        for (int i = 0; i < 4 * 127; i++) {
            payload[i] = (byte) (i / 127);
        }
        return payload;
    }

    @Test
    void frc0069FourQuadsOfZeroOneTwoThree() {
        PieceInfo piece = PieceCommitment.of(frcPayload(0));
        assertEquals("baga6ea4seaqes3nobte6ezpp4wqan2age2s5yxcatzotcvobhgcmv5wi2xh5mbi", piece.toV1().toString());
        assertEquals("bafkzcibcaaces3nobte6ezpp4wqan2age2s5yxcatzotcvobhgcmv5wi2xh5mbi", piece.toV2().toString());
        assertEquals("f01559120220004496dae0cc9e265efe5a006e80626a5dc5c409e5d3155c13984caf6c8d5cfd605",
                piece.toV2().toString(Multibase.BASE16));
        assertEquals(4, piece.height());
        assertEquals(0, piece.padding());
    }

    @Test
    void frc0069OneTwentySevenZeros() {
        PieceInfo piece = PieceCommitment.of(new byte[127]);
        assertEquals("bafkzcibcaabdomn3tgwgrh3g532zopskstnbrd2n3sxfqbze7rxt7vqn7veigmy", piece.toV2().toString());
        assertEquals(2, piece.height());
        assertEquals(0, piece.padding());
    }

    @Test
    void frc0069OneTwentyEightZeros() {
        PieceInfo piece = PieceCommitment.of(new byte[128]);
        assertEquals("bafkzcibcpybwiktap34inmaex4wbs6cghlq5i2j2yd2bb2zndn5ep7ralzphkdy", piece.toV2().toString());
        assertEquals(3, piece.height());
        assertEquals(126, piece.padding());
    }

    @Test
    void frc0069EmptyPayloadIsTheZeroPieceOfHeightTwoWithAllPadding() {
        Cid v1 = PieceCid.v1(PieceCommitment.zeroPieceRoot(2));
        assertEquals("bafkzcibcp4bdomn3tgwgrh3g532zopskstnbrd2n3sxfqbze7rxt7vqn7veigmy",
                PieceCid.v2FromV1(v1, 0).toString());
    }

    @Test
    void frc0069EightQuadsWithZeroSecondHalfHaveNoPadding() {
        PieceInfo piece = PieceCommitment.of(frcPayload(4 * 127));
        assertEquals("baga6ea4seaqn42av3szurbbscwuu3zjssvfwbpsvbjf6y3tukvlgl2nf5rha6pa", piece.toV1().toString());
        assertEquals("bafkzcibcaac542av3szurbbscwuu3zjssvfwbpsvbjf6y3tukvlgl2nf5rha6pa", piece.toV2().toString());
    }

    @Test
    void frc0069TrailingZerosChangeOnlyThePadding() {
        PieceInfo fourMore = PieceCommitment.of(frcPayload(4));
        assertEquals("baga6ea4seaqn42av3szurbbscwuu3zjssvfwbpsvbjf6y3tukvlgl2nf5rha6pa", fourMore.toV1().toString());
        assertEquals(504, fourMore.padding());
        assertEquals("bafkzcibd7abqlxticxolgseegik2stpfgkkuwyf6kufex3doorkvmzpjuxwe4dz4", fourMore.toV2().toString());

        PieceInfo fiveMore = PieceCommitment.of(frcPayload(5));
        assertEquals(503, fiveMore.padding());
        assertEquals("bafkzcibd64bqlxticxolgseegik2stpfgkkuwyf6kufex3doorkvmzpjuxwe4dz4", fiveMore.toV2().toString());
    }

    @Test
    void frc0069EmptyThirtyTwoAndSixtyFourGibPieces() {
        assertEquals("baga6ea4seaqao7s73y24kcutaosvacpdjgfe5pw76ooefnyqw4ynr3d2y6x2mpq",
                PieceCid.v1(PieceCommitment.zeroPieceRoot(30)).toString());
        assertEquals("baga6ea4seaqomqafu276g53zko4k23xzh4h4uecjwicbmvhsuqi7o4bhthhm4aq",
                PieceCid.v1(PieceCommitment.zeroPieceRoot(31)).toString());
    }

    @Test
    void frc0069EmptyPayloadHashedDirectly() {
        PieceInfo piece = PieceCommitment.of(new byte[0]);
        assertEquals("bafkzcibcp4bdomn3tgwgrh3g532zopskstnbrd2n3sxfqbze7rxt7vqn7veigmy", piece.toV2().toString());
        assertEquals(127, piece.padding());
        assertEquals(2, piece.height());
    }

    @Test
    void aPayloadBelowOneQuadFillsOneQuad() {
        byte[] payload = {1, 2, 3};
        PieceInfo piece = PieceCommitment.of(payload);
        assertArrayEquals(referenceRoot(payload), piece.root());
        assertEquals(124, piece.padding());
        assertEquals(2, piece.height());
    }

    @Test
    void aFinishedCommitmentAcceptsNothingMore() {
        PieceCommitment commitment = PieceCommitment.sequential().update(new byte[100]);
        commitment.finish();
        assertThrows(IllegalStateException.class, () -> commitment.update(new byte[1]));
        assertThrows(IllegalStateException.class, commitment::finish);
    }

    /** Sizes around the 1,040,384-byte chunk and around power-of-two piece capacities beyond it. */
    @ParameterizedTest
    @ValueSource(ints = {1, 65, 1000, 127 * 8192 - 1, 127 * 8192, 127 * 8192 + 1, 127 * 16384 + 127 * 3,
            127 * 32768 - 5, 127 * 32768 + 1})
    void matchesAWholeTreeInMemory(int size) throws IOException {
        byte[] payload = new byte[size];
        new SplittableRandom(size).nextBytes(payload);
        byte[] expected = referenceRoot(payload);

        assertArrayEquals(expected, PieceCommitment.sequential().update(payload).finish().root());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            assertArrayEquals(expected,
                    PieceCommitment.parallel(pool, 4).update(new ByteArrayInputStream(payload)).finish().root());
        } finally {
            pool.shutdown();
        }
        PieceCommitment inPieces = PieceCommitment.create();
        SplittableRandom cuts = new SplittableRandom(7);
        for (int offset = 0; offset < size; ) {
            int length = Math.min(size - offset, cuts.nextInt(1, 300_000));
            inPieces.update(payload, offset, length);
            offset += length;
        }
        PieceInfo piece = inPieces.finish();
        assertArrayEquals(expected, piece.root());
        assertEquals(size, piece.payloadSize());
    }

    /** The textbook construction: pad everything, fill with zero leaves to a power of two, hash every level. */
    private static byte[] referenceRoot(byte[] payload) {
        int quads = (payload.length + 126) / 127;
        int leaves = Integer.highestOneBit(4 * quads - 1) * 2;
        byte[] unpadded = Arrays.copyOf(payload, quads * 127);
        byte[] layer = new byte[leaves * 32];
        Fr32Padding.padQuads(unpadded, 0, layer, 0, quads);
        MessageDigest sha256 = sha256();
        while (layer.length > 32) {
            byte[] next = new byte[layer.length / 2];
            for (int i = 0; i < next.length / 32; i++) {
                sha256.update(layer, 64 * i, 64);
                byte[] node = sha256.digest();
                node[31] &= 0x3f;
                System.arraycopy(node, 0, next, 32 * i, 32);
            }
            layer = next;
        }
        return layer;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
