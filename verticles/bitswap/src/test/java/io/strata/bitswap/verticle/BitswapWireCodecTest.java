package io.strata.bitswap.verticle;

import io.strata.bitswap.BitswapMessage;
import io.strata.bitswap.BitswapMessageCodec;
import io.strata.bitswap.PresenceType;
import io.strata.bitswap.WantType;
import io.strata.ipld.Block;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class BitswapWireCodecTest {

    private final BitswapWireCodec codec = new BitswapWireCodec();

    private static Block block(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return new Block(Cid.of(Multicodec.RAW, Multicodec.SHA2_256, data), data);
    }

    private static BitswapMessage message() {
        Block small = block(100, 1);
        Block large = block(300_000, 2);
        return new BitswapMessage(List.of(BitswapMessage.Entry.want(small.cid(), 3, WantType.HAVE, true)), false,
                List.of(small, large), List.of(new BitswapMessage.Presence(block(10, 3).cid(), PresenceType.DONT_HAVE)), 0);
    }

    @Test
    void theFrameCarriesExactlyTheProtobufBytesAfterWhateverTheEventBusWroteBefore() {
        BitswapMessage message = message();
        Buffer wire = Buffer.buffer().appendString("event-bus headers");
        int position = wire.length();

        codec.encodeToWire(wire, BitswapMessageCodec.toProto(message));

        byte[] expected = BitswapMessageCodec.encode(message);
        assertEquals(position + 4 + expected.length, wire.length());
        assertEquals(expected.length, wire.getInt(position), "length prefix, as Vert.x' Buffer codec writes it");
        assertArrayEquals(expected, codec.decodeFromWire(position, wire).getBytes());
    }

    @Test
    void anEmptyMessageIsAnEmptyBody() {
        Buffer wire = Buffer.buffer();
        codec.encodeToWire(wire, BitswapMessageCodec.toProto(BitswapMessage.wants(List.of(), false)));
        assertEquals(0, codec.decodeFromWire(0, wire).length());
    }

    @Test
    void theReceivedBodyDecodesToTheSentMessage() {
        BitswapMessage message = message();
        Buffer wire = Buffer.buffer();
        codec.encodeToWire(wire, BitswapMessageCodec.toProto(message));

        BitswapMessage decoded = BitswapMessageCodec.decode(codec.decodeFromWire(0, wire).getBytes());
        assertEquals(message.wantlist(), decoded.wantlist());
        assertEquals(message.presences(), decoded.presences());
        assertEquals(message.blocks().stream().map(Block::cid).toList(), decoded.blocks().stream().map(Block::cid).toList());
    }

    @Test
    void aLocalDeliveryGetsTheSameBytes() {
        BitswapMessage message = message();
        assertArrayEquals(BitswapMessageCodec.encode(message), codec.transform(BitswapMessageCodec.toProto(message)).getBytes());
    }
}
