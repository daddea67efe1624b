package io.strata.libp2p;

import io.strata.multiformats.Varint;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a byte stream into unsigned-varint-length-prefixed messages, the framing of multistream-select,
 * Identify, Bitswap and Kademlia streams. A prefix announcing more than {@code maxLength} bytes fails before
 * any of the message is buffered.
 */
public final class LengthPrefixedReader {

    private static final int MAX_PREFIX_BYTES = 5;

    private final ByteQueue pending = new ByteQueue();
    private final int maxLength;
    private final int[] prefixLength = new int[1];

    public LengthPrefixedReader(int maxLength) {
        this.maxLength = maxLength;
    }

    /** Every message completed by {@code bytes}, in order; a partial one stays buffered for the next call. */
    public List<byte[]> read(byte[] bytes) {
        pending.append(bytes);
        List<byte[]> messages = new ArrayList<>();
        byte[] next;
        while ((next = next()) != null) {
            messages.add(next);
        }
        return messages;
    }

    /** The next complete message already buffered, or null. */
    byte[] next() {
        long length = pending.peekVarint(prefixLength, MAX_PREFIX_BYTES);
        if (length < 0) {
            return null;
        }
        if (length > maxLength) {
            throw new Libp2pException(Libp2pException.Code.MESSAGE_TOO_LARGE,
                    "length prefix announces " + length + " bytes, more than the " + maxLength + " allowed");
        }
        if (pending.size() < prefixLength[0] + length) {
            return null;
        }
        pending.skip(prefixLength[0]);
        return pending.take((int) length);
    }

    void append(byte[] bytes) {
        pending.append(bytes);
    }

    /** Bytes received after the last complete message (for the protocol that follows a negotiation). */
    byte[] remainder() {
        return pending.takeAll();
    }

    /** {@code message} with its unsigned varint length prefix. */
    public static byte[] frame(byte[] message) {
        int prefix = Varint.encodedLength(message.length);
        byte[] framed = new byte[prefix + message.length];
        Varint.write(message.length, framed, 0);
        System.arraycopy(message, 0, framed, prefix, message.length);
        return framed;
    }
}
