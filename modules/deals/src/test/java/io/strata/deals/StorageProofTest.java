package io.strata.deals;

import io.strata.crypto.Ed25519PrivateKey;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StorageProofTest {

    private static final byte[] SEED = "a seed of sixteen bytes or more".getBytes();

    static byte[] payload(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Every level of the tree, computed the plain way: the whole padded piece in memory. */
    private static byte[][][] naiveTree(byte[] payload, PieceInfo piece) throws IOException, NoSuchAlgorithmException {
        byte[] zeroFilled = Arrays.copyOf(payload, (int) piece.unpaddedSize());
        byte[] padded = Fr32Padding.paddingStream(new ByteArrayInputStream(zeroFilled)).readAllBytes();
        byte[][][] levels = new byte[piece.height() + 1][][];
        levels[0] = new byte[padded.length / 32][];
        for (int i = 0; i < levels[0].length; i++) {
            levels[0][i] = Arrays.copyOfRange(padded, 32 * i, 32 * i + 32);
        }
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        for (int level = 1; level <= piece.height(); level++) {
            levels[level] = new byte[levels[level - 1].length / 2][];
            for (int i = 0; i < levels[level].length; i++) {
                sha256.update(levels[level - 1][2 * i]);
                sha256.update(levels[level - 1][2 * i + 1]);
                byte[] node = sha256.digest();
                node[31] &= 0x3f;
                levels[level][i] = node;
            }
        }
        return levels;
    }

    @Test
    void proofsMatchTheNaiveTreeAndVerifyForSizesAroundEveryBoundary() throws Exception {
        int[] sizes = {0, 1, 64, 126, 127, 128, 254, 255, 1000, 4064, 4065, 130_048, 130_049, 1_040_384,
                1_040_385, 2_500_000};
        for (int size : sizes) {
            byte[] payload = payload(size, size);
            PieceInfo piece = PieceCommitment.of(payload);
            byte[][][] naive = naiveTree(payload, piece);
            assertArrayEquals(naive[piece.height()][0], piece.root(), "root, size " + size);
            ProofChallenge challenge = ProofChallenge.derive(piece, SEED, 12);
            StorageProof streamed = PieceProver.prove(challenge, new ByteArrayInputStream(payload));
            for (InclusionProof proof : streamed.proofs()) {
                long leaf = proof.leafIndex();
                assertArrayEquals(naive[0][(int) leaf], proof.leaf(), "leaf " + leaf + ", size " + size);
                for (int level = 0; level < piece.height(); level++) {
                    assertArrayEquals(naive[level][(int) ((leaf >>> level) ^ 1)],
                            Arrays.copyOfRange(proof.path(), 32 * level, 32 * level + 32),
                            "sibling at level " + level + " of leaf " + leaf + ", size " + size);
                }
            }
            assertEquals(StorageProofVerifier.Verdict.VALID, StorageProofVerifier.verify(challenge, streamed),
                    "size " + size);
            for (int layerLevel : new int[] {2, Math.min(piece.height(), 7), piece.height()}) {
                PieceTreeLayer layer = PieceTreeLayer.build(piece, layerLevel, new ByteArrayInputStream(payload));
                StorageProof fromLayer = PieceProver.prove(challenge, layer, PayloadReader.of(payload));
                assertEquals(streamed, fromLayer, "layer " + layerLevel + ", size " + size);
            }
        }
    }

    @Test
    void aLayerHoldsTheNaiveTreesNodesOverThePayload() throws Exception {
        byte[] payload = payload(300_000, 3);
        PieceInfo piece = PieceCommitment.of(payload);
        byte[][][] naive = naiveTree(payload, piece);
        PieceTreeLayer layer = PieceTreeLayer.build(piece, 9, new ByteArrayInputStream(payload));
        byte[] nodes = layer.nodes();
        long expectedNodes = -Math.floorDiv(-ProofChallenge.payloadLeaves(piece), 512);
        assertEquals(expectedNodes * 32, nodes.length);
        for (int i = 0; i < expectedNodes; i++) {
            assertArrayEquals(naive[9][i], Arrays.copyOfRange(nodes, 32 * i, 32 * i + 32), "node " + i);
        }
        assertEquals(layer.piece(), PieceTreeLayer.of(piece, 9, nodes).piece());
        assertThrows(DealsException.class, () -> PieceTreeLayer.of(piece, 9, new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> PieceTreeLayer.of(piece, 1, nodes));
    }

    @Test
    void proofsFromAFileReadOnlyWhatTheyNeed() throws Exception {
        byte[] payload = payload(3_000_000, 4);
        PieceInfo piece = PieceCommitment.of(payload);
        Path file = Files.createTempFile("piece", ".car");
        try {
            Files.write(file, payload);
            PieceTreeLayer layer = PieceTreeLayer.build(piece, 10, Files.newInputStream(file));
            ProofChallenge challenge = ProofChallenge.derive(piece, SEED, 20);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                StorageProof proof = PieceProver.prove(challenge, layer, PayloadReader.of(channel));
                assertTrue(StorageProofVerifier.verify(challenge, proof).valid());
            }
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void challengesAreDeterministicDistinctAndWithinThePayload() {
        PieceInfo piece = PieceCommitment.of(payload(10_000, 5));
        ProofChallenge first = ProofChallenge.derive(piece, SEED, 30);
        assertEquals(first, ProofChallenge.derive(piece, SEED.clone(), 30));
        long payloadLeaves = ProofChallenge.payloadLeaves(piece);
        assertEquals(Fr32Padding.paddedSize(10_000) / 32, payloadLeaves);
        Set<Long> distinct = new HashSet<>();
        for (long leaf : first.leaves()) {
            assertTrue(leaf >= 0 && leaf < payloadLeaves, "leaf " + leaf);
            distinct.add(leaf);
        }
        assertEquals(30, distinct.size());
        byte[] otherSeed = SEED.clone();
        otherSeed[0] ^= 1;
        assertFalse(Arrays.equals(first.leaves(), ProofChallenge.derive(piece, otherSeed, 30).leaves()));
        PieceInfo tiny = PieceCommitment.of(new byte[10]);
        assertEquals(4, ProofChallenge.derive(tiny, SEED, 100).leaves().length);
        assertEquals(DealsException.Code.INVALID_CHALLENGE,
                assertThrows(DealsException.class, () -> ProofChallenge.derive(piece, new byte[15], 1)).code());
        assertEquals(DealsException.Code.INVALID_CHALLENGE,
                assertThrows(DealsException.class, () -> ProofChallenge.derive(piece, SEED, 0)).code());
        assertNotEquals(ProofChallenge.seedFor(DealProposalTest.PIECE, 1, new byte[8]).length, 0);
        assertFalse(Arrays.equals(ProofChallenge.seedFor(DealProposalTest.PIECE, 1, new byte[8]),
                ProofChallenge.seedFor(DealProposalTest.PIECE, 2, new byte[8])));
    }

    @Property(tries = 200)
    void anyFlippedBitOfAnHonestProofFails(@ForAll @IntRange(min = 0, max = 1_000_000) int bitChoice,
                                           @ForAll @IntRange(min = 1, max = 5000) int size) throws IOException {
        byte[] payload = payload(size, size);
        PieceInfo piece = PieceCommitment.sequential().update(payload).finish();
        ProofChallenge challenge = ProofChallenge.derive(piece, SEED, 3);
        StorageProof honest = PieceProver.prove(challenge, new ByteArrayInputStream(payload));
        assertTrue(StorageProofVerifier.verify(challenge, honest).valid());
        byte[] bytes = honest.toCbor();
        assertEquals(honest, StorageProof.fromCbor(bytes));
        int bit = bitChoice % (bytes.length * 8);
        bytes[bit / 8] ^= (byte) (1 << (bit % 8));
        StorageProof tampered;
        try {
            tampered = StorageProof.fromCbor(bytes);
        } catch (DealsException e) {
            return;
        }
        StorageProofVerifier.Verdict verdict = StorageProofVerifier.verify(challenge, tampered);
        assertFalse(verdict.valid(), "bit " + bit + " flipped and the proof still verifies");
        assertFalse(verdict.reason().isEmpty());
    }

    @Property(tries = 50)
    void aCorruptedCopyCannotProveTheLeavesItChanged(@ForAll @IntRange(min = 200, max = 20_000) int size,
                                                     @ForAll @IntRange(min = 0, max = 1_000_000) int position) throws IOException {
        byte[] payload = payload(size, size);
        PieceInfo piece = PieceCommitment.sequential().update(payload).finish();
        byte[] corrupted = payload.clone();
        int at = position % size;
        corrupted[at] ^= 0x55;
        long quad = at / 127;
        ProofChallenge challenge = ProofChallenge.derive(piece, SEED, 1_000_000);
        boolean coversQuad = Arrays.stream(challenge.leaves()).anyMatch(leaf -> leaf / 4 == quad);
        assertTrue(coversQuad, "a challenge of every payload leaf covers the corrupted quad");
        StorageProof proof = PieceProver.prove(challenge, new ByteArrayInputStream(corrupted));
        assertFalse(StorageProofVerifier.verify(challenge, proof).valid());
    }

    @Test
    void wrongAnswersAreRefusedWithReasons() throws IOException {
        byte[] payload = payload(5000, 9);
        PieceInfo piece = PieceCommitment.of(payload);
        ProofChallenge challenge = ProofChallenge.derive(piece, SEED, 4);
        StorageProof honest = PieceProver.prove(challenge, new ByteArrayInputStream(payload));
        List<InclusionProof> proofs = honest.proofs();

        StorageProof otherPiece = new StorageProof(PieceCommitment.of(payload(5000, 10)).toV2(), SEED, proofs);
        assertTrue(StorageProofVerifier.verify(challenge, otherPiece).reason().contains("is for piece"));
        StorageProof otherSeed = new StorageProof(honest.pieceCid(), new byte[32], proofs);
        assertTrue(StorageProofVerifier.verify(challenge, otherSeed).reason().contains("seed"));
        StorageProof missing = new StorageProof(honest.pieceCid(), SEED, proofs.subList(0, 3));
        assertTrue(StorageProofVerifier.verify(challenge, missing).reason().contains("asks for 4"));
        StorageProof reordered = new StorageProof(honest.pieceCid(), SEED,
                List.of(proofs.get(1), proofs.get(0), proofs.get(2), proofs.get(3)));
        assertTrue(StorageProofVerifier.verify(challenge, reordered).reason().contains("was challenged"));
        InclusionProof first = proofs.get(0);
        byte[] highBits = first.leaf();
        highBits[31] |= (byte) 0x80;
        StorageProof notFr32 = new StorageProof(honest.pieceCid(), SEED,
                List.of(new InclusionProof(first.leafIndex(), highBits, first.path()), proofs.get(1), proofs.get(2),
                        proofs.get(3)));
        assertTrue(StorageProofVerifier.verify(challenge, notFr32).reason().contains("Fr32"));
        StorageProof shortPath = new StorageProof(honest.pieceCid(), SEED,
                List.of(new InclusionProof(first.leafIndex(), first.leaf(), Arrays.copyOf(first.path(), 32)),
                        proofs.get(1), proofs.get(2), proofs.get(3)));
        assertTrue(StorageProofVerifier.verify(challenge, shortPath).reason().contains("siblings"));
    }

    @Test
    void aWrongProofSlashesTheDealAndARightOneKeepsItActive() throws IOException {
        byte[] payload = payload(5000, 11);
        PieceInfo piece = PieceCommitment.of(payload);
        FilecoinAddress client = FilecoinAddress.id(1000);
        DealProposal proposal = new DealProposal.Builder().pieceCid(piece.toV1()).pieceSize(piece.paddedSize())
                .client(client).provider(FilecoinAddress.id(2000)).startEpoch(100).endEpoch(10_000).build();
        Deal active = Deal.proposed(ClientDealProposal.sign(proposal,
                        new Ed25519ClientKey(client, Ed25519PrivateKey.fromSeed(new byte[32]))), 0)
                .apply(new DealEvent.Accepted(), 1).apply(new DealEvent.TransferStarted(), 2)
                .apply(new DealEvent.TransferCompleted(piece.toV1()), 3).apply(new DealEvent.Sealed(), 4);
        ProofChallenge challenge = ProofChallenge.derive(piece, ProofChallenge.seedFor(active.proposalCid(), 0,
                new byte[16]), 8);
        StorageProof honest = PieceProver.prove(challenge, new ByteArrayInputStream(payload));
        Deal proven = StorageProofVerifier.settle(active, 0, challenge, honest, 150);
        assertEquals(DealState.ACTIVE, proven.state());
        assertEquals(0, proven.lastProvenPeriod());

        byte[] corrupted = new byte[payload.length];
        StorageProof bad = PieceProver.prove(challenge, new ByteArrayInputStream(corrupted));
        Deal slashed = StorageProofVerifier.settle(proven, 1, challenge, bad, 300);
        assertEquals(DealState.SLASHED, slashed.state());
        assertEquals(300, slashed.slashEpoch());
        assertTrue(slashed.reason().contains("piece root"), slashed.reason());
    }
}
