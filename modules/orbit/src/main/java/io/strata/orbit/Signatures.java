package io.strata.orbit;

import io.strata.crypto.Secp256k1PublicKey;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Checks the signatures OrbitDB writes: hex DER ECDSA over SHA-256 by a hex compressed secp256k1 key, of
 * the bytes given or of a string's UTF-8 bytes. Malformed hex, keys or signatures do not verify (as in
 * OrbitDB's {@code verifyMessage}; the crypto module's exceptions are IllegalArgumentExceptions).
 */
public final class Signatures {

    private static final HexFormat HEX = HexFormat.of();

    private Signatures() {
    }

    public static boolean verify(String signatureHex, String publicKeyHex, byte[] data) {
        try {
            Secp256k1PublicKey key = Secp256k1PublicKey.fromRaw(HEX.parseHex(publicKeyHex));
            return key.verify(data, HEX.parseHex(signatureHex));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static boolean verify(String signatureHex, String publicKeyHex, String data) {
        return verify(signatureHex, publicKeyHex, data.getBytes(StandardCharsets.UTF_8));
    }

    /** OrbitDB's {@code verifyIdentity} for the {@code publickey} provider, the only one we know. */
    public static boolean verifyIdentity(Identity identity) {
        return Identity.PUBLICKEY_TYPE.equals(identity.type())
                && verify(identity.idSignature(), identity.publicKey(), identity.id())
                && verify(identity.publicKeySignature(), identity.id(),
                        identity.publicKey() + identity.idSignature());
    }
}
