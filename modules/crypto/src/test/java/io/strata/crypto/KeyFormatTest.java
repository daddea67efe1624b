package io.strata.crypto;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KeyFormatTest {

    private static final HexFormat HEX = HexFormat.of();

    // RFC 8410 section 10.3: an Ed25519 private key in PKCS#8, and its seed
    private static final String RFC8410_PEM = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC
            -----END PRIVATE KEY-----
            """;
    private static final String RFC8410_SEED = "d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f44755842";

    @Test
    void readsAndWritesTheRfc8410Ed25519Key() {
        Ed25519PrivateKey key = (Ed25519PrivateKey) KeyFormat.PEM_PKCS8_CLEARTEXT.decode(RFC8410_PEM.getBytes(StandardCharsets.US_ASCII));
        assertEquals(RFC8410_SEED, HEX.formatHex(key.seed()));
        assertEquals(RFC8410_PEM, new String(KeyFormat.PEM_PKCS8_CLEARTEXT.encode(key), StandardCharsets.US_ASCII));
    }

    @Test
    void protobufFormatRoundTripsEveryKeyType() {
        SecureRandom random = new SecureRandom();
        for (KeyType type : KeyType.values()) {
            Libp2pPrivateKey key = Libp2pPrivateKey.generate(type, 2048, random);
            byte[] exported = KeyFormat.LIBP2P_PROTOBUF_CLEARTEXT.encode(key);
            Libp2pPrivateKey imported = KeyFormat.LIBP2P_PROTOBUF_CLEARTEXT.decode(exported);
            assertEquals(type, imported.type());
            assertEquals(key.publicKey(), imported.publicKey());
            assertArrayEquals(exported, imported.marshal());
        }
    }

    @Test
    void pemRoundTripsRsaAndRefusesSecp256k1() {
        SecureRandom random = new SecureRandom();
        Libp2pPrivateKey rsa = Libp2pPrivateKey.generate(KeyType.RSA, 2048, random);
        assertEquals(rsa.publicKey(), KeyFormat.PEM_PKCS8_CLEARTEXT.decode(KeyFormat.PEM_PKCS8_CLEARTEXT.encode(rsa)).publicKey());
        Libp2pPrivateKey secp256k1 = Libp2pPrivateKey.generate(KeyType.SECP256K1, 0, random);
        assertEquals(CryptoException.Code.UNSUPPORTED_KEY_TYPE,
                assertThrows(CryptoException.class, () -> KeyFormat.PEM_PKCS8_CLEARTEXT.encode(secp256k1)).code());
    }

    @Test
    void rejectsMalformedFiles() {
        assertEquals(CryptoException.Code.MALFORMED_KEY, assertThrows(CryptoException.class,
                () -> KeyFormat.PEM_PKCS8_CLEARTEXT.decode("hello".getBytes(StandardCharsets.US_ASCII))).code());
        assertEquals(CryptoException.Code.MALFORMED_KEY, assertThrows(CryptoException.class,
                () -> KeyFormat.PEM_PKCS8_CLEARTEXT.decode("-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n"
                        .getBytes(StandardCharsets.US_ASCII))).code());
        // P-256 (id-ecPublicKey) keys are not libp2p key types Strata supports
        assertEquals(CryptoException.Code.UNSUPPORTED_KEY_TYPE, assertThrows(CryptoException.class,
                () -> KeyFormat.PEM_PKCS8_CLEARTEXT.decode(("-----BEGIN PRIVATE KEY-----\n"
                        + "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg8BMiQC+e8Re9oXkJ\n"
                        + "SUNSTAI+T1tKTAHmZ80WW5ZmXIChRANCAATr2zNWbWAAbmsHu6b8bX/MUjL3CEfA\n"
                        + "7zGuiMVfZ9T/P4KKJX5bqlLzeuItOAxp+xdikMNh+m7uMrUOhd9wsq/i\n"
                        + "-----END PRIVATE KEY-----\n").getBytes(StandardCharsets.US_ASCII))).code());
        assertEquals(CryptoException.Code.MALFORMED_KEY, assertThrows(CryptoException.class,
                () -> KeyFormat.LIBP2P_PROTOBUF_CLEARTEXT.decode(new byte[] {8})).code());
        assertEquals(CryptoException.Code.UNSUPPORTED_KEY_TYPE, assertThrows(CryptoException.class,
                () -> KeyFormat.LIBP2P_PROTOBUF_CLEARTEXT.decode(HEX.parseHex("08031201ff"))).code());
        assertEquals(CryptoException.Code.UNSUPPORTED_KEY_TYPE,
                assertThrows(CryptoException.class, () -> KeyFormat.byKuboName("pem-pkcs8-encrypted")).code());
    }
}
