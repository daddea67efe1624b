package io.strata.multiformats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HexFormat;

import static io.strata.multiformats.MultiformatException.Code.VARINT_NOT_MINIMAL;
import static io.strata.multiformats.MultiformatException.Code.VARINT_OVERFLOW;
import static io.strata.multiformats.MultiformatException.Code.VARINT_TRUNCATED;
import static io.strata.multiformats.Rejections.assertRejected;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class VarintTest {

    private static final HexFormat HEX = HexFormat.of();

    /** The examples of the multiformats unsigned-varint spec, plus the largest value. */
    @ParameterizedTest
    @CsvSource({"1, 01", "127, 7f", "128, 8001", "255, ff01", "300, ac02", "16384, 808001", "0, 00",
            "9223372036854775807, ffffffffffffffff7f"})
    void specExamples(long value, String hex) {
        byte[] bytes = HEX.parseHex(hex);
        assertArrayEquals(bytes, Varint.encode(value));
        assertEquals(bytes.length, Varint.encodedLength(value));
        assertEquals(new Varint.Decoded(value, bytes.length), Varint.decode(bytes, 0));
    }

    @Test
    void decodesAtAnOffsetAndStopsAtTheLastByte() {
        byte[] bytes = HEX.parseHex("ffac02ff");
        assertEquals(new Varint.Decoded(300, 2), Varint.decode(bytes, 1));
    }

    @Test
    void writeReturnsTheLengthWritten() {
        byte[] target = new byte[5];
        assertEquals(3, Varint.write(16384, target, 2));
        assertArrayEquals(HEX.parseHex("0000808001"), target);
    }

    @Test
    void negativeValuesAreNotUnsigned63Bit() {
        assertRejected(VARINT_OVERFLOW, () -> Varint.encode(-1), "-1");
        assertRejected(VARINT_OVERFLOW, () -> Varint.encodedLength(Long.MIN_VALUE));
    }

    @Test
    void nonMinimalEncodingsAreRejectedNamingTheByte() {
        assertRejected(VARINT_NOT_MINIMAL, () -> Varint.decode(HEX.parseHex("8000"), 0), "byte 1", "0x00");
        assertRejected(VARINT_NOT_MINIMAL, () -> Varint.decode(HEX.parseHex("818000"), 0), "byte 2");
        assertRejected(VARINT_NOT_MINIMAL, () -> Varint.decode(HEX.parseHex("77ac8000"), 1), "starting at byte 1",
                "byte 3");
    }

    @Test
    void tenthByteIsNeverReached() {
        assertRejected(VARINT_OVERFLOW, () -> Varint.decode(HEX.parseHex("ffffffffffffffff80"), 0),
                "longer than 9 bytes", "byte 8");
        assertRejected(VARINT_OVERFLOW, () -> Varint.decode(HEX.parseHex("ffffffffffffffffff01"), 0));
    }

    @Test
    void truncatedInputNamesWhereItEnds() {
        assertRejected(VARINT_TRUNCATED, () -> Varint.decode(new byte[0], 0), "byte 0", "input ends");
        assertRejected(VARINT_TRUNCATED, () -> Varint.decode(HEX.parseHex("ac"), 0), "byte 0", "ends at byte 1");
        assertRejected(VARINT_TRUNCATED, () -> Varint.decode(HEX.parseHex("acac02"), 0, 2), "ends at byte 2");
    }

    @Test
    void offsetPastTheEndIsTruncatedInput() {
        assertRejected(VARINT_TRUNCATED, () -> Varint.decode(new byte[2], 3), "byte 3");
        assertRejected(VARINT_TRUNCATED, () -> Varint.decode(new byte[4], 3, 2), "byte 3");
    }

    @Test
    void limitBeyondTheArrayOrNegativeOffsetIsAProgrammingError() {
        assertThrows(IndexOutOfBoundsException.class, () -> Varint.decode(new byte[2], 0, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> Varint.decode(new byte[2], -1));
    }

    @Test
    void streamReadAndWrite() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Varint.write(300, out);
        Varint.write(0, out);
        Varint.write(Long.MAX_VALUE, out);
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        assertEquals(300, Varint.read(in));
        assertEquals(0, Varint.read(in));
        assertEquals(Long.MAX_VALUE, Varint.read(in));
        assertEquals(-1, Varint.read(in));
    }

    @Test
    void streamRejectsTruncatedNonMinimalAndOverlongVarints() {
        assertRejected(VARINT_TRUNCATED, () -> Varint.read(new ByteArrayInputStream(HEX.parseHex("ac"))),
                "stream ended");
        assertRejected(VARINT_NOT_MINIMAL, () -> Varint.read(new ByteArrayInputStream(HEX.parseHex("8000"))));
        assertRejected(VARINT_OVERFLOW,
                () -> Varint.read(new ByteArrayInputStream(HEX.parseHex("ffffffffffffffffff01"))));
    }
}
