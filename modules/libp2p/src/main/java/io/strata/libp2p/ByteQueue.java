package io.strata.libp2p;

import java.util.Arrays;

/**
 * Bytes received but not yet consumed by a parser: appended at the tail, consumed from the head. Parsers
 * peek at a prefix and take it only once it is complete, so a message split over many reads parses like one.
 */
final class ByteQueue {

    private byte[] bytes = new byte[256];
    private int start;
    private int end;

    void append(byte[] source, int offset, int length) {
        if (end + length > bytes.length) {
            int size = end - start;
            if (size + length > bytes.length) {
                bytes = Arrays.copyOfRange(bytes, start, start + Math.max(bytes.length * 2, size + length));
            } else {
                System.arraycopy(bytes, start, bytes, 0, size);
            }
            end = size;
            start = 0;
        }
        System.arraycopy(source, offset, bytes, end, length);
        end += length;
    }

    void append(byte[] source) {
        append(source, 0, source.length);
    }

    int size() {
        return end - start;
    }

    int peek(int index) {
        return bytes[start + index] & 0xFF;
    }

    /** An unsigned varint at the head, or -1 when its bytes have not all arrived; {@code lengthOut[0]} gets its size. */
    long peekVarint(int[] lengthOut, int maxBytes) {
        long value = 0;
        for (int i = 0; i < maxBytes; i++) {
            if (i >= size()) {
                return -1;
            }
            int b = peek(i);
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                lengthOut[0] = i + 1;
                return value;
            }
        }
        throw new Libp2pException(Libp2pException.Code.MESSAGE_TOO_LARGE, "length prefix longer than " + maxBytes + " bytes");
    }

    byte[] take(int length) {
        byte[] taken = Arrays.copyOfRange(bytes, start, start + length);
        skip(length);
        return taken;
    }

    void skip(int length) {
        start += length;
        if (start == end) {
            start = 0;
            end = 0;
        }
    }

    byte[] takeAll() {
        return take(size());
    }
}
