package io.strata.ipld.unixfs;

import com.google.protobuf.ByteString;
import io.strata.ipld.Block;
import io.strata.ipld.BlockGetter;
import io.strata.ipld.BlockSink;
import io.strata.ipld.IpldException;
import io.strata.ipld.dagpb.DagPb;
import io.strata.ipld.dagpb.PbNode;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.Multihash;
import io.strata.proto.unixfs.UnixFsProtos;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An in-memory block store for tests that checks every block it is given: the bytes hash to the CID,
 * and dag-pb blocks decode and re-encode to the very same bytes.
 */
final class MemoryBlocks implements BlockSink, BlockGetter {

    final Map<Cid, byte[]> blocks = new LinkedHashMap<>();
    final AtomicInteger gets = new AtomicInteger();

    @Override
    public void put(Block block) {
        assertTrue(block.verify(), () -> "block does not hash to " + block.cid());
        if (block.cid().codec() == Multicodec.DAG_PB.code()) {
            PbNode node = DagPb.decode(block.data());
            assertArrayEquals(block.data(), DagPb.encode(node), () -> block.cid() + " does not re-encode identically");
        }
        blocks.put(block.cid(), block.data());
    }

    @Override
    public byte[] get(Cid cid) {
        gets.incrementAndGet();
        byte[] data = blocks.get(cid);
        if (data == null) {
            throw new IpldException(IpldException.Code.BLOCK_NOT_FOUND, "no block " + cid);
        }
        return data;
    }

    Set<Cid> cids() {
        return blocks.keySet();
    }

    /** A file stored as one raw block, as {@code ipfs add --raw-leaves} stores a small file. */
    ImportedNode rawFile(byte[] content) {
        Cid cid = Cid.of(Multicodec.RAW, Multicodec.SHA2_256, content);
        put(new Block(cid, content));
        return new ImportedNode(cid, content.length, content.length);
    }

    ImportedNode rawFile(String content) {
        return rawFile(content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A single-chunk file as Kubo writes it with UnixFS leaves and CIDv0: a dag-pb node whose Data is
     * UnixFS {Type=File, Data=content, filesize}.
     */
    ImportedNode unixFsLeafFile(String text) {
        byte[] content = text.getBytes(StandardCharsets.UTF_8);
        byte[] data = UnixFsProtos.Data.newBuilder().setType(UnixFsProtos.Data.DataType.File)
                .setData(ByteString.copyFrom(content)).setFilesize(content.length).build().toByteArray();
        byte[] block = DagPb.encode(new PbNode(List.of(), data));
        Cid cid = Cid.v0(Multihash.sha256(block));
        put(new Block(cid, block));
        return new ImportedNode(cid, content.length, block.length);
    }
}
