package io.strata.crypto;

import io.strata.multiformats.Multicodec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checked against a key made by {@code openssl genpkey -algorithm rsa} and the files openssl derived from it. */
class RsaKeysTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] MESSAGE = "strata".getBytes(StandardCharsets.UTF_8);

    private static RsaPrivateKey opensslKey;

    @BeforeAll
    static void readOpensslKey() throws IOException {
        opensslKey = (RsaPrivateKey) KeyFormat.PEM_PKCS8_CLEARTEXT.decode(resource("rsa-2048.pem"));
    }

    @Test
    void derivesOpensslsPublicKeyAndPkcs1Encoding() throws IOException {
        assertEquals(text("rsa-2048.pub.der.hex"), HEX.formatHex(opensslKey.publicKey().pkix()));
        assertEquals(text("rsa-2048.pkcs1.der.hex"), HEX.formatHex(opensslKey.pkcs1()));
        assertEquals(2048, opensslKey.publicKey().bits());
    }

    @Test
    void signsAsOpensslDoes() throws IOException {
        // openssl dgst -sha256 -sign: RSASSA-PKCS1-v1_5 is deterministic
        assertEquals(text("rsa-2048.strata.sig.hex"), HEX.formatHex(opensslKey.sign(MESSAGE)));
        assertTrue(opensslKey.publicKey().verify(MESSAGE, HEX.parseHex(text("rsa-2048.strata.sig.hex"))));
    }

    @Test
    void marshalsAsLibp2pProtobufsAndRoundTrips() throws IOException {
        byte[] publicProtobuf = opensslKey.publicKey().marshal();
        // Type RSA (08 00), Data (12) of 294 bytes (varint a6 02)
        assertEquals("080012a602", HEX.formatHex(publicProtobuf, 0, 5));
        assertArrayEquals(HEX.parseHex(text("rsa-2048.pub.der.hex")), Arrays.copyOfRange(publicProtobuf, 5, publicProtobuf.length));
        assertEquals(opensslKey.publicKey(), Libp2pPublicKey.unmarshal(publicProtobuf));
        Libp2pPrivateKey back = Libp2pPrivateKey.unmarshal(opensslKey.marshal());
        assertArrayEquals(opensslKey.sign(MESSAGE), back.sign(MESSAGE));
    }

    @Test
    void peerIdIsTheSha256MultihashOfTheProtobuf() throws NoSuchAlgorithmException {
        byte[] multihash = opensslKey.publicKey().peerId().bytes();
        assertEquals(Multicodec.SHA2_256.code(), multihash[0]);
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(opensslKey.publicKey().marshal()),
                Arrays.copyOfRange(multihash, 2, 34));
        assertTrue(opensslKey.publicKey().peerId().toBase58().startsWith("Qm"));
    }

    @Test
    void rejectsForgedSignaturesAndSmallKeys() {
        byte[] signature = opensslKey.sign(MESSAGE);
        signature[0] ^= 1;
        assertFalse(opensslKey.publicKey().verify(MESSAGE, signature));
        assertFalse(opensslKey.publicKey().verify(MESSAGE, new byte[3]));
        assertEquals(CryptoException.Code.MALFORMED_KEY,
                assertThrows(CryptoException.class, () -> RsaPrivateKey.generate(1024, new SecureRandom())).code());
        assertEquals(CryptoException.Code.MALFORMED_KEY,
                assertThrows(CryptoException.class, () -> RsaPrivateKey.fromPkcs1(new byte[] {0x30, 0x00})).code());
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = RsaKeysTest.class.getResourceAsStream("/" + name)) {
            return in.readAllBytes();
        }
    }

    private static String text(String name) throws IOException {
        return new String(resource(name), StandardCharsets.US_ASCII).strip();
    }
}
