package io.strata.deals;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

import java.math.BigInteger;
import java.util.Arrays;

import static io.strata.deals.DealsException.Code.INVALID_SIGNATURE;

/**
 * Filecoin's secp256k1 signatures: ECDSA over the BLAKE2b-256 of the message with an RFC 6979 nonce and a low
 * s, written as 65 bytes {@code r || s || v} where v (0 or 1) is the recovery id, so the verifier recovers
 * the public key from the signature and compares its address (BLAKE2b-160 of the uncompressed key) with the
 * signer's f1 address.
 */
final class FilecoinSecp256k1 {

    static final int SIGNATURE_LENGTH = 65;
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE.getCurve(), CURVE.getG(),
            CURVE.getN(), CURVE.getH());
    private static final BigInteger ORDER = CURVE.getN();

    private FilecoinSecp256k1() {
    }

    static byte[] sign(byte[] privateKey, byte[] message) {
        byte[] digest = FilecoinAddress.blake2b(message, 32);
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        BigInteger scalar = new BigInteger(1, privateKey);
        signer.init(true, new ECPrivateKeyParameters(scalar, DOMAIN));
        BigInteger[] rs = signer.generateSignature(digest);
        BigInteger r = rs[0];
        BigInteger s = rs[1].compareTo(ORDER.shiftRight(1)) > 0 ? ORDER.subtract(rs[1]) : rs[1];
        ECPoint publicKey = DOMAIN.getG().multiply(scalar).normalize();
        for (int v = 0; v < 2; v++) {
            ECPoint recovered = recover(r, s, v, digest);
            if (recovered != null && recovered.equals(publicKey)) {
                byte[] signature = new byte[SIGNATURE_LENGTH];
                System.arraycopy(BigIntegers.asUnsignedByteArray(32, r), 0, signature, 0, 32);
                System.arraycopy(BigIntegers.asUnsignedByteArray(32, s), 0, signature, 32, 32);
                signature[64] = (byte) v;
                return signature;
            }
        }
        throw new IllegalStateException("no recovery id reproduces the signing key; the curve arithmetic is broken");
    }

    /**
     * The uncompressed public key (65 bytes) that made {@code signature} over {@code message}.
     *
     * @throws DealsException {@code INVALID_SIGNATURE} if the signature is malformed or recovers no key
     */
    static byte[] recoverPublicKey(byte[] signature, byte[] message) {
        if (signature.length != SIGNATURE_LENGTH) {
            throw new DealsException(INVALID_SIGNATURE, "a Filecoin secp256k1 signature is " + SIGNATURE_LENGTH
                    + " bytes (r, s, recovery id); got " + signature.length);
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        int v = signature[64];
        if (v != 0 && v != 1) {
            throw new DealsException(INVALID_SIGNATURE, "the recovery id of a secp256k1 signature is 0 or 1; got " + v);
        }
        if (r.signum() == 0 || r.compareTo(ORDER) >= 0 || s.signum() == 0 || s.compareTo(ORDER) >= 0) {
            throw new DealsException(INVALID_SIGNATURE, "r and s of a secp256k1 signature are in [1, n-1]");
        }
        ECPoint key = recover(r, s, v, FilecoinAddress.blake2b(message, 32));
        if (key == null) {
            throw new DealsException(INVALID_SIGNATURE, "the secp256k1 signature recovers no public key");
        }
        return key.getEncoded(false);
    }

    /** SEC 1 section 4.1.6 with x = r: the key Q = r^-1 (s R - e G), or null if R is not on the curve. */
    private static ECPoint recover(BigInteger r, BigInteger s, int v, byte[] digest) {
        byte[] compressed = new byte[33];
        compressed[0] = (byte) (0x02 | v);
        System.arraycopy(BigIntegers.asUnsignedByteArray(32, r), 0, compressed, 1, 32);
        ECPoint point;
        try {
            point = CURVE.getCurve().decodePoint(compressed);
        } catch (IllegalArgumentException e) {
            return null;
        }
        BigInteger e = new BigInteger(1, digest).mod(ORDER);
        BigInteger rInverse = r.modInverse(ORDER);
        ECPoint key = ECAlgorithms.sumOfTwoMultiplies(point, s.multiply(rInverse).mod(ORDER), DOMAIN.getG(),
                e.negate().mod(ORDER).multiply(rInverse).mod(ORDER)).normalize();
        return key.isInfinity() ? null : key;
    }
}
