package io.strata.multiformats;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

import static io.strata.multiformats.MultiformatException.Code.VARINT_NOT_MINIMAL;
import static io.strata.multiformats.MultiformatException.Code.VARINT_OVERFLOW;
import static io.strata.multiformats.MultiformatException.Code.VARINT_TRUNCATED;

/**
 * The multiformats unsigned varint: LEB128, at most 9 bytes (63 bits), minimally encoded.
 * The spec forbids non-minimal encodings, so decoding rejects them instead of normalising.
 */
public final class Varint {

    public static final int MAX_BYTES = 9;

    private Varint() {
    }

    public static int encodedLength(long value) {
        requireUnsigned63(value);
        int length = 1;
        while ((value >>>= 7) != 0) {
            length++;
        }
        return length;
    }

    public static byte[] encode(long value) {
        byte[] out = new byte[encodedLength(value)];
        write(value, out, 0);
        return out;
    }

    /** Writes {@code value} at {@code offset}; returns the number of bytes written. */
    public static int write(long value, byte[] target, int offset) {
        requireUnsigned63(value);
        int position = offset;
        while ((value & ~0x7FL) != 0) {
            target[position++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        target[position++] = (byte) value;
        return position - offset;
    }

    public static void write(long value, OutputStream out) throws IOException {
        out.write(encode(value));
    }

    /** A decoded value and how many bytes it took. */
    public record Decoded(long value, int length) {
    }

    public static Decoded decode(byte[] source, int offset) {
        return decode(source, offset, source.length);
    }

    /** Decodes one varint from {@code source[offset, limit)}. */
    public static Decoded decode(byte[] source, int offset, int limit) {
        Objects.checkFromToIndex(offset, limit, source.length);
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            int position = offset + i;
            if (position >= limit) {
                throw new MultiformatException(VARINT_TRUNCATED, i == 0
                        ? "varint expected at byte " + position + " but the input ends there"
                        : "varint starting at byte " + offset + " is truncated: byte " + (position - 1)
                                + " has the continuation bit set but the input ends at byte " + position);
            }
            int b = source[position] & 0xFF;
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw notMinimal("varint starting at byte " + offset, position);
                }
                return new Decoded(value, i + 1);
            }
        }
        throw tooLong("varint starting at byte " + offset, offset + MAX_BYTES - 1);
    }

    /**
     * Reads one varint from a stream. Returns -1 on a clean end of stream before the first byte;
     * throws {@link MultiformatException} ({@code VARINT_TRUNCATED}) on an end of stream inside the varint.
     */
    public static long read(InputStream in) throws IOException {
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            int b = in.read();
            if (b < 0) {
                if (i == 0) {
                    return -1;
                }
                throw new MultiformatException(VARINT_TRUNCATED,
                        "stream ended inside a varint: byte " + (i - 1) + " of it has the continuation bit set");
            }
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw notMinimal("varint read from the stream", i);
                }
                return value;
            }
        }
        throw tooLong("varint read from the stream", MAX_BYTES - 1);
    }

    private static MultiformatException notMinimal(String what, int position) {
        return new MultiformatException(VARINT_NOT_MINIMAL, what + " is not minimally encoded: its last byte (byte "
                + position + ") is 0x00, so the byte before it should have ended the varint");
    }

    private static MultiformatException tooLong(String what, int position) {
        return new MultiformatException(VARINT_OVERFLOW, what + " is longer than " + MAX_BYTES
                + " bytes: byte " + position + " still has the continuation bit set (values are limited to 63 bits)");
    }

    private static void requireUnsigned63(long value) {
        if (value < 0) {
            throw new MultiformatException(VARINT_OVERFLOW, "varint values are unsigned 63-bit; got " + value);
        }
    }
}
