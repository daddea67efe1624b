package io.strata.libp2p;

import io.strata.multiformats.PeerId;

import java.io.ByteArrayOutputStream;

/**
 * A Noise secure channel after the handshake: it encrypts outgoing bytes into length-framed transport
 * messages of at most 65535 bytes and decrypts incoming ones, failing on any message that does not authenticate.
 */
public final class NoiseSession {

    /** Most plaintext one transport message carries: 65535 bytes minus the 16-byte tag. */
    public static final int MAX_PLAINTEXT = NoiseFrameReader.MAX_MESSAGE - NoiseCipherState.TAG_LENGTH;
    private static final byte[] NO_AD = new byte[0];
    private static final byte[] NOTHING = new byte[0];

    private final PeerId remotePeer;
    private final NoiseCipherState sender;
    private final NoiseCipherState receiver;
    private final NoiseFrameReader frames = new NoiseFrameReader();

    NoiseSession(PeerId remotePeer, NoiseCipherState sender, NoiseCipherState receiver) {
        this.remotePeer = remotePeer;
        this.sender = sender;
        this.receiver = receiver;
    }

    /** The authenticated peer at the other end. */
    public PeerId remotePeer() {
        return remotePeer;
    }

    /** {@code plaintext} as one or more framed transport messages. */
    public byte[] encrypt(byte[] plaintext) {
        return encrypt(plaintext, 0, plaintext.length);
    }

    /**
     * Encrypts straight into the one array that goes on the wire, length prefixes included: every byte sent
     * passes through here, and per-message arrays and copies cost more CPU than the cipher's setup.
     */
    public byte[] encrypt(byte[] plaintext, int offset, int length) {
        int messages = Math.max(1, (length + MAX_PLAINTEXT - 1) / MAX_PLAINTEXT);
        byte[] out = new byte[length + messages * (2 + NoiseCipherState.TAG_LENGTH)];
        int position = offset;
        int end = offset + length;
        int written = 0;
        do {
            int chunk = Math.min(MAX_PLAINTEXT, end - position);
            int sealed = chunk + NoiseCipherState.TAG_LENGTH;
            out[written] = (byte) (sealed >>> 8);
            out[written + 1] = (byte) sealed;
            sender.encryptInto(NO_AD, plaintext, position, chunk, out, written + 2);
            written += 2 + sealed;
            position += chunk;
        } while (position < end);
        return out;
    }

    /** The plaintext of every transport message completed by {@code bytes}, concatenated. */
    public byte[] decrypt(byte[] bytes) {
        frames.append(bytes);
        byte[] first = NOTHING;
        ByteArrayOutputStream more = null;
        byte[] message;
        while ((message = frames.next()) != null) {
            byte[] plaintext = receiver.decryptWithAd(NO_AD, message, 0, message.length, Libp2pException.Code.DECRYPT_FAILED);
            if (first == NOTHING) {
                first = plaintext;
            } else {
                if (more == null) {
                    more = new ByteArrayOutputStream(first.length + plaintext.length);
                    more.writeBytes(first);
                }
                more.writeBytes(plaintext);
            }
        }
        return more == null ? first : more.toByteArray();
    }
}
