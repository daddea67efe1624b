package io.strata.multiformats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static io.strata.multiformats.MultiformatException.Code.CID_MALFORMED;
import static io.strata.multiformats.MultiformatException.Code.CID_TRAILING_BYTES;
import static io.strata.multiformats.MultiformatException.Code.CID_UNSUPPORTED_VERSION;
import static io.strata.multiformats.MultiformatException.Code.MULTIBASE_INVALID_CHARACTER;
import static io.strata.multiformats.MultiformatException.Code.MULTIBASE_UNKNOWN_PREFIX;
import static io.strata.multiformats.MultiformatException.Code.MULTIHASH_TRUNCATED;
import static io.strata.multiformats.MultiformatException.Code.VARINT_NOT_MINIMAL;
import static io.strata.multiformats.Rejections.assertRejected;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CidTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] HELLO_WORLD = "hello world\n".getBytes(StandardCharsets.US_ASCII);
    private static final String HELLO_V0 = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";
    private static final String HELLO_V1 = "bafybeicg2rebjoofv4kbyovkw7af3rpiitvnl6i7ckcywaq6xjcxnc2mby";
    private static final String HELLO_DIGEST = "46d44814b9c5af141c3aaab7c05dc5e844ead5f91f12858b021eba45768b4c0e";

    @Test
    void kuboHelloWorldV0AndV1AreTwins() {
        Cid v0 = Cid.parse(HELLO_V0);
        Cid v1 = Cid.parse(HELLO_V1);
        assertEquals(0, v0.version());
        assertEquals(1, v1.version());
        assertEquals(Multicodec.DAG_PB.code(), v0.codec());
        assertEquals(Multicodec.DAG_PB.code(), v1.codec());
        assertEquals(v0.multihash(), v1.multihash());
        assertEquals(HELLO_DIGEST, HEX.formatHex(v0.multihash().digest()));
        assertEquals(v1, v0.toV1());
        assertEquals(v0, v1.toV0());
        assertEquals(HELLO_V0, v0.toString());
        assertEquals(HELLO_V1, v1.toString());
        assertNotEquals(v0, v1);
        assertArrayEquals(HEX.parseHex("1220" + HELLO_DIGEST), v0.bytes());
        assertArrayEquals(HEX.parseHex("01701220" + HELLO_DIGEST), v1.bytes());
    }

    @Test
    void rawLeafOfHelloWorld() {
        Cid cid = Cid.of(Multicodec.RAW, Multicodec.SHA2_256, HELLO_WORLD);
        assertEquals("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4", cid.toString());
        assertEquals(cid, Cid.parse(cid.toString()));
        assertTrue(cid.multihash().matches(HELLO_WORLD));
    }

    /** js-multiformats' rendering of the same CID in every base, read back and reproduced. */
    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/cid/bafybeicg2-in-every-base.csv")
    void everyBaseMatchesJsMultiformats(String baseName, String text) {
        Cid cid = Cid.parse(HELLO_V1);
        assertEquals(text, cid.toString(Multibase.byName(baseName)));
        assertEquals(cid, Cid.parse(text));
    }

    @Test
    void identityMultihashCids() {
        Cid cid = Cid.of(Multicodec.RAW, Multicodec.IDENTITY, HELLO_WORLD);
        assertEquals("bafkqaddimvwgy3zao5xxe3debi", cid.toString());
        assertArrayEquals(HELLO_WORLD, Cid.parse("bafkqaddimvwgy3zao5xxe3debi").multihash().digest());
        Cid empty = Cid.parse("bafkqaaa");
        assertEquals(0, empty.multihash().digestLength());
        assertEquals(Multicodec.IDENTITY.code(), empty.multihash().function());
    }

    @Test
    void dagPbV1InBase58IsStillV1() {
        Cid cid = Cid.parse("zdj7WaCPMsy3FP2whSwpFXHjDEaTVmjnddYSn5W2Gdn4aEZFj");
        assertEquals(1, cid.version());
        assertEquals(Cid.parse(HELLO_V1), cid);
    }

    /** go-cid and js-multiformats both read a multibase string holding binary CIDv0 as that CIDv0. */
    @Test
    void multibaseTextOfBinaryV0IsV0() {
        Cid v0 = Cid.parse(HELLO_V0);
        assertEquals(v0, Cid.parse("z" + HELLO_V0));
        assertEquals(v0, Cid.parse(Multibase.BASE32.encode(v0.bytes())));
    }

    @Test
    void v0PrintsOnlyInBase58() {
        Cid v0 = Cid.parse(HELLO_V0);
        assertEquals(HELLO_V0, v0.toString(Multibase.BASE58BTC));
        assertRejected(CID_MALFORMED, () -> v0.toString(Multibase.BASE32), "base58btc");
    }

    @Test
    void onlyDagPbSha256HasAV0Form() {
        assertRejected(CID_MALFORMED, () -> Cid.of(Multicodec.RAW, Multicodec.SHA2_256, HELLO_WORLD).toV0(), "raw");
        assertRejected(CID_MALFORMED, () -> Cid.of(Multicodec.DAG_PB, Multicodec.SHA2_512, HELLO_WORLD).toV0(),
                "32-byte sha2-256");
        assertRejected(CID_MALFORMED, () -> Cid.v0(Multihash.of(Multicodec.SHA2_256, new byte[20])),
                "32-byte sha2-256");
    }

    @Test
    void conversionsToTheSameVersionReturnThis() {
        Cid v0 = Cid.parse(HELLO_V0);
        Cid v1 = Cid.parse(HELLO_V1);
        assertSame(v0, v0.toV0());
        assertSame(v1, v1.toV1());
    }

    @ParameterizedTest
    @ValueSource(strings = {"QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5", "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5oo"})
    void v0TextMustBe46Characters(String text) {
        assertRejected(CID_MALFORMED, () -> Cid.parse(text), "46", String.valueOf(text.length()));
    }

    @Test
    void v0TextWithABadCharacterNamesIt() {
        assertRejected(MULTIBASE_INVALID_CHARACTER, () -> Cid.parse("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5O"),
                "'O'", "position 45");
    }

    /** 46 base58 characters starting "Qm" can still decode to something other than 0x12 0x20 and 32 bytes. */
    @Test
    void v0TextThatIsNotASha256MultihashIsRejected() {
        assertRejected(CID_MALFORMED, () -> Cid.parse("Qm" + "1".repeat(44)), "expected 34 bytes starting 0x12 0x20");
        assertRejected(CID_MALFORMED, () -> Cid.parse("Qm" + "z".repeat(44)), "expected 34 bytes starting 0x12 0x20");
    }

    @Test
    void shortAndEmptyTextIsRejected() {
        assertRejected(CID_MALFORMED, () -> Cid.parse(""), "empty");
        assertRejected(CID_MALFORMED, () -> Cid.parse("b"), "too short");
        assertRejected(MULTIBASE_UNKNOWN_PREFIX, () -> Cid.parse("Xafy"), "'X'");
    }

    @Test
    void binaryV0MustBeExactly34Bytes() {
        assertRejected(CID_MALFORMED, () -> Cid.fromBytes(HEX.parseHex("1220" + "00".repeat(31))),
                "truncated", "expected 34 bytes, got 33");
        assertRejected(CID_TRAILING_BYTES, () -> Cid.fromBytes(HEX.parseHex("1220" + "00".repeat(33))),
                "ends at byte 34", "35 bytes");
    }

    @Test
    void binaryStarting0x12MustContinueWith0x20() {
        assertRejected(CID_MALFORMED, () -> Cid.fromBytes(HEX.parseHex("1214" + "00".repeat(20))),
                "byte 1 is 0x14", "expected 0x20");
        assertRejected(CID_MALFORMED, () -> Cid.fromBytes(HEX.parseHex("12")), "byte 1 is missing");
    }

    @Test
    void version0InV1FormIsRejected() {
        assertRejected(CID_UNSUPPORTED_VERSION, () -> Cid.fromBytes(HEX.parseHex("00701220" + HELLO_DIGEST)),
                "version 0 in CIDv1 form");
    }

    @ParameterizedTest
    @ValueSource(strings = {"02", "03", "7f", "8001"})
    void otherVersionsAreRejected(String versionHex) {
        long version = Varint.decode(HEX.parseHex(versionHex), 0).value();
        assertRejected(CID_UNSUPPORTED_VERSION, () -> Cid.fromBytes(HEX.parseHex(versionHex + "701220" + HELLO_DIGEST)),
                "unsupported CID version " + version);
    }

    @Test
    void nonMinimalVersionOrCodecIsRejected() {
        assertRejected(VARINT_NOT_MINIMAL, () -> Cid.fromBytes(HEX.parseHex("8100701220" + HELLO_DIGEST)));
        assertRejected(VARINT_NOT_MINIMAL, () -> Cid.fromBytes(HEX.parseHex("01f0001220" + HELLO_DIGEST)));
    }

    @Test
    void truncatedV1IsRejected() {
        assertRejected(MULTIHASH_TRUNCATED, () -> Cid.fromBytes(HEX.parseHex("01701220" + HELLO_DIGEST.substring(2))),
                "only 31 remain");
        assertRejected(CID_MALFORMED, () -> Cid.fromBytes(new byte[0]), "byte 0");
    }

    @Test
    void trailingBytesAfterV1AreRejected() {
        assertRejected(CID_TRAILING_BYTES, () -> Cid.fromBytes(HEX.parseHex("01701220" + HELLO_DIGEST + "00")),
                "1 unexpected trailing");
    }

    @Test
    void readStopsAtTheEndOfEachCid() {
        byte[] two = HEX.parseHex("01701220" + HELLO_DIGEST + "1220" + HELLO_DIGEST);
        Cid first = Cid.read(two, 0);
        Cid second = Cid.read(two, first.length());
        assertEquals(Cid.parse(HELLO_V1), first);
        assertEquals(Cid.parse(HELLO_V0), second);
        assertEquals(two.length, first.length() + second.length());
    }

    @Test
    void unknownCodecsAreCarriedThrough() {
        Cid cid = Cid.v1(0x300001, Multihash.sha256(HELLO_WORLD));
        assertEquals(0x300001, Cid.parse(cid.toString()).codec());
    }

    @Test
    void orderingIsOnTheBinaryForm() {
        Cid v0 = Cid.parse(HELLO_V0);
        Cid v1 = Cid.parse(HELLO_V1);
        assertTrue(v1.compareTo(v0) < 0);
        assertEquals(0, v0.compareTo(Cid.parse(HELLO_V0)));
    }
}
