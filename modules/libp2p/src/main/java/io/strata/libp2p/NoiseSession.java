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

    public byte[] encrypt(byte[] plaintext, int offset, int length) {
        int messages = Math.max(1, (length + MAX_PLAINTEXT - 1) / MAX_PLAINTEXT);
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + messages * (2 + NoiseCipherState.TAG_LENGTH));
        int position = offset;
        int end = offset + length;
        do {
            int chunk = Math.min(MAX_PLAINTEXT, end - position);
            out.writeBytes(NoiseFrameReader.frame(sender.encryptWithAd(NO_AD, plaintext, position, chunk)));
            position += chunk;
        } while (position < end);
        return out.toByteArray();
    }

    /** The plaintext of every transport message completed by {@code bytes}, concatenated. */
    public byte[] decrypt(byte[] bytes) {
        frames.append(bytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] message;
        while ((message = frames.next()) != null) {
            out.writeBytes(receiver.decryptWithAd(NO_AD, message, 0, message.length, Libp2pException.Code.DECRYPT_FAILED));
        }
        return out.toByteArray();
    }
}
