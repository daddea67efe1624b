package io.strata.crypto;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ed25519KeysTest {

    private static final HexFormat HEX = HexFormat.of();

    // libp2p specs, peer-ids/peer-ids.md, "Test vectors": an Ed25519 PrivateKey and its PublicKey protobuf
    private static final String SPEC_PRIVATE_KEY = "080112407e0830617c4a7de83925dfb2694556b12936c477a0e1feb2e148ec9da60fee7d"
            + "1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";
    private static final String SPEC_PUBLIC_KEY = "080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";

    @Test
    void readsTheSpecPrivateKeyAndDerivesTheSpecPublicKey() {
        Ed25519PrivateKey key = Ed25519PrivateKey.unmarshal(HEX.parseHex(SPEC_PRIVATE_KEY));
        assertEquals(SPEC_PUBLIC_KEY, HEX.formatHex(key.publicKey().marshal()));
        assertEquals(SPEC_PRIVATE_KEY, HEX.formatHex(key.marshal()));
        assertEquals(key.publicKey(), Ed25519PublicKey.unmarshal(HEX.parseHex(SPEC_PUBLIC_KEY)));
    }

    @Test
    void derivesPeerIdAsRustLibp2pDoes() {
        // rust-libp2p's parse_peer_id_test: identity multihash 0x00 0x24 of this key protobuf prints as below
        Ed25519PublicKey key = Ed25519PublicKey.unmarshal(
                HEX.parseHex("08011220da91decf6f4c769327ca8ff03986e66fcfe6c59dca63d68c5ee359e52f8dc6e6"));
        assertEquals("002408011220da91decf6f4c769327ca8ff03986e66fcfe6c59dca63d68c5ee359e52f8dc6e6",
                HEX.formatHex(key.peerId().bytes()));
        assertEquals("12D3KooWQXa4AdCEZWe9QwoHnrANyMAXirozBdroNHkkvTMhT8bf", key.peerId().toBase58());
    }

    @Test
    void signsRfc8032TestOne() {
        Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(
                HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        assertEquals("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", HEX.formatHex(key.publicKey().raw()));
        byte[] signature = key.sign(new byte[0]);
        assertEquals("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
                HEX.formatHex(signature));
        assertTrue(key.publicKey().verify(new byte[0], signature));
    }

    @Test
    void rejectsAlteredMessagesAndSignatures() {
        Ed25519PrivateKey key = Ed25519PrivateKey.generate(new SecureRandom());
        byte[] message = "strata".getBytes(StandardCharsets.UTF_8);
        byte[] signature = key.sign(message);
        assertTrue(key.publicKey().verify(message, signature));
        assertFalse(key.publicKey().verify("strata!".getBytes(StandardCharsets.UTF_8), signature));
        signature[10] ^= 1;
        assertFalse(key.publicKey().verify(message, signature));
        assertFalse(Ed25519PrivateKey.generate(new SecureRandom()).publicKey().verify(message, key.sign(message)));
    }

    @Test
    void peerIdsOfGeneratedKeysAreInlinedIdentityMultihashes() {
        Ed25519PublicKey key = Ed25519PrivateKey.generate(new SecureRandom()).publicKey();
        byte[] multihash = key.peerId().bytes();
        assertEquals(38, multihash.length);
        assertArrayEquals(key.marshal(), java.util.Arrays.copyOfRange(multihash, 2, 38));
        assertTrue(key.peerId().toBase58().startsWith("12D3KooW"), key.peerId().toBase58());
    }

    @Test
    void rejectsMalformedAndUnsupportedKeys() {
        assertEquals(CryptoException.Code.MALFORMED_KEY,
                assertThrows(CryptoException.class, () -> Ed25519PrivateKey.unmarshal(HEX.parseHex("0801"))).code());
        // RSA type with some data
        assertEquals(CryptoException.Code.UNSUPPORTED_KEY_TYPE,
                assertThrows(CryptoException.class, () -> Ed25519PublicKey.unmarshal(HEX.parseHex("08001202abcd"))).code());
        // Ed25519 seed followed by a public key that is not the seed's
        byte[] tampered = HEX.parseHex(SPEC_PRIVATE_KEY);
        tampered[tampered.length - 1] ^= 1;
        assertEquals(CryptoException.Code.MALFORMED_KEY,
                assertThrows(CryptoException.class, () -> Ed25519PrivateKey.unmarshal(tampered)).code());
        assertEquals(CryptoException.Code.MALFORMED_KEY,
                assertThrows(CryptoException.class, () -> Ed25519PublicKey.fromRaw(new byte[31])).code());
    }
}
