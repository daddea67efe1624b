package io.strata.multiformats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.strata.multiformats.MultiformatException.Code.MULTIHASH_LENGTH_MISMATCH;
import static io.strata.multiformats.MultiformatException.Code.MULTIHASH_TRUNCATED;
import static io.strata.multiformats.MultiformatException.Code.MULTIHASH_UNSUPPORTED;
import static io.strata.multiformats.MultiformatException.Code.VARINT_NOT_MINIMAL;
import static io.strata.multiformats.MultiformatException.Code.VARINT_TRUNCATED;
import static io.strata.multiformats.Rejections.assertRejected;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultihashTest {

    private static final HexFormat HEX = HexFormat.of();

    /** Names used in the multihash repository's test_cases.csv. */
    private static final Map<String, Multicodec> FUNCTIONS = Map.of(
            "sha1", Multicodec.SHA1,
            "sha2-256", Multicodec.SHA2_256,
            "sha2-512", Multicodec.SHA2_512,
            "sha3", Multicodec.SHA3_512);

    record Case(Multicodec function, int bits, byte[] input, byte[] multihash) {
        @Override
        public String toString() {
            return function.codecName() + "/" + bits + " of " + new String(input, StandardCharsets.US_ASCII);
        }
    }

    static Stream<Case> specCases() throws IOException {
        try (InputStream in = MultihashTest.class.getResourceAsStream("/multihash/test_cases.csv")) {
            assertNotNull(in);
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().skip(1).toList();
            return lines.stream().map(line -> line.split(",")).map(fields -> new Case(
                    FUNCTIONS.get(fields[0]), Integer.parseInt(fields[1]), fields[2].getBytes(StandardCharsets.US_ASCII),
                    HEX.parseHex(fields[3])));
        }
    }

    /**
     * The spec's vectors hash the ASCII text of the input column and include truncated digests (80 and
     * 160 bits of longer functions).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("specCases")
    void specTestCases(Case c) {
        Multihash parsed = Multihash.fromBytes(c.multihash());
        assertEquals(c.function().code(), parsed.function());
        assertEquals(c.bits() / 8, parsed.digestLength());
        assertTrue(parsed.matches(c.input()));

        byte[] full = Multihash.digest(c.function(), c.input()).digest();
        assertArrayEquals(c.multihash(), Multihash.of(c.function(), Arrays.copyOf(full, c.bits() / 8)).bytes());
    }

    @Test
    void readmeExample() {
        Multihash multihash = Multihash.sha256("multihash".getBytes(StandardCharsets.US_ASCII));
        assertEquals("12209cbc07c3f991725836a3aa2a581ca2029198aa420b9d99bc0e131d9f3e2cbe47",
                HEX.formatHex(multihash.bytes()));
        assertEquals("QmYtUc4iTCbbfVSDNKvtQqrfyezPPnFvE33wFmutw9PBBk", multihash.toString());
        assertEquals("CIQJZPAHYP4ZC4SYG2R2UKSYDSRAFEMYVJBAXHMZXQHBGHM7HYWL4RY=",
                Multibase.BASE32_PAD_UPPER.encodeRaw(multihash.bytes()));
        assertEquals("EiCcvAfD+ZFyWDajqipYHKICkZiqQgudmbwOEx2fPiy+Rw==",
                Multibase.BASE64_PAD.encodeRaw(multihash.bytes()));
    }

    /** Reference digests of "abc" from the standards (FIPS 180, FIPS 202, RFC 7693, the BLAKE3 repository). */
    @Test
    void supportedFunctionsComputeTheStandardDigests() {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        assertDigest(Multicodec.SHA1, abc, "a9993e364706816aba3e25717850c26c9cd0d89d");
        assertDigest(Multicodec.SHA2_256, abc, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertDigest(Multicodec.SHA3_256, abc, "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532");
        assertDigest(Multicodec.BLAKE2B_256, abc,
                "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
        assertDigest(Multicodec.BLAKE3, new byte[0],
                "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262");
        assertDigest(Multicodec.IDENTITY, abc, "616263");
    }

    private static void assertDigest(Multicodec function, byte[] data, String hex) {
        Multihash multihash = Multihash.digest(function, data);
        assertEquals(hex, HEX.formatHex(multihash.digest()), function.codecName());
        assertTrue(multihash.matches(data));
        assertTrue(Multihash.isSupported(function.code()));
    }

    @Test
    void matchesDetectsOtherData() {
        Multihash multihash = Multihash.sha256(new byte[] {1, 2, 3});
        assertFalse(multihash.matches(new byte[] {1, 2, 4}));
        assertTrue(multihash.matches(new byte[] {9, 1, 2, 3, 9}, 1, 3));
        Multihash identity = Multihash.of(Multicodec.IDENTITY, new byte[] {1, 2, 3});
        assertFalse(identity.matches(new byte[] {1, 2}));
        assertTrue(identity.matches(new byte[] {0, 1, 2, 3}, 1, 3));
    }

    @Test
    void truncatedBlake3MatchesThePrefixOfItsOutput() {
        byte[] data = "truncate me".getBytes(StandardCharsets.US_ASCII);
        byte[] full = Multihash.digest(Multicodec.BLAKE3, data).digest();
        assertTrue(Multihash.of(Multicodec.BLAKE3, Arrays.copyOf(full, 20)).matches(data));
        assertFalse(Multihash.of(Multicodec.BLAKE3, Arrays.copyOf(full, 20)).matches(new byte[0]));
    }

    @Test
    void unsupportedFunctionsAreNamed() {
        Multihash murmur = Multihash.of(0x22, new byte[16]);
        assertFalse(Multihash.isSupported(0x22));
        assertRejected(MULTIHASH_UNSUPPORTED, () -> murmur.matches(new byte[0]), "0x22");
        assertRejected(MULTIHASH_UNSUPPORTED, () -> Multihash.hasher(Multicodec.SHA2_256_TRUNC254_PADDED),
                "sha2-256-trunc254-padded");
    }

    @Test
    void digestsLongerThanTheFunctionOutputAreRejected() {
        assertRejected(MULTIHASH_LENGTH_MISMATCH, () -> Multihash.of(Multicodec.SHA2_256, new byte[33]),
                "sha2-256", "at most 32", "33");
        assertRejected(MULTIHASH_LENGTH_MISMATCH,
                () -> Multihash.fromBytes(HEX.parseHex("1221" + "00".repeat(33))), "sha2-256", "at most 32");
        assertRejected(MULTIHASH_LENGTH_MISMATCH,
                () -> Multihash.fromBytes(HEX.parseHex("1341" + "00".repeat(65))), "sha2-512", "at most 64");
    }

    /** 0x1_0000_0012 must not be mistaken for sha2-256 by truncating the code to an int. */
    @Test
    void largeFunctionCodesAreNotTruncated() {
        long code = 0x1_0000_0012L;
        Multihash multihash = Multihash.of(code, new byte[40]);
        assertEquals(code, Multihash.fromBytes(multihash.bytes()).function());
    }

    @Test
    void oversizedDeclaredLengthIsRejectedBeforeReading() {
        assertRejected(MULTIHASH_LENGTH_MISMATCH, () -> Multihash.fromBytes(HEX.parseHex("00ffffffffffffffff7f")),
                "9223372036854775807", "at most 4096");
        assertRejected(MULTIHASH_LENGTH_MISMATCH, () -> Multihash.of(Multicodec.IDENTITY, new byte[4097]), "4097");
    }

    @Test
    void truncatedInputNamesTheShortfall() {
        assertRejected(MULTIHASH_TRUNCATED, () -> Multihash.fromBytes(HEX.parseHex("1220" + "00".repeat(31))),
                "declares 32 bytes from byte 2", "only 31 remain");
        assertRejected(VARINT_TRUNCATED, () -> Multihash.fromBytes(HEX.parseHex("12")), "byte 1");
        assertRejected(VARINT_TRUNCATED, () -> Multihash.fromBytes(new byte[0]), "byte 0");
    }

    @Test
    void trailingBytesAreRejected() {
        assertRejected(MULTIHASH_LENGTH_MISMATCH, () -> Multihash.fromBytes(HEX.parseHex("0001aabb")),
                "ends at byte 3", "1 trailing");
    }

    @Test
    void nonMinimalHeaderIsRejected() {
        assertRejected(VARINT_NOT_MINIMAL, () -> Multihash.fromBytes(HEX.parseHex("928000" + "00")));
    }

    @Test
    void readReportsItsLengthAtAnOffset() {
        byte[] source = HEX.parseHex("ff0003616263ff");
        Multihash multihash = Multihash.read(source, 1);
        assertEquals(5, multihash.length());
        assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), multihash.digest());
    }

    @Test
    void accessorsReturnCopies() {
        Multihash multihash = Multihash.of(Multicodec.IDENTITY, new byte[] {1});
        multihash.digest()[0] = 9;
        multihash.bytes()[2] = 9;
        assertArrayEquals(new byte[] {0, 1, 1}, multihash.bytes());
    }
}
