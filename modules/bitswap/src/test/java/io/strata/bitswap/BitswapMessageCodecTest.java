package io.strata.bitswap;

import com.google.protobuf.ByteString;
import io.strata.ipld.Block;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.Multihash;
import io.strata.proto.bitswap.BitswapProtos;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BitswapMessageCodecTest {

    private static final byte[] HELLO = "hello world".getBytes(StandardCharsets.US_ASCII);

    @Test
    void payloadPrefixIsVersionCodecHashAndLength() {
        // raw (0x55), sha2-256 (0x12), 32 bytes: the prefix the spec shows for a CIDv1 raw block
        assertArrayEquals(new byte[] {0x01, 0x55, 0x12, 0x20},
                BitswapMessageCodec.prefix(Cid.of(Multicodec.RAW, Multicodec.SHA2_256, HELLO)));
        assertArrayEquals(new byte[] {0x00, 0x70, 0x12, 0x20},
                BitswapMessageCodec.prefix(Cid.v0(Multihash.sha256(HELLO))));
    }

    @Test
    void receiverRebuildsTheCidByHashingTheData() {
        Cid cid = BitswapMessageCodec.cidOf(new byte[] {0x01, 0x55, 0x12, 0x20}, HELLO, "test");
        // the well-known CID of "hello world" as a raw block (ipfs add --raw-leaves --cid-version 1)
        assertEquals("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e", cid.toString());
    }

    @Test
    void bitswap100BlocksAreNamedByCidV0() {
        byte[] bytes = BitswapProtos.Message.newBuilder().addBlocks(ByteString.copyFrom(HELLO)).build().toByteArray();
        Block block = BitswapMessageCodec.decode(bytes).blocks().get(0);
        assertEquals("QmaozNR7DZHQK1ZcU9p7QdrshMvXqWK6gpu5rmrkPdT3L4", block.cid().toString());
    }

    @Test
    void oversizeMessageIsRefusedBeforeParsing() {
        byte[] huge = new byte[BitswapMessage.MAX_MESSAGE_BYTES + 1];
        BitswapException e = assertThrows(BitswapException.class, () -> BitswapMessageCodec.decode(huge));
        assertEquals(BitswapException.Code.MESSAGE_TOO_LARGE, e.code());
    }

    @Test
    void oversizeBlockIsRefusedOnDecodeAndOnEncode() {
        byte[] data = new byte[BitswapMessage.MAX_BLOCK_BYTES + 1];
        byte[] bytes = BitswapProtos.Message.newBuilder().addPayload(BitswapProtos.Message.Block.newBuilder()
                .setPrefix(ByteString.copyFrom(new byte[] {0x01, 0x55, 0x12, 0x20}))
                .setData(ByteString.copyFrom(data))).build().toByteArray();
        assertEquals(BitswapException.Code.BLOCK_TOO_LARGE,
                assertThrows(BitswapException.class, () -> BitswapMessageCodec.decode(bytes)).code());

        Block block = new Block(Cid.of(Multicodec.RAW, Multicodec.SHA2_256, data), data);
        BitswapMessage message = new BitswapMessage(List.of(), false, List.of(block), List.of(), 0);
        assertEquals(BitswapException.Code.BLOCK_TOO_LARGE,
                assertThrows(BitswapException.class, () -> BitswapMessageCodec.encode(message)).code());
    }

    @Test
    void messageOverTheLimitIsNotEncoded() {
        byte[] a = new byte[BitswapMessage.MAX_BLOCK_BYTES];
        byte[] b = new byte[BitswapMessage.MAX_BLOCK_BYTES];
        b[0] = 1;
        List<Block> blocks = List.of(new Block(Cid.of(Multicodec.RAW, Multicodec.SHA2_256, a), a),
                new Block(Cid.of(Multicodec.RAW, Multicodec.SHA2_256, b), b));
        BitswapMessage message = new BitswapMessage(List.of(), false, blocks, List.of(), 0);
        assertEquals(BitswapException.Code.MESSAGE_TOO_LARGE,
                assertThrows(BitswapException.class, () -> BitswapMessageCodec.encode(message)).code());
    }

    @Test
    void bytesThatDoNotMatchTheirClaimedCidAreRejected() {
        Cid claimed = Cid.of(Multicodec.RAW, Multicodec.SHA2_256, HELLO);
        BitswapException e = assertThrows(BitswapException.class,
                () -> BitswapMessageCodec.verify(claimed, "hello worle".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(BitswapException.Code.BLOCK_HASH_MISMATCH, e.code());

        // identity "hash": the prefix claims 5 bytes, the block carries 11
        BitswapException identity = assertThrows(BitswapException.class,
                () -> BitswapMessageCodec.cidOf(new byte[] {0x01, 0x55, 0x00, 0x05}, HELLO, "payload[0]"));
        assertEquals(BitswapException.Code.BLOCK_HASH_MISMATCH, identity.code());
    }

    @Test
    void malformedPrefixesAndCidsHavePreciseCodes() {
        assertEquals(BitswapException.Code.MALFORMED_PREFIX, assertThrows(BitswapException.class,
                () -> BitswapMessageCodec.cidOf(new byte[] {0x01, 0x55, 0x12}, HELLO, "p")).code());
        assertEquals(BitswapException.Code.MALFORMED_PREFIX, assertThrows(BitswapException.class,
                () -> BitswapMessageCodec.cidOf(new byte[] {0x01, 0x55, 0x12, 0x21}, HELLO, "p")).code());
        assertEquals(BitswapException.Code.MALFORMED_PREFIX, assertThrows(BitswapException.class,
                () -> BitswapMessageCodec.cidOf(new byte[] {0x00, 0x55, 0x12, 0x20}, HELLO, "p")).code());
        assertEquals(BitswapException.Code.UNSUPPORTED_HASH, assertThrows(BitswapException.class,
                () -> BitswapMessageCodec.cidOf(new byte[] {0x01, 0x55, 0x7f, 0x20}, HELLO, "p")).code());

        byte[] badCid = BitswapProtos.Message.newBuilder().setWantlist(BitswapProtos.Message.Wantlist.newBuilder()
                .addEntries(BitswapProtos.Message.Wantlist.Entry.newBuilder()
                        .setBlock(ByteString.copyFrom(new byte[] {0x01, 0x55})))).build().toByteArray();
        assertEquals(BitswapException.Code.MALFORMED_CID,
                assertThrows(BitswapException.class, () -> BitswapMessageCodec.decode(badCid)).code());
    }

    @Test
    void unknownWantTypeIsMalformed() {
        Cid cid = Cid.of(Multicodec.RAW, Multicodec.SHA2_256, HELLO);
        byte[] bytes = BitswapProtos.Message.newBuilder().setWantlist(BitswapProtos.Message.Wantlist.newBuilder()
                .addEntries(BitswapProtos.Message.Wantlist.Entry.newBuilder()
                        .setBlock(ByteString.copyFrom(cid.bytes())).setWantTypeValue(7))).build().toByteArray();
        assertEquals(BitswapException.Code.MALFORMED_MESSAGE,
                assertThrows(BitswapException.class, () -> BitswapMessageCodec.decode(bytes)).code());
    }
}
