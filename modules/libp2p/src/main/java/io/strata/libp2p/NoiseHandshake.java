package io.strata.libp2p;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.strata.crypto.CryptoException;
import io.strata.crypto.Libp2pPrivateKey;
import io.strata.crypto.Libp2pPublicKey;
import io.strata.multiformats.PeerId;
import io.strata.proto.noise.NoiseProtos.NoiseHandshakePayload;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The libp2p Noise handshake (protocol {@value #PROTOCOL_ID}): Noise_XX_25519_ChaChaPoly_SHA256 with an empty
 * prologue, each message behind a 2-byte big-endian length. The responder's identity rides in message 2, the
 * initiator's in message 3, each as a {@code NoiseHandshakePayload} whose signature binds the identity key to
 * the Noise static key. Keys come in from outside, so a handshake is a pure function of its inputs.
 */
public final class NoiseHandshake {

    public static final String PROTOCOL_ID = "/noise";
    static final String NOISE_PROTOCOL_NAME = "Noise_XX_25519_ChaChaPoly_SHA256";
    static final byte[] SIGNATURE_PREFIX = "noise-libp2p-static-key:".getBytes(StandardCharsets.US_ASCII);
    static final int KEY = X25519KeyPair.KEY_LENGTH;
    static final int ENCRYPTED_KEY = KEY + NoiseCipherState.TAG_LENGTH;
    private static final byte[] NOTHING = new byte[0];

    private enum Stage { AWAIT_MESSAGE_1, AWAIT_MESSAGE_2, AWAIT_MESSAGE_3, DONE }

    private final boolean initiator;
    private final Libp2pPrivateKey identity;
    private final X25519KeyPair staticKeys;
    private final X25519KeyPair ephemeralKeys;
    private final byte[] signedStaticKey;
    private final PeerId expectedRemote;
    private final NoiseSymmetricState symmetric = new NoiseSymmetricState(NOISE_PROTOCOL_NAME);
    private final NoiseFrameReader frames = new NoiseFrameReader();
    private Stage stage;
    private byte[] remoteEphemeral;
    private byte[] remoteStatic;

    private NoiseHandshake(boolean initiator, Libp2pPrivateKey identity, X25519KeyPair staticKeys,
                           X25519KeyPair ephemeralKeys, byte[] signedStaticKey, PeerId expectedRemote) {
        this.initiator = initiator;
        this.signedStaticKey = signedStaticKey;
        this.identity = identity;
        this.staticKeys = staticKeys;
        this.ephemeralKeys = ephemeralKeys;
        this.expectedRemote = expectedRemote;
        symmetric.mixHash(NOTHING);
        stage = initiator ? Stage.AWAIT_MESSAGE_2 : Stage.AWAIT_MESSAGE_1;
    }

    /** The dialer's side; the handshake fails unless the responder proves it is {@code expectedRemote}. */
    public static NoiseHandshake initiator(Libp2pPrivateKey identity, X25519KeyPair staticKeys,
                                           X25519KeyPair ephemeralKeys, PeerId expectedRemote) {
        return new NoiseHandshake(true, identity, staticKeys, ephemeralKeys, staticKeys.publicKey(), expectedRemote);
    }

    /** The listener's side; any authenticated peer is accepted and named by the resulting session. */
    public static NoiseHandshake responder(Libp2pPrivateKey identity, X25519KeyPair staticKeys, X25519KeyPair ephemeralKeys) {
        return new NoiseHandshake(false, identity, staticKeys, ephemeralKeys, staticKeys.publicKey(), null);
    }

    /** A responder whose identity signature covers {@code signedStaticKey} instead of its own: a forger, for tests. */
    static NoiseHandshake responderSigning(Libp2pPrivateKey identity, X25519KeyPair staticKeys, byte[] signedStaticKey,
                                           X25519KeyPair ephemeralKeys) {
        return new NoiseHandshake(false, identity, staticKeys, ephemeralKeys, signedStaticKey, null);
    }

    /** The initiator's first message ({@code -> e}); nothing for the responder, which speaks second. */
    public byte[] start() {
        if (!initiator) {
            return NOTHING;
        }
        symmetric.mixHash(ephemeralKeys.publicKey());
        byte[] payload = symmetric.encryptAndHash(NOTHING);
        return NoiseFrameReader.frame(concat(ephemeralKeys.publicKey(), payload));
    }

    public NoiseStep receive(byte[] bytes) {
        frames.append(bytes);
        byte[] message = frames.next();
        if (message == null) {
            return new NoiseStep(NOTHING, null, NOTHING);
        }
        return switch (stage) {
            case AWAIT_MESSAGE_1 -> {
                readMessage1(message);
                stage = Stage.AWAIT_MESSAGE_3;
                byte[] reply = NoiseFrameReader.frame(writeMessage2());
                if (frames.hasBuffered()) {
                    throw new Libp2pException(Libp2pException.Code.HANDSHAKE_FAILED,
                            "the initiator sent more before reading our second message");
                }
                yield new NoiseStep(reply, null, NOTHING);
            }
            case AWAIT_MESSAGE_2 -> {
                PeerId remote = readMessage2(message);
                byte[] reply = NoiseFrameReader.frame(writeMessage3());
                stage = Stage.DONE;
                NoiseCipherState[] ciphers = symmetric.split();
                yield new NoiseStep(reply, new NoiseSession(remote, ciphers[0], ciphers[1]), frames.remainder());
            }
            case AWAIT_MESSAGE_3 -> {
                PeerId remote = readMessage3(message);
                stage = Stage.DONE;
                NoiseCipherState[] ciphers = symmetric.split();
                yield new NoiseStep(NOTHING, new NoiseSession(remote, ciphers[1], ciphers[0]), frames.remainder());
            }
            case DONE -> throw new IllegalStateException("the handshake is already complete");
        };
    }

    private void readMessage1(byte[] message) {
        if (message.length < KEY) {
            throw new Libp2pException(Libp2pException.Code.HANDSHAKE_FAILED,
                    "first handshake message has " + message.length + " bytes, fewer than an ephemeral key");
        }
        remoteEphemeral = Arrays.copyOf(message, KEY);
        symmetric.mixHash(remoteEphemeral);
        symmetric.decryptAndHash(message, KEY, message.length - KEY);
    }

    private byte[] writeMessage2() {
        symmetric.mixHash(ephemeralKeys.publicKey());
        symmetric.mixKey(ephemeralKeys.agree(remoteEphemeral));
        byte[] encryptedStatic = symmetric.encryptAndHash(staticKeys.publicKey());
        symmetric.mixKey(staticKeys.agree(remoteEphemeral));
        byte[] payload = symmetric.encryptAndHash(ownPayload());
        return concat(concat(ephemeralKeys.publicKey(), encryptedStatic), payload);
    }

    private PeerId readMessage2(byte[] message) {
        if (message.length < KEY + ENCRYPTED_KEY + NoiseCipherState.TAG_LENGTH) {
            throw new Libp2pException(Libp2pException.Code.HANDSHAKE_FAILED,
                    "second handshake message has only " + message.length + " bytes");
        }
        remoteEphemeral = Arrays.copyOf(message, KEY);
        symmetric.mixHash(remoteEphemeral);
        symmetric.mixKey(ephemeralKeys.agree(remoteEphemeral));
        remoteStatic = symmetric.decryptAndHash(message, KEY, ENCRYPTED_KEY);
        symmetric.mixKey(ephemeralKeys.agree(remoteStatic));
        byte[] payload = symmetric.decryptAndHash(message, KEY + ENCRYPTED_KEY, message.length - KEY - ENCRYPTED_KEY);
        PeerId remote = verifyPayload(payload);
        if (!remote.equals(expectedRemote)) {
            throw new Libp2pException(Libp2pException.Code.BAD_IDENTITY,
                    "dialed " + expectedRemote + " but the peer proved to be " + remote);
        }
        return remote;
    }

    private byte[] writeMessage3() {
        byte[] encryptedStatic = symmetric.encryptAndHash(staticKeys.publicKey());
        symmetric.mixKey(staticKeys.agree(remoteEphemeral));
        byte[] payload = symmetric.encryptAndHash(ownPayload());
        return concat(encryptedStatic, payload);
    }

    private PeerId readMessage3(byte[] message) {
        if (message.length < ENCRYPTED_KEY + NoiseCipherState.TAG_LENGTH) {
            throw new Libp2pException(Libp2pException.Code.HANDSHAKE_FAILED,
                    "third handshake message has only " + message.length + " bytes");
        }
        remoteStatic = symmetric.decryptAndHash(message, 0, ENCRYPTED_KEY);
        symmetric.mixKey(ephemeralKeys.agree(remoteStatic));
        byte[] payload = symmetric.decryptAndHash(message, ENCRYPTED_KEY, message.length - ENCRYPTED_KEY);
        return verifyPayload(payload);
    }

    private byte[] ownPayload() {
        return NoiseHandshakePayload.newBuilder()
                .setIdentityKey(ByteString.copyFrom(identity.publicKey().marshal()))
                .setIdentitySig(ByteString.copyFrom(identity.sign(concat(SIGNATURE_PREFIX, signedStaticKey))))
                .build()
                .toByteArray();
    }

    private PeerId verifyPayload(byte[] payloadBytes) {
        NoiseHandshakePayload payload;
        Libp2pPublicKey key;
        try {
            payload = NoiseHandshakePayload.parseFrom(payloadBytes);
            key = Libp2pPublicKey.unmarshal(payload.getIdentityKey().toByteArray());
        } catch (InvalidProtocolBufferException | CryptoException e) {
            throw new Libp2pException(Libp2pException.Code.BAD_IDENTITY,
                    "the handshake payload carries no usable identity key: " + e.getMessage(), e);
        }
        if (!key.verify(concat(SIGNATURE_PREFIX, remoteStatic), payload.getIdentitySig().toByteArray())) {
            throw new Libp2pException(Libp2pException.Code.BAD_IDENTITY,
                    "the identity signature over the Noise static key does not verify for " + key.peerId());
        }
        return key.peerId();
    }

    /** The handshake hash so far (Noise's channel binding value; equal on both sides once complete). */
    byte[] handshakeHash() {
        return symmetric.handshakeHash();
    }

    static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }
}
