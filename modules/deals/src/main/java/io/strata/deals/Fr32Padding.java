package io.strata.deals;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Filecoin's Fr32 padding: every 254 bits of payload become one 256-bit field element whose two most
 * significant bits are zero, so that each 32-byte leaf is below the BLS12-381 scalar field modulus. Bits are
 * read little-endian (bit 0 of byte 0 first), so 127 payload bytes (4 x 254 bits) expand to exactly 128
 * bytes: one "quad" of four leaves.
 */
public final class Fr32Padding {

    /** Payload bytes in one quad. */
    public static final int UNPADDED_QUAD_SIZE = 127;
    /** Padded bytes in one quad: four 32-byte field elements. */
    public static final int PADDED_QUAD_SIZE = 128;

    private static final int ELEMENT_SIZE = 32;
    private static final int ELEMENTS_PER_QUAD = 4;
    private static final int TOP_TWO_BITS_CLEAR = 0x3f;

    private Fr32Padding() {
    }

    /** Expands the 127 bytes at {@code source[sourceOffset]} into 128 bytes at {@code target[targetOffset]}. */
    public static void padQuad(byte[] source, int sourceOffset, byte[] target, int targetOffset) {
        Objects.checkFromIndexSize(sourceOffset, UNPADDED_QUAD_SIZE, source.length);
        Objects.checkFromIndexSize(targetOffset, PADDED_QUAD_SIZE, target.length);
        for (int element = 0; element < ELEMENTS_PER_QUAD; element++) {
            int firstBit = element * 254;
            int sourceByte = sourceOffset + (firstBit >>> 3);
            int shift = firstBit & 7;
            int out = targetOffset + element * ELEMENT_SIZE;
            if (shift == 0) {
                System.arraycopy(source, sourceByte, target, out, ELEMENT_SIZE);
            } else {
                for (int i = 0; i < ELEMENT_SIZE - 1; i++) {
                    target[out + i] = (byte) (((source[sourceByte + i] & 0xff) >>> shift)
                            | (source[sourceByte + i + 1] << (8 - shift)));
                }
                // The last element's final byte has no successor in the quad; its top bits are cleared anyway.
                int lastByte = sourceByte + ELEMENT_SIZE - 1;
                int successor = lastByte + 1 < sourceOffset + UNPADDED_QUAD_SIZE
                        ? source[lastByte + 1] << (8 - shift)
                        : 0;
                target[out + ELEMENT_SIZE - 1] = (byte) (((source[lastByte] & 0xff) >>> shift) | successor);
            }
            target[out + ELEMENT_SIZE - 1] &= TOP_TWO_BITS_CLEAR;
        }
    }

    /** Expands {@code quads} consecutive quads. */
    public static void padQuads(byte[] source, int sourceOffset, byte[] target, int targetOffset, int quads) {
        for (int quad = 0; quad < quads; quad++) {
            padQuad(source, sourceOffset + quad * UNPADDED_QUAD_SIZE, target, targetOffset + quad * PADDED_QUAD_SIZE);
        }
    }

    /**
     * The inverse of {@link #padQuad}: 128 padded bytes back to 127 payload bytes.
     *
     * @throws DealsException {@code INVALID_FR32} if a field element has a non-zero bit in its top two bits
     */
    public static void unpadQuad(byte[] source, int sourceOffset, byte[] target, int targetOffset) {
        Objects.checkFromIndexSize(sourceOffset, PADDED_QUAD_SIZE, source.length);
        Objects.checkFromIndexSize(targetOffset, UNPADDED_QUAD_SIZE, target.length);
        for (int element = 0; element < ELEMENTS_PER_QUAD; element++) {
            int last = sourceOffset + element * ELEMENT_SIZE + ELEMENT_SIZE - 1;
            if ((source[last] & ~TOP_TWO_BITS_CLEAR) != 0) {
                throw new DealsException(DealsException.Code.INVALID_FR32, "byte " + (last - sourceOffset)
                        + " of the padded quad is 0x" + Integer.toHexString(source[last] & 0xff)
                        + ": its top two bits must be zero");
            }
        }
        Arrays.fill(target, targetOffset, targetOffset + UNPADDED_QUAD_SIZE, (byte) 0);
        for (int bit = 0; bit < UNPADDED_QUAD_SIZE * 8; bit++) {
            int paddedBit = bit + 2 * (bit / 254);
            int value = (source[sourceOffset + (paddedBit >>> 3)] >>> (paddedBit & 7)) & 1;
            target[targetOffset + (bit >>> 3)] |= (byte) (value << (bit & 7));
        }
    }

    /** The padded size of {@code payloadSize} bytes once zero-filled to whole quads. */
    public static long paddedSize(long payloadSize) {
        if (payloadSize < 0) {
            throw new IllegalArgumentException("negative payload size " + payloadSize);
        }
        return -Math.floorDiv(-payloadSize, UNPADDED_QUAD_SIZE) * PADDED_QUAD_SIZE;
    }

    /**
     * A stream of the Fr32 padding of {@code payload}, read one quad at a time; a last partial quad is
     * zero-filled, so the stream's length is {@link #paddedSize}{@code (payload length)}.
     */
    public static InputStream paddingStream(InputStream payload) {
        return new PaddingInputStream(Objects.requireNonNull(payload, "payload"));
    }

    private static final class PaddingInputStream extends InputStream {
        private final InputStream payload;
        private final byte[] unpadded = new byte[UNPADDED_QUAD_SIZE];
        private final byte[] padded = new byte[PADDED_QUAD_SIZE];
        private int position = PADDED_QUAD_SIZE;
        private boolean payloadEnded;

        PaddingInputStream(InputStream payload) {
            this.payload = payload;
        }

        @Override
        public int read() throws IOException {
            if (!fill()) {
                return -1;
            }
            return padded[position++] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, buffer.length);
            if (length == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int count = Math.min(length, PADDED_QUAD_SIZE - position);
            System.arraycopy(padded, position, buffer, offset, count);
            position += count;
            return count;
        }

        private boolean fill() throws IOException {
            if (position < PADDED_QUAD_SIZE) {
                return true;
            }
            if (payloadEnded) {
                return false;
            }
            int read = payload.readNBytes(unpadded, 0, UNPADDED_QUAD_SIZE);
            if (read < UNPADDED_QUAD_SIZE) {
                payloadEnded = true;
                if (read == 0) {
                    return false;
                }
                Arrays.fill(unpadded, read, UNPADDED_QUAD_SIZE, (byte) 0);
            }
            padQuad(unpadded, 0, padded, 0);
            position = 0;
            return true;
        }

        @Override
        public void close() throws IOException {
            payload.close();
        }
    }
}
