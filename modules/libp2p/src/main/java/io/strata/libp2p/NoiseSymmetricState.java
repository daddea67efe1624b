package io.strata.libp2p;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

import java.nio.charset.StandardCharsets;

/** The Noise SymmetricState with SHA-256: chaining key, handshake hash and the handshake cipher (Noise spec 5.2). */
final class NoiseSymmetricState {

    static final int HASH_LENGTH = 32;
    private static final byte[] EMPTY = new byte[0];

    private final NoiseCipherState cipher = new NoiseCipherState();
    private byte[] chainingKey;
    private byte[] hash;

    NoiseSymmetricState(String protocolName) {
        byte[] name = protocolName.getBytes(StandardCharsets.US_ASCII);
        hash = name.length <= HASH_LENGTH ? java.util.Arrays.copyOf(name, HASH_LENGTH) : sha256(name);
        chainingKey = hash.clone();
    }

    void mixKey(byte[] inputKeyMaterial) {
        byte[][] outputs = hkdf(chainingKey, inputKeyMaterial, 2);
        chainingKey = outputs[0];
        cipher.initializeKey(outputs[1]);
    }

    void mixHash(byte[] data) {
        SHA256Digest digest = new SHA256Digest();
        digest.update(hash, 0, hash.length);
        digest.update(data, 0, data.length);
        byte[] out = new byte[HASH_LENGTH];
        digest.doFinal(out, 0);
        hash = out;
    }

    byte[] encryptAndHash(byte[] plaintext) {
        byte[] ciphertext = cipher.encryptWithAd(hash, plaintext, 0, plaintext.length);
        mixHash(ciphertext);
        return ciphertext;
    }

    byte[] decryptAndHash(byte[] ciphertext, int offset, int length) {
        byte[] plaintext = cipher.decryptWithAd(hash, ciphertext, offset, length, Libp2pException.Code.HANDSHAKE_FAILED);
        mixHash(java.util.Arrays.copyOfRange(ciphertext, offset, offset + length));
        return plaintext;
    }

    boolean hasKey() {
        return cipher.hasKey();
    }

    byte[] handshakeHash() {
        return hash.clone();
    }

    /** The two transport ciphers: the first encrypts what the initiator sends, the second what the responder sends. */
    NoiseCipherState[] split() {
        byte[][] keys = hkdf(chainingKey, EMPTY, 2);
        NoiseCipherState first = new NoiseCipherState();
        first.initializeKey(keys[0]);
        NoiseCipherState second = new NoiseCipherState();
        second.initializeKey(keys[1]);
        return new NoiseCipherState[] {first, second};
    }

    /** HKDF as the Noise spec defines it (section 4.3): HMAC-SHA256 extract, then chained expansions. */
    static byte[][] hkdf(byte[] chainingKey, byte[] inputKeyMaterial, int outputs) {
        byte[] tempKey = hmac(chainingKey, inputKeyMaterial);
        byte[][] result = new byte[outputs][];
        byte[] previous = EMPTY;
        for (int i = 0; i < outputs; i++) {
            byte[] input = java.util.Arrays.copyOf(previous, previous.length + 1);
            input[previous.length] = (byte) (i + 1);
            previous = hmac(tempKey, input);
            result[i] = previous;
        }
        return result;
    }

    static byte[] hmac(byte[] key, byte[] data) {
        HMac mac = new HMac(new SHA256Digest());
        mac.init(new KeyParameter(key));
        mac.update(data, 0, data.length);
        byte[] out = new byte[HASH_LENGTH];
        mac.doFinal(out, 0);
        return out;
    }

    static byte[] sha256(byte[] data) {
        SHA256Digest digest = new SHA256Digest();
        digest.update(data, 0, data.length);
        byte[] out = new byte[HASH_LENGTH];
        digest.doFinal(out, 0);
        return out;
    }
}
