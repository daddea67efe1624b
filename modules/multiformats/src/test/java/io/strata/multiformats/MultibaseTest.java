package io.strata.multiformats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static io.strata.multiformats.MultiformatException.Code.MULTIBASE_INVALID_CHARACTER;
import static io.strata.multiformats.MultiformatException.Code.MULTIBASE_INVALID_LENGTH;
import static io.strata.multiformats.MultiformatException.Code.MULTIBASE_UNKNOWN_PREFIX;
import static io.strata.multiformats.Rejections.assertRejected;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultibaseTest {

    /** Rows of the spec's vectors for encodings Strata does not implement (no single-char prefix, or not used by IPFS). */
    private static final Set<String> NOT_IMPLEMENTED = Set.of("base45", "proquint", "base256emoji");

    private static final List<String> CANONICAL_FILES =
            List.of("basic.csv", "leading_zero.csv", "two_leading_zeros.csv");

    record Vector(String file, String baseName, String encoded, byte[] decoded) {
        @Override
        public String toString() {
            return file + " " + baseName;
        }
    }

    static Stream<Vector> canonicalVectors() throws IOException {
        List<Vector> vectors = new ArrayList<>();
        for (String file : CANONICAL_FILES) {
            vectors.addAll(readVectors(file));
        }
        return vectors.stream();
    }

    static Stream<Vector> mixedCaseVectors() throws IOException {
        return readVectors("case_insensitivity.csv").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("canonicalVectors")
    void specVectorEncodesAndDecodes(Vector vector) {
        Multibase base = Multibase.byName(vector.baseName());
        assertEquals(vector.encoded(), base.encode(vector.decoded()));
        assertArrayEquals(vector.decoded(), Multibase.decode(vector.encoded()));
        assertEquals(base, Multibase.byPrefix(vector.encoded().charAt(0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mixedCaseVectors")
    void mixedCaseSpecVectorDecodes(Vector vector) {
        assertArrayEquals(vector.decoded(), Multibase.decode(vector.encoded()));
    }

    @Test
    void specVectorsCoverEveryImplementedBase() throws IOException {
        Set<Multibase> covered = EnumSet.noneOf(Multibase.class);
        canonicalVectors().forEach(vector -> covered.add(Multibase.byName(vector.baseName())));
        assertEquals(EnumSet.allOf(Multibase.class), covered);
    }

    @Test
    void everyPrefixAndNameIsDistinct() {
        assertEquals(Multibase.values().length,
                Arrays.stream(Multibase.values()).map(Multibase::prefix).distinct().count());
        for (Multibase base : Multibase.values()) {
            assertEquals(base, Multibase.byName(base.multibaseName()));
            assertEquals(base, Multibase.byPrefix(base.prefix()));
        }
    }

    @Test
    void emptyInputEncodesToPrefixOnlyAndBack() {
        for (Multibase base : Multibase.values()) {
            assertEquals(String.valueOf(base.prefix()), base.encode(new byte[0]));
            assertArrayEquals(new byte[0], Multibase.decode(String.valueOf(base.prefix())));
        }
    }

    @Test
    void base58AndBase36KeepEachLeadingZeroByte() {
        byte[] zeros = {0, 0, 0};
        assertEquals("z111", Multibase.BASE58BTC.encode(zeros));
        assertEquals("k000", Multibase.BASE36.encode(zeros));
        assertEquals("9000", Multibase.BASE10.encode(zeros));
        assertArrayEquals(zeros, Multibase.decode("z111"));
        assertArrayEquals(new byte[] {0, 0, 1}, Multibase.decode("z112"));
        assertArrayEquals(new byte[] {0, 0, 1}, Multibase.decode("K001"));
    }

    @Test
    void unknownPrefixIsNamed() {
        assertRejected(MULTIBASE_UNKNOWN_PREFIX, () -> Multibase.decode("Qabc"), "'Q'");
        assertRejected(MULTIBASE_UNKNOWN_PREFIX, () -> Multibase.byName("base1000"), "base1000");
    }

    @Test
    void emptyStringHasNoPrefix() {
        assertRejected(MULTIBASE_INVALID_LENGTH, () -> Multibase.decode(""), "prefix");
    }

    @Test
    void invalidCharacterReportsCharacterAndPosition() {
        assertRejected(MULTIBASE_INVALID_CHARACTER, () -> Multibase.decode("zabc0def"),
                "base58btc", "'0'", "position 4");
        assertRejected(MULTIBASE_INVALID_CHARACTER, () -> Multibase.decode("bnbswy1dpeb3w64tmmq"),
                "base32", "'1'", "position 6");
        assertRejected(MULTIBASE_INVALID_CHARACTER, () -> Multibase.decode("f6865g6"),
                "base16", "'g'", "position 5");
        assertRejected(MULTIBASE_INVALID_CHARACTER, () -> Multibase.decode("9123a"), "base10", "'a'", "position 4");
        assertRejected(MULTIBASE_INVALID_CHARACTER, () -> Multibase.decode("701234568"), "base8", "'8'", "position 8");
    }

    @Test
    void leadingZeroDigitsAreCheckedToo() {
        assertRejected(MULTIBASE_INVALID_CHARACTER, () -> Multibase.decode("z11!"), "'!'", "position 3");
    }

    /** Letters outside ASCII that Java case-folds onto ASCII letters (Kelvin sign, dotless i) are not digits. */
    @ParameterizedTest
    @ValueSource(strings = {"K\u212A", "k\u212A", "B\u0131A", "b\u0131a", "f\uFF10\uFF10", "f\u0660\u0660",
            "9\u0661", "z\u0661", "mAA\u00C0A"})
    void nonAsciiLookalikesAreRejected(String text) {
        assertRejected(MULTIBASE_INVALID_CHARACTER, () -> Multibase.decode(text), "\\u");
    }

    @Test
    void base58IsCaseSensitive() {
        assertFalse(Arrays.equals(Multibase.decode("zStV1DL6CwTryKyV"), Multibase.decode("zsTv1DL6CwTryKyV")));
    }

    @Test
    void zBase32IsCaseSensitive() {
        assertRejected(MULTIBASE_INVALID_CHARACTER, () -> Multibase.decode("hPB1SA5DXRB5S6HUCCO"), "'P'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ba", "baaa", "baaaaaa", "baaaaaaaaa", "f0", "f123", "mA", "mAAAAA", "uA", "71", "00101"})
    void textThatCannotEncodeWholeBytesIsRejected(String text) {
        assertRejected(MULTIBASE_INVALID_LENGTH, () -> Multibase.decode(text), "cannot encode whole bytes");
    }

    @Test
    void everyValidBase32LengthDecodes() {
        for (int bytes = 0; bytes <= 10; bytes++) {
            String text = Multibase.BASE32.encode(new byte[bytes]);
            assertEquals(bytes, Multibase.decode(text).length, text);
        }
    }

    /** Each pair spells the same bytes except that the first leaves padding bits set in its last character. */
    @ParameterizedTest
    @CsvSource({"bmf, bme", "BMF, BME", "mZh, mZg", "uZh, uZg", "MZh==, MZg==", "7001, 7000", "vcp, vco"})
    void nonZeroPaddingBitsAreRejected(String dirty, String canonical) {
        assertEquals(canonical, Multibase.byPrefix(canonical.charAt(0)).encode(Multibase.decode(canonical)));
        assertRejected(MULTIBASE_INVALID_CHARACTER, () -> Multibase.decode(dirty), "non-zero padding bits",
                "position " + (dirty.replace("=", "").length() - 1));
    }

    @Test
    void paddedVariantsRequireExactPadding() {
        assertArrayEquals("f".getBytes(StandardCharsets.US_ASCII), Multibase.decode("MZg=="));
        assertRejected(MULTIBASE_INVALID_LENGTH, () -> Multibase.decode("MZg"), "multiple of 4");
        assertRejected(MULTIBASE_INVALID_LENGTH, () -> Multibase.decode("MZg="), "multiple of 4");
        assertRejected(MULTIBASE_INVALID_LENGTH, () -> Multibase.decode("MZg======"), "6 '=' padding", "expected 2");
        assertRejected(MULTIBASE_INVALID_LENGTH, () -> Multibase.decode("MZm9v===="), "4 '=' padding", "expected 0");
        assertRejected(MULTIBASE_INVALID_CHARACTER, () -> Multibase.decode("MZg=A"), "'='", "position 3");
        assertArrayEquals("f".getBytes(StandardCharsets.US_ASCII), Multibase.decode("cmy======"));
        assertRejected(MULTIBASE_INVALID_LENGTH, () -> Multibase.decode("cmy====="), "multiple of 8");
    }

    @Test
    void unpaddedVariantsRejectPadding() {
        assertRejected(MULTIBASE_INVALID_CHARACTER, () -> Multibase.decode("mZg=="), "'='", "position 3");
        assertRejected(MULTIBASE_INVALID_CHARACTER, () -> Multibase.decode("bmy======"), "'='", "position 3");
    }

    @Test
    void base64AlphabetsAreNotMixed() {
        assertRejected(MULTIBASE_INVALID_CHARACTER, () -> Multibase.decode("m-_8"), "'-'", "position 1");
        assertRejected(MULTIBASE_INVALID_CHARACTER, () -> Multibase.decode("u+/8"), "'+'", "position 1");
        assertArrayEquals(new byte[] {(byte) 0xFB, (byte) 0xFF, (byte) 0xFC}, Multibase.decode("m+//8"));
        assertArrayEquals(new byte[] {(byte) 0xFB, (byte) 0xFF, (byte) 0xFC}, Multibase.decode("u-__8"));
    }

    @Test
    void decodeRawPositionsCountFromTheText() {
        assertRejected(MULTIBASE_INVALID_CHARACTER, () -> Multibase.BASE58BTC.decodeRaw("abc0"), "position 3");
    }

    private static List<Vector> readVectors(String file) throws IOException {
        List<String> lines;
        try (InputStream in = MultibaseTest.class.getResourceAsStream("/multibase/" + file)) {
            assertTrue(in != null, "missing test resource " + file);
            lines = new String(readAll(in), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
        byte[] decoded = unescape(quoted(lines.get(0)));
        List<Vector> vectors = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String name = line.substring(0, line.indexOf(',')).trim();
            if (NOT_IMPLEMENTED.contains(name)) {
                continue;
            }
            vectors.add(new Vector(file, name, quoted(line), decoded));
        }
        return vectors;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    private static String quoted(String line) {
        return line.substring(line.indexOf('"') + 1, line.lastIndexOf('"'));
    }

    /** The CSV header writes bytes as text with {@code \xNN} escapes. */
    private static byte[] unescape(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            if (text.startsWith("\\x", i)) {
                out.write(Integer.parseInt(text.substring(i + 2, i + 4), 16));
                i += 3;
            } else {
                out.write(text.charAt(i));
            }
        }
        return out.toByteArray();
    }
}
