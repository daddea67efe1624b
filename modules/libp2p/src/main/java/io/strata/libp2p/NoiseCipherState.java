package io.strata.libp2p;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/** The Noise CipherState for ChaChaPoly: a key and a 64-bit counter nonce (Noise spec, sections 5.1 and 12.3). */
final class NoiseCipherState {

    static final int TAG_LENGTH = 16;

    private final ChaCha20Poly1305 cipher = new ChaCha20Poly1305();
    private final byte[] nonceBytes = new byte[12];
    private KeyParameter key;
    private long nonce;

    void initializeKey(byte[] keyBytes) {
        key = new KeyParameter(keyBytes);
        nonce = 0;
    }

    boolean hasKey() {
        return key != null;
    }

    byte[] encryptWithAd(byte[] ad, byte[] plaintext, int offset, int length) {
        if (key == null) {
            return java.util.Arrays.copyOfRange(plaintext, offset, offset + length);
        }
        byte[] out = new byte[length + TAG_LENGTH];
        encryptInto(ad, plaintext, offset, length, out, 0);
        return out;
    }

    /** Writes the ciphertext and its tag ({@code length + TAG_LENGTH} bytes) to {@code out} at {@code outOffset}; needs a key. */
    void encryptInto(byte[] ad, byte[] plaintext, int offset, int length, byte[] out, int outOffset) {
        if (key == null) {
            throw new IllegalStateException("no key to encrypt with");
        }
        cipher.init(true, parameters(ad));
        int written = cipher.processBytes(plaintext, offset, length, out, outOffset);
        try {
            cipher.doFinal(out, outOffset + written);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 refused to encrypt", e);
        }
    }

    byte[] decryptWithAd(byte[] ad, byte[] ciphertext, int offset, int length, Libp2pException.Code failure) {
        if (key == null) {
            return java.util.Arrays.copyOfRange(ciphertext, offset, offset + length);
        }
        if (length < TAG_LENGTH) {
            throw new Libp2pException(failure, "ciphertext of " + length + " bytes is shorter than its tag");
        }
        cipher.init(false, parameters(ad));
        byte[] out = new byte[length - TAG_LENGTH];
        int written = cipher.processBytes(ciphertext, offset, length, out, 0);
        try {
            cipher.doFinal(out, written);
        } catch (InvalidCipherTextException e) {
            throw new Libp2pException(failure, "message " + (nonce - 1) + " fails authentication");
        }
        return out;
    }

    private AEADParameters parameters(byte[] ad) {
        if (nonce == -1L) {
            throw new IllegalStateException("Noise nonce exhausted");
        }
        long n = nonce++;
        for (int i = 0; i < 8; i++) {
            nonceBytes[4 + i] = (byte) (n >>> (8 * i));
        }
        return new AEADParameters(key, TAG_LENGTH * 8, nonceBytes.clone(), ad);
    }
}
