package io.strata.crypto;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Secp256k1KeysTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] MESSAGE = "strata".getBytes(StandardCharsets.UTF_8);

    // libp2p specs, peer-ids/peer-ids.md, "Test vectors": a Secp256k1 PrivateKey and its PublicKey protobuf
    private static final String SPEC_PRIVATE_KEY = "0802122053dadf1d5a164d6b4acdb15e24aa4c5b1d3461bdbd42abedb0a4404d56ced8fb";
    private static final String SPEC_PUBLIC_KEY = "08021221037777e994e452c21604f91de093ce415f5432f701dd8cd1a7a6fea0e630bfca99";

    @Test
    void readsTheSpecPrivateKeyAndDerivesTheSpecPublicKey() {
        Secp256k1PrivateKey key = Secp256k1PrivateKey.unmarshal(HEX.parseHex(SPEC_PRIVATE_KEY));
        assertEquals(SPEC_PUBLIC_KEY, HEX.formatHex(key.publicKey().marshal()));
        assertEquals(SPEC_PRIVATE_KEY, HEX.formatHex(key.marshal()));
        assertEquals(key.publicKey(), Secp256k1PublicKey.unmarshal(HEX.parseHex(SPEC_PUBLIC_KEY)));
        assertEquals(33, key.publicKey().raw().length);
    }

    @Test
    void signsAndDerivesPeerIdsAsJsLibp2pDoes() {
        // @libp2p/crypto 5.1.23 (privateKeyFromProtobuf, sign("strata")) and @libp2p/peer-id peerIdFromPrivateKey
        Secp256k1PrivateKey spec = Secp256k1PrivateKey.unmarshal(HEX.parseHex(SPEC_PRIVATE_KEY));
        assertEquals("16Uiu2HAmLhLvBoYaoZfaMUKuibM6ac163GwKY74c5kiSLg5KvLpY", spec.publicKey().peerId().toBase58());
        assertEquals("3045022100c8b11a9815b8dfbe38f14542afaa72783a1352e26c4a043a3aff524ba36d1dce"
                + "02207a4c1f522d6baa68a95dd9f4d4d503b54b5600c04eeffa15970fb44bd068a5e1", HEX.formatHex(spec.sign(MESSAGE)));

        Secp256k1PrivateKey other = Secp256k1PrivateKey.unmarshal(
                HEX.parseHex("0802122012c0b113e2b0c37388e2b484112e13f05c92c4471e3ee1dfaa368fa5045325b2"));
        assertEquals("03a006f0fe76fd1c5f9b3339e12c88032dc319cfd6ae42039b68603ae05323a157", HEX.formatHex(other.publicKey().raw()));
        assertEquals("16Uiu2HAmPRfinavM2jE9BSkCagBGStJ2SEkPPm6fxFVMdCQebzt6", other.publicKey().peerId().toBase58());
        assertEquals("3045022100db14cc442bfc2932bfcf61dc813dac0158ef1f411d180bc333b02a5d94b3f00e"
                + "02204f39ec44f1975355eed620dd405bc205e914524cb39075214fbbba7443d23ab3", HEX.formatHex(other.sign(MESSAGE)));
    }

    @Test
    void verifiesOwnSignaturesAndRejectsAlteredOnes() {
        Secp256k1PrivateKey key = Secp256k1PrivateKey.generate(new SecureRandom());
        byte[] signature = key.sign(MESSAGE);
        assertTrue(key.publicKey().verify(MESSAGE, signature));
        assertFalse(key.publicKey().verify("strata!".getBytes(StandardCharsets.UTF_8), signature));
        byte[] flipped = signature.clone();
        flipped[flipped.length - 1] ^= 1;
        assertFalse(key.publicKey().verify(MESSAGE, flipped));
        assertFalse(Secp256k1PrivateKey.generate(new SecureRandom()).publicKey().verify(MESSAGE, signature));
        assertFalse(key.publicKey().verify(MESSAGE, new byte[] {0x30, 0x00}));
        assertFalse(key.publicKey().verify(MESSAGE, new byte[0]));
    }

    @Test
    void signaturesHaveLowS() {
        BigInteger halfOrder = new BigInteger("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0", 16);
        for (int i = 0; i < 32; i++) {
            byte[] signature = Secp256k1PrivateKey.generate(new SecureRandom()).sign(new byte[] {(byte) i});
            int rLength = signature[3];
            int sLength = signature[4 + rLength + 1];
            byte[] s = java.util.Arrays.copyOfRange(signature, 4 + rLength + 2, 4 + rLength + 2 + sLength);
            assertTrue(new BigInteger(1, s).compareTo(halfOrder) <= 0);
        }
    }

    @Test
    void readsUncompressedPointsAndWritesCompressedOnes() {
        Secp256k1PublicKey key = Secp256k1PrivateKey.generate(new SecureRandom()).publicKey();
        byte[] uncompressed = key.uncompressed();
        assertEquals(65, uncompressed.length);
        assertEquals(key, Secp256k1PublicKey.fromRaw(uncompressed));
        assertArrayEquals(key.raw(), Secp256k1PublicKey.fromRaw(uncompressed).raw());
    }

    @Test
    void rejectsMalformedKeys() {
        assertEquals(CryptoException.Code.MALFORMED_KEY,
                assertThrows(CryptoException.class, () -> Secp256k1PrivateKey.fromRaw(new byte[32])).code());
        byte[] order = HEX.parseHex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
        assertEquals(CryptoException.Code.MALFORMED_KEY,
                assertThrows(CryptoException.class, () -> Secp256k1PrivateKey.fromRaw(order)).code());
        assertEquals(CryptoException.Code.MALFORMED_KEY,
                assertThrows(CryptoException.class, () -> Secp256k1PrivateKey.fromRaw(new byte[33])).code());
        byte[] offCurve = new byte[33];
        offCurve[0] = 2;
        offCurve[32] = 5;
        assertEquals(CryptoException.Code.MALFORMED_KEY,
                assertThrows(CryptoException.class, () -> Secp256k1PublicKey.fromRaw(offCurve)).code());
        assertEquals(CryptoException.Code.UNSUPPORTED_KEY_TYPE,
                assertThrows(CryptoException.class, () -> Secp256k1PublicKey.unmarshal(
                        HEX.parseHex("080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e"))).code());
        assertEquals(CryptoException.Code.MALFORMED_KEY,
                assertThrows(CryptoException.class, () -> Secp256k1PrivateKey.unmarshal(HEX.parseHex("0802"))).code());
    }
}
