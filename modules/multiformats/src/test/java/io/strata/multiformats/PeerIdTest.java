package io.strata.multiformats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HexFormat;

import static io.strata.multiformats.MultiformatException.Code.PEER_ID_INVALID;
import static io.strata.multiformats.Rejections.assertRejected;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Public keys are the protobuf-encoded test vectors of the libp2p peer-ids spec; the expected ids were
 * produced from them by @libp2p/peer-id 5 and js-multiformats 13, an independent implementation.
 */
class PeerIdTest {

    private static final HexFormat HEX = HexFormat.of();

    private static final String ED25519_KEY = "080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";
    private static final String SECP256K1_KEY = "08021221037777e994e452c21604f91de093ce415f5432f701dd8cd1a7a6fea0e630bfca99";
    private static final String ECDSA_KEY = "0803125b3059301306072a8648ce3d020106082a8648ce3d030107034200"
            + "04de3d300fa36ae0e8f5d530899d83abab44abf3161f162a4bc901d8e6ecda020e8b6d5f8da30525e71d6851510c098e5c47c"
            + "646a597fb4dcec034e9f77c409e62";

    @ParameterizedTest(name = "{1}")
    @CsvSource({
            ED25519_KEY + ", 12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq, "
                    + "k51qzi5uqu5dgy8qsq67hbz73jqkw87l3fgf4a91qb0d9b5173tir7n4vxk1oe, "
                    + "bafzaajaiaejcahwr5d5ofrfbis4l5d6uwr57hu5tjodrypfm6yaq6dsc2r2pzyt6",
            SECP256K1_KEY + ", 16Uiu2HAmLhLvBoYaoZfaMUKuibM6ac163GwKY74c5kiSLg5KvLpY, "
                    + "kzwfwjn5ji4put13uvtwtc7azzwk42cq2o8ctfnxa6q8n90e72o3pjqbrp3lpcp, "
                    + "bafzaajiiaijcca3xo7uzjzcsyilaj6i54cj44qk7kqzpoao5rti2pjx6udtdbp6kte",
            ECDSA_KEY + ", QmVMT29id3TUASyfZZ6k9hmNyc2nYabCo4uMSpDw4zrgDk, "
                    + "k2k4r8m0iploq6r25jp915xawtnx0qdr0je62jws2kki6votbj5191x3, "
                    + "bafzbeidigywdclqvl5hxfefwp5onbffcfife7pza57mmfb4tiqmtkdjw64"})
    void specKeyVectors(String keyHex, String base58, String base36, String base32) {
        byte[] key = HEX.parseHex(keyHex);
        PeerId id = PeerId.fromPublicKey(key);
        assertEquals(base58, id.toBase58());
        assertEquals(base58, id.toString());
        assertEquals(base36, id.toString(Multibase.BASE36));
        assertEquals(base32, id.toString(Multibase.BASE32));
        assertEquals(base32, id.toCid().toString());
        assertEquals(id, PeerId.parse(base58));
        assertEquals(id, PeerId.parse(base36));
        assertEquals(id, PeerId.parse(base32));
        assertEquals(id, PeerId.fromBytes(id.bytes()));
        assertTrue(id.matchesPublicKey(key));
    }

    @Test
    void shortKeysAreInlinedAndRecoverable() {
        byte[] key = HEX.parseHex(ED25519_KEY);
        PeerId id = PeerId.fromPublicKey(key);
        assertEquals(Multicodec.IDENTITY.code(), id.multihash().function());
        assertArrayEquals(key, id.publicKey().orElseThrow());
    }

    @Test
    void longKeysAreHashed() {
        PeerId id = PeerId.fromPublicKey(HEX.parseHex(ECDSA_KEY));
        assertEquals(Multicodec.SHA2_256.code(), id.multihash().function());
        assertTrue(id.publicKey().isEmpty());
    }

    @Test
    void fortyTwoBytesIsTheInlineLimit() {
        assertEquals(Multicodec.IDENTITY.code(), PeerId.fromPublicKey(new byte[42]).multihash().function());
        assertEquals(Multicodec.SHA2_256.code(), PeerId.fromPublicKey(new byte[43]).multihash().function());
    }

    /** The example of the peer-ids spec's "String representation" section. */
    @Test
    void specStringRepresentationExample() {
        PeerId legacy = PeerId.parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
        PeerId cid = PeerId.parse("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe");
        assertEquals(legacy, cid);
        assertEquals("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe", legacy.toCid().toString());
        assertEquals("k2k4r8ncs1yoluq95unsd7x2vfhgve0ncjoggwqx9vyh3vl8warrcp15", legacy.toString(Multibase.BASE36));
    }

    @Test
    void otherKeysGiveOtherIds() {
        byte[] key = HEX.parseHex(ED25519_KEY);
        byte[] other = key.clone();
        other[other.length - 1] ^= 1;
        assertFalse(PeerId.fromPublicKey(key).matchesPublicKey(other));
        assertTrue(PeerId.fromPublicKey(key).compareTo(PeerId.fromPublicKey(other)) != 0);
    }

    @Test
    void cidsOfOtherCodecsAreNotPeerIds() {
        assertRejected(PEER_ID_INVALID,
                () -> PeerId.parse("bafybeicg2rebjoofv4kbyovkw7af3rpiitvnl6i7ckcywaq6xjcxnc2mby"), "libp2p-key", "dag-pb");
        assertRejected(PEER_ID_INVALID, () -> PeerId.parse("zQmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N"),
                "version 0");
    }

    @Test
    void otherMultihashesAreNotPeerIds() {
        assertRejected(PEER_ID_INVALID, () -> PeerId.fromMultihash(Multihash.digest(Multicodec.SHA2_512, new byte[1])),
                "sha2-512");
        assertRejected(PEER_ID_INVALID, () -> PeerId.fromMultihash(Multihash.of(Multicodec.SHA2_256, new byte[20])),
                "20-byte");
        assertRejected(PEER_ID_INVALID, () -> PeerId.fromMultihash(Multihash.of(Multicodec.IDENTITY, new byte[43])),
                "43 bytes", "at most 42");
    }

    @Test
    void malformedTextIsAMultiformatException() {
        assertRejected(PEER_ID_INVALID, () -> PeerId.parse(""), "empty");
        assertThrows(MultiformatException.class, () -> PeerId.parse("1"));
        assertThrows(MultiformatException.class, () -> PeerId.parse("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3p"));
        assertThrows(MultiformatException.class, () -> PeerId.parse("k51qzi5uqu5dgy8qsq67hbz73jqkw87l3fgf4a91qb0d9b517"));
    }
}
