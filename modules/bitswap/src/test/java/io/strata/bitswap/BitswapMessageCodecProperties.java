package io.strata.bitswap;

import io.strata.ipld.Block;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.Multihash;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BitswapMessageCodecProperties {

    @Property(tries = 300)
    void roundTripKeepsEveryField(@ForAll("messages") BitswapMessage message) {
        BitswapMessage decoded = BitswapMessageCodec.decode(BitswapMessageCodec.encode(message));
        assertEquals(message.wantlist(), decoded.wantlist());
        assertEquals(message.fullWantlist(), decoded.fullWantlist());
        assertEquals(message.presences(), decoded.presences());
        assertEquals(message.pendingBytes(), decoded.pendingBytes());
        assertEquals(message.blocks().size(), decoded.blocks().size());
        for (int i = 0; i < message.blocks().size(); i++) {
            assertEquals(message.blocks().get(i).cid(), decoded.blocks().get(i).cid());
            assertArrayEquals(message.blocks().get(i).data(), decoded.blocks().get(i).data());
        }
    }

    @Property(tries = 300)
    void decodingInPlaceFromAnyBufferEqualsDecodingTheBytesAndKeepsNothingOfTheBuffer(
            @ForAll("messages") BitswapMessage message, @ForAll boolean direct) {
        byte[] encoded = BitswapMessageCodec.encode(message);
        ByteBuffer frame = direct ? ByteBuffer.allocateDirect(encoded.length + 7) : ByteBuffer.allocate(encoded.length + 7);
        frame.position(3);
        frame.put(encoded);
        frame.position(3).limit(3 + encoded.length);
        ByteBuffer body = frame.slice();

        BitswapMessage decoded = BitswapMessageCodec.decode(body);
        assertEquals(0, body.position(), "the buffer's position is left alone");
        frame.clear();
        while (frame.hasRemaining()) {
            frame.put((byte) 0x5a);
        }
        BitswapMessage expected = BitswapMessageCodec.decode(encoded);
        assertEquals(expected.wantlist(), decoded.wantlist());
        assertEquals(expected.presences(), decoded.presences());
        assertEquals(expected.blocks().size(), decoded.blocks().size());
        for (int i = 0; i < expected.blocks().size(); i++) {
            assertEquals(expected.blocks().get(i).cid(), decoded.blocks().get(i).cid());
            assertArrayEquals(expected.blocks().get(i).data(), decoded.blocks().get(i).data(),
                    "block data was copied out, so overwriting the buffer does not change it");
        }
    }

    @Property(tries = 300)
    void truncatedMessagesDecodeOrFailWithBitswapException(@ForAll("messages") BitswapMessage message,
                                                           @ForAll double cutFraction) {
        byte[] encoded = BitswapMessageCodec.encode(message);
        int cut = (int) (Math.abs(cutFraction) % 1.0 * encoded.length);
        decodeOnlyFailsCleanly(Arrays.copyOf(encoded, cut));
    }

    @Property(tries = 1000)
    void garbageNeverThrowsAnythingButBitswapException(@ForAll byte[] garbage) {
        decodeOnlyFailsCleanly(garbage);
    }

    @Property(tries = 300)
    void flippedBytesNeverThrowAnythingButBitswapException(@ForAll("messages") BitswapMessage message,
                                                           @ForAll int position, @ForAll byte mask) {
        byte[] encoded = BitswapMessageCodec.encode(message);
        if (encoded.length == 0) {
            return;
        }
        encoded[Math.floorMod(position, encoded.length)] ^= (byte) (mask | 1);
        decodeOnlyFailsCleanly(encoded);
    }

    private static void decodeOnlyFailsCleanly(byte[] bytes) {
        try {
            BitswapMessage decoded = BitswapMessageCodec.decode(bytes);
            for (Block block : decoded.blocks()) {
                assertTrue(block.verify(), "decoded block " + block.cid() + " matches its CID");
            }
        } catch (BitswapException expected) {
            assertNotNull(expected.code());
        }
    }

    @Provide
    Arbitrary<BitswapMessage> messages() {
        Arbitrary<List<BitswapMessage.Entry>> entries = entry().list().ofMaxSize(6);
        Arbitrary<List<Block>> blocks = block().list().ofMaxSize(4);
        Arbitrary<List<BitswapMessage.Presence>> presences = Combinators.combine(cid(),
                Arbitraries.of(PresenceType.class)).as(BitswapMessage.Presence::new).list().ofMaxSize(5);
        return Combinators.combine(entries, Arbitraries.of(true, false), blocks, presences,
                Arbitraries.integers().greaterOrEqual(0)).as(BitswapMessage::new);
    }

    private Arbitrary<BitswapMessage.Entry> entry() {
        return Combinators.combine(cid(), Arbitraries.integers(), Arbitraries.of(true, false),
                Arbitraries.of(WantType.class), Arbitraries.of(true, false)).as(BitswapMessage.Entry::new);
    }

    private Arbitrary<Block> block() {
        return Combinators.combine(Arbitraries.bytes().array(byte[].class).ofMaxSize(600),
                Arbitraries.of(0, 1, 2, 3)).as((data, kind) -> new Block(cidFor(data, kind), data));
    }

    private Arbitrary<Cid> cid() {
        return Combinators.combine(Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
                Arbitraries.of(0, 1, 2, 3)).as(BitswapMessageCodecProperties::cidFor);
    }

    private static Cid cidFor(byte[] data, int kind) {
        return switch (kind) {
            case 0 -> Cid.v0(Multihash.sha256(data));
            case 1 -> Cid.of(Multicodec.RAW, Multicodec.SHA2_256, data);
            case 2 -> Cid.of(Multicodec.DAG_CBOR, Multicodec.BLAKE3, data);
            default -> Cid.of(Multicodec.DAG_PB, Multicodec.SHA2_512, data);
        };
    }
}
