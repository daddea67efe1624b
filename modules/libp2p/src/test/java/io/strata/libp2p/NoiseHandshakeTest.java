package io.strata.libp2p;

import io.strata.crypto.Ed25519PrivateKey;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NoiseHandshakeTest {

    private final SecureRandom random = new SecureRandom();
    private final Ed25519PrivateKey alice = Ed25519PrivateKey.generate(random);
    private final Ed25519PrivateKey bob = Ed25519PrivateKey.generate(random);

    @Test
    void hkdfMatchesRfc5869TestCase3() {
        // RFC 5869 A.3: SHA-256, IKM 22 x 0x0b, no salt (HashLen zeros), no info. Noise's HKDF is this with
        // the chaining key as salt; its first two outputs are the first 64 bytes of the RFC's OKM.
        byte[][] outputs = NoiseSymmetricState.hkdf(new byte[32], Hex.bytes("0b".repeat(22)), 2);
        byte[] okm = Arrays.copyOf(NoiseHandshake.concat(outputs[0], outputs[1]), 42);
        assertEquals("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8", Hex.hex(okm));
    }

    @Test
    void x25519MatchesRfc7748() {
        X25519KeyPair a = X25519KeyPair.fromPrivateKey(Hex.bytes("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        X25519KeyPair b = X25519KeyPair.fromPrivateKey(Hex.bytes("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
        assertEquals("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", Hex.hex(a.publicKey()));
        assertEquals("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", Hex.hex(b.publicKey()));
        assertEquals("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742", Hex.hex(a.agree(b.publicKey())));
    }

    @Test
    void protocolNameIsExactlyOneHashLong() {
        // A 32-byte name is used as the initial hash directly, without hashing (Noise spec 5.2).
        assertEquals(32, NoiseHandshake.NOISE_PROTOCOL_NAME.length());
    }

    @Test
    void handshakeAuthenticatesBothPeersAndSessionsInteroperate() {
        Pair pair = handshake(NoiseHandshake.initiator(alice, keys(), keys(), bob.publicKey().peerId()),
                NoiseHandshake.responder(bob, keys(), keys()));
        assertEquals(bob.publicKey().peerId(), pair.initiator.remotePeer());
        assertEquals(alice.publicKey().peerId(), pair.responder.remotePeer());

        byte[] big = new byte[200_000];
        random.nextBytes(big);
        byte[] wire = pair.initiator.encrypt(big);
        assertEquals(big.length + 4 * (2 + 16), wire.length, "200000 bytes need four transport messages");
        assertArrayEquals(big, pair.responder.decrypt(wire));
        byte[] reply = "pong".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(reply, pair.initiator.decrypt(pair.responder.encrypt(reply)));
    }

    @Test
    void transportMessagesSplitAcrossReadsDecryptOnceComplete() {
        Pair pair = handshake(NoiseHandshake.initiator(alice, keys(), keys(), bob.publicKey().peerId()),
                NoiseHandshake.responder(bob, keys(), keys()));
        byte[] wire = pair.initiator.encrypt(new byte[] {1, 2, 3});
        assertEquals(0, pair.responder.decrypt(Arrays.copyOf(wire, 5)).length);
        assertArrayEquals(new byte[] {1, 2, 3}, pair.responder.decrypt(Arrays.copyOfRange(wire, 5, wire.length)));
    }

    @Test
    void tamperedTransportMessageFailsAuthentication() {
        Pair pair = handshake(NoiseHandshake.initiator(alice, keys(), keys(), bob.publicKey().peerId()),
                NoiseHandshake.responder(bob, keys(), keys()));
        byte[] wire = pair.initiator.encrypt(new byte[] {1, 2, 3});
        wire[3] ^= 1;
        Libp2pException e = assertThrows(Libp2pException.class, () -> pair.responder.decrypt(wire));
        assertEquals(Libp2pException.Code.DECRYPT_FAILED, e.code());
    }

    @Test
    void dialerRefusesAResponderThatIsNotThePeerItDialed() {
        Ed25519PrivateKey mallory = Ed25519PrivateKey.generate(random);
        NoiseHandshake initiator = NoiseHandshake.initiator(alice, keys(), keys(), bob.publicKey().peerId());
        NoiseHandshake responder = NoiseHandshake.responder(mallory, keys(), keys());
        byte[] message2 = responder.receive(initiator.start()).outbound();
        Libp2pException e = assertThrows(Libp2pException.class, () -> initiator.receive(message2));
        assertEquals(Libp2pException.Code.BAD_IDENTITY, e.code());
    }

    @Test
    void signatureOverAnotherStaticKeyIsRefused() {
        // The responder signs a static key other than the one it uses in the handshake.
        X25519KeyPair used = keys();
        X25519KeyPair signed = keys();
        NoiseHandshake responder = new ForgedResponder(bob, used, signed).handshake();
        NoiseHandshake initiator = NoiseHandshake.initiator(alice, keys(), keys(), bob.publicKey().peerId());
        byte[] message2 = responder.receive(initiator.start()).outbound();
        Libp2pException e = assertThrows(Libp2pException.class, () -> initiator.receive(message2));
        assertEquals(Libp2pException.Code.BAD_IDENTITY, e.code());
    }

    @Test
    void garbledSecondMessageFailsTheHandshake() {
        NoiseHandshake initiator = NoiseHandshake.initiator(alice, keys(), keys(), bob.publicKey().peerId());
        NoiseHandshake responder = NoiseHandshake.responder(bob, keys(), keys());
        byte[] message2 = responder.receive(initiator.start()).outbound();
        message2[40] ^= 0x55;
        Libp2pException e = assertThrows(Libp2pException.class, () -> initiator.receive(message2));
        assertEquals(Libp2pException.Code.HANDSHAKE_FAILED, e.code());
    }

    @Test
    void truncatedFirstMessageFailsTheHandshake() {
        NoiseHandshake responder = NoiseHandshake.responder(bob, keys(), keys());
        Libp2pException e = assertThrows(Libp2pException.class, () -> responder.receive(new byte[] {0, 3, 1, 2, 3}));
        assertEquals(Libp2pException.Code.HANDSHAKE_FAILED, e.code());
    }

    @Test
    void partialMessageWaitsForTheRest() {
        NoiseHandshake initiator = NoiseHandshake.initiator(alice, keys(), keys(), bob.publicKey().peerId());
        NoiseHandshake responder = NoiseHandshake.responder(bob, keys(), keys());
        byte[] message1 = initiator.start();
        NoiseStep first = responder.receive(Arrays.copyOf(message1, 10));
        assertEquals(0, first.outbound().length);
        assertFalse(first.done());
        assertTrue(responder.receive(Arrays.copyOfRange(message1, 10, message1.length)).outbound().length > 0);
    }

    private X25519KeyPair keys() {
        return X25519KeyPair.generate(random);
    }

    private record Pair(NoiseSession initiator, NoiseSession responder) {
    }

    private static Pair handshake(NoiseHandshake initiator, NoiseHandshake responder) {
        NoiseStep m2 = responder.receive(initiator.start());
        NoiseStep m3 = initiator.receive(m2.outbound());
        assertTrue(m3.done());
        NoiseStep last = responder.receive(m3.outbound());
        assertTrue(last.done());
        assertArrayEquals(initiator.handshakeHash(), responder.handshakeHash());
        return new Pair(m3.session(), last.session());
    }

    /** A responder whose identity signature covers {@code signed} while it handshakes with {@code used}. */
    private record ForgedResponder(Ed25519PrivateKey identity, X25519KeyPair used, X25519KeyPair signed) {
        NoiseHandshake handshake() {
            return NoiseHandshake.responderSigning(identity, used, signed.publicKey(), X25519KeyPair.generate(new SecureRandom()));
        }
    }
}
