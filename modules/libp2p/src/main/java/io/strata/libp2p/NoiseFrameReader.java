package io.strata.libp2p;

/** Splits a byte stream into Noise messages, each behind a 2-byte big-endian length (at most 65535 bytes). */
final class NoiseFrameReader {

    static final int MAX_MESSAGE = 65535;

    private final ByteQueue pending = new ByteQueue();

    void append(byte[] bytes) {
        pending.append(bytes);
    }

    /** The next complete message, or null while its bytes have not all arrived. */
    byte[] next() {
        if (pending.size() < 2) {
            return null;
        }
        int length = (pending.peek(0) << 8) | pending.peek(1);
        if (pending.size() < 2 + length) {
            return null;
        }
        pending.skip(2);
        return pending.take(length);
    }

    boolean hasBuffered() {
        return pending.size() > 0;
    }

    byte[] remainder() {
        return pending.takeAll();
    }

    static byte[] frame(byte[] message) {
        if (message.length > MAX_MESSAGE) {
            throw new IllegalArgumentException("a Noise message has at most 65535 bytes, not " + message.length);
        }
        byte[] framed = new byte[message.length + 2];
        framed[0] = (byte) (message.length >>> 8);
        framed[1] = (byte) message.length;
        System.arraycopy(message, 0, framed, 2, message.length);
        return framed;
    }
}
