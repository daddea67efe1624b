package io.strata.bitswap.verticle;

import com.google.protobuf.CodedOutputStream;
import io.strata.proto.bitswap.BitswapProtos;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Carries a Bitswap message between nodes as exactly its protobuf bytes, framed as Vert.x' own {@link Buffer}
 * codec frames them, minus two copies of every payload byte: the sender's protobuf is written straight into
 * the event bus' wire buffer (instead of being serialized to an array that is then appended), and the receiver
 * gets a slice of the frame it read (instead of a copy of it). Receivers therefore see a {@code Buffer} body
 * whichever codec the sender used. Every node that sends or receives Bitswap messages registers it
 * ({@link #registerOn}); the frame names the codec, so a node without it cannot read such a message.
 */
public final class BitswapWireCodec implements MessageCodec<BitswapProtos.Message, Buffer> {

    public static final String NAME = "strata.bitswap.protobuf";
    /** Protobuf's staging buffer for small fields; block data bypasses it. */
    private static final int SMALL_FIELD_BUFFER = 4096;

    /** Registers the codec unless this Vert.x instance already has it. */
    public static void registerOn(Vertx vertx) {
        synchronized (BitswapWireCodec.class) {
            try {
                vertx.eventBus().registerCodec(new BitswapWireCodec());
            } catch (IllegalStateException alreadyRegistered) {
                // Another verticle on this instance registered it first.
            }
        }
    }

    @Override
    public void encodeToWire(Buffer buffer, BitswapProtos.Message message) {
        int size = message.getSerializedSize();
        buffer.appendInt(size);
        int start = buffer.length();
        if (size == 0) {
            return;
        }
        // Setting the last byte grows the buffer once to its final length, rather than by doubling as appends would.
        buffer.setByte(start + size - 1, (byte) 0);
        try {
            CodedOutputStream output = CodedOutputStream.newInstance(new BufferWriter(buffer, start), SMALL_FIELD_BUFFER);
            message.writeTo(output);
            output.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing a Bitswap message into an event-bus buffer", e);
        }
    }

    @Override
    public Buffer decodeFromWire(int position, Buffer buffer) {
        int size = buffer.getInt(position);
        return buffer.slice(position + 4, position + 4 + size);
    }

    @Override
    public Buffer transform(BitswapProtos.Message message) {
        return Buffer.buffer(message.toByteArray());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }

    /** Writes into a buffer region already sized for the whole message. */
    private static final class BufferWriter extends OutputStream {
        private final Buffer buffer;
        private int position;

        BufferWriter(Buffer buffer, int position) {
            this.buffer = buffer;
            this.position = position;
        }

        @Override
        public void write(int b) {
            buffer.setByte(position++, (byte) b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            buffer.setBytes(position, bytes, offset, length);
            position += length;
        }
    }
}
