package io.strata.ipld.car;

import io.strata.ipld.Block;
import io.strata.ipld.IpldException;
import io.strata.ipld.codec.DagCbor;
import io.strata.ipld.dagpb.DagPb;
import io.strata.ipld.dagpb.PbLink;
import io.strata.ipld.dagpb.PbNode;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.Multihash;
import io.strata.proto.unixfs.UnixFsProtos;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CarExporterTest {

    private final MemoryBlocks blocks = new MemoryBlocks();

    private Cid raw(String text) {
        return blocks.put(Multicodec.RAW, text.getBytes());
    }

    private Cid cbor(Object value) {
        return blocks.put(Multicodec.DAG_CBOR, DagCbor.encode(value));
    }

    private static Map<String, Object> links(Object... cids) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("links", List.of(cids));
        return node;
    }

    private Cid unixFs(UnixFsProtos.Data.DataType type, List<PbLink> links, Long fanout) {
        UnixFsProtos.Data.Builder data = UnixFsProtos.Data.newBuilder().setType(type);
        if (fanout != null) {
            data.setFanout(fanout).setHashType(0x22);
        }
        return blocks.put(Multicodec.DAG_PB, DagPb.encode(DagPb.canonical(links, data.build().toByteArray())));
    }

    private static PbLink link(String name, Cid cid) {
        return new PbLink(cid, name, 1L);
    }

    private List<Cid> export(Cid root, DagScope scope, boolean duplicates) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CarWriter writer = CarWriter.create(out, List.of(root))) {
            new CarExporter(blocks, writer, duplicates).writeDag(root, scope);
        }
        return readBack(out.toByteArray(), root);
    }

    /** Reads the CAR back (verifying every block) and returns its CIDs in order. */
    private static List<Cid> readBack(byte[] car, Cid root) throws IOException {
        List<Cid> cids = new ArrayList<>();
        try (CarReader reader = CarReader.open(new ByteArrayInputStream(car))) {
            assertEquals(List.of(root), reader.roots());
            for (Optional<Block> block = reader.next(); block.isPresent(); block = reader.next()) {
                cids.add(block.get().cid());
            }
        }
        return cids;
    }

    @Test
    void depthFirstEachBlockOnceInLinkOrder() throws IOException {
        Cid c = raw("c");
        Cid d = raw("d");
        Cid a = cbor(links(c));
        Cid b = cbor(links(c, d));
        Cid root = cbor(links(a, b));
        assertEquals(List.of(root, a, c, b, d), export(root, DagScope.ALL, false));
    }

    @Test
    void withDuplicatesEveryVisitIsWritten() throws IOException {
        Cid c = raw("c");
        Cid d = raw("d");
        Cid a = cbor(links(c));
        Cid b = cbor(links(c, d, a));
        Cid root = cbor(links(a, b));
        assertEquals(List.of(root, a, c, b, c, d, a, c), export(root, DagScope.ALL, true));
    }

    @Test
    void blockScopeWritesOnlyTheRoot() throws IOException {
        Cid root = cbor(links(raw("x"), raw("y")));
        assertEquals(List.of(root), export(root, DagScope.BLOCK, false));
    }

    @Test
    void identityBlocksAreNeverWrittenButTheirLinksAreFollowed() throws IOException {
        Cid hidden = raw("behind an inline node");
        Cid inlineNode = Cid.v1(Multicodec.DAG_CBOR, Multihash.of(Multicodec.IDENTITY, DagCbor.encode(links(hidden))));
        Cid inlineLeaf = Cid.v1(Multicodec.RAW, Multihash.of(Multicodec.IDENTITY, "tiny".getBytes()));
        Cid root = cbor(links(inlineLeaf, inlineNode));
        assertEquals(List.of(root, hidden), export(root, DagScope.ALL, false));
        assertEquals(List.of(hidden), export(inlineNode, DagScope.ALL, false), "an inline root is not written either");
    }

    @Test
    void entityOfAUnixFsFileIsTheWholeFile() throws IOException {
        Cid leaf1 = raw("chunk one");
        Cid leaf2 = raw("chunk two");
        Cid inner = unixFs(UnixFsProtos.Data.DataType.File, List.of(link("", leaf2)), null);
        Cid file = unixFs(UnixFsProtos.Data.DataType.File, List.of(link("", leaf1), link("", inner)), null);
        assertEquals(List.of(file, leaf1, inner, leaf2), export(file, DagScope.ENTITY, false));
    }

    @Test
    void entityOfADirectoryIsTheDirectoryNodeAlone() throws IOException {
        Cid file = unixFs(UnixFsProtos.Data.DataType.File, List.of(link("", raw("content"))), null);
        Cid directory = unixFs(UnixFsProtos.Data.DataType.Directory, List.of(link("a.txt", file)), null);
        assertEquals(List.of(directory), export(directory, DagScope.ENTITY, false));
        assertEquals(3, export(directory, DagScope.ALL, false).size());
    }

    @Test
    void entityOfAShardedDirectoryIsItsShardNodes() throws IOException {
        Cid entryFile = unixFs(UnixFsProtos.Data.DataType.File, List.of(link("", raw("x"))), null);
        Cid deepEntry = unixFs(UnixFsProtos.Data.DataType.File, List.of(link("", raw("y"))), null);
        Cid subShard = unixFs(UnixFsProtos.Data.DataType.HAMTShard, List.of(link("1Fdeep.txt", deepEntry)), 256L);
        Cid shard = unixFs(UnixFsProtos.Data.DataType.HAMTShard,
                List.of(link("0Afile.txt", entryFile), link("C3", subShard)), 256L);
        assertEquals(List.of(shard, subShard), export(shard, DagScope.ENTITY, false));
    }

    @Test
    void entityOfNonUnixFsDataIsTheBlock() throws IOException {
        Cid root = cbor(links(raw("child")));
        assertEquals(List.of(root), export(root, DagScope.ENTITY, false));
        Cid bare = blocks.put(Multicodec.DAG_PB, DagPb.encode(new PbNode(List.of(link("x", raw("z"))), null)));
        assertEquals(List.of(bare), export(bare, DagScope.ENTITY, false));
    }

    private Cid fileNode(List<PbLink> links, long... blockSizes) {
        UnixFsProtos.Data.Builder data = UnixFsProtos.Data.newBuilder().setType(UnixFsProtos.Data.DataType.File);
        long total = 0;
        for (long size : blockSizes) {
            data.addBlocksizes(size);
            total += size;
        }
        data.setFilesize(total);
        return blocks.put(Multicodec.DAG_PB, DagPb.encode(new PbNode(links, data.build().toByteArray())));
    }

    private List<Cid> exportRange(Cid root, long from, Long to) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CarWriter writer = CarWriter.create(out, List.of(root))) {
            new CarExporter(blocks, writer, false).writeEntityBytes(root, from, to);
        }
        return readBack(out.toByteArray(), root);
    }

    @Test
    void entityBytesWritesOnlyTheBlocksHoldingTheRange() throws IOException {
        Cid first = raw("aaaa");
        Cid innerA = raw("bx");
        Cid innerB = raw("by");
        Cid inner = fileNode(List.of(link("", innerA), link("", innerB)), 2, 2);
        Cid last = raw("cccc");
        Cid file = fileNode(List.of(link("", first), link("", inner), link("", last)), 4, 4, 4);
        assertEquals(List.of(file, first), exportRange(file, 0, 3L));
        assertEquals(List.of(file, inner, innerA), exportRange(file, 5, 5L));
        assertEquals(List.of(file, first, inner, innerA, innerB), exportRange(file, 3, 6L));
        assertEquals(List.of(file, last), exportRange(file, -2, null), "the last two bytes");
        assertEquals(List.of(file, inner, innerB, last), exportRange(file, 6, -1L), "to counts back from the end");
        assertEquals(List.of(file, first, inner, innerA, innerB, last), exportRange(file, 0, null));
        assertEquals(List.of(file), exportRange(file, 20, 30L), "a range past the end gives the root alone");
        Cid directory = unixFs(UnixFsProtos.Data.DataType.Directory, List.of(link("f", file)), null);
        assertEquals(List.of(directory), exportRange(directory, 0, 3L), "not a file: same as dag-scope=entity");
    }

    @Test
    void pathBlocksWrittenFirstAreNotRepeated() throws IOException {
        Cid leaf = raw("leaf");
        Cid terminal = cbor(links(leaf));
        Cid parent = cbor(links(terminal));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CarWriter writer = CarWriter.create(out, List.of(parent))) {
            CarExporter exporter = new CarExporter(blocks, writer, false);
            exporter.writeBlock(parent);
            exporter.writeDag(terminal, DagScope.ALL);
            exporter.writeDag(parent, DagScope.ALL);
        }
        assertEquals(List.of(parent, terminal, leaf), readBack(out.toByteArray(), parent));
    }

    @Test
    void theStaticExportWritesAHeaderWithTheRoot() throws IOException {
        Cid root = cbor(links(raw("one")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CarExporter.export(blocks, root, DagScope.ALL, out);
        assertEquals(2, readBack(out.toByteArray(), root).size());
    }

    @Test
    void aMissingBlockStopsTheExport() {
        Cid missing = raw("gone");
        Cid root = cbor(links(missing));
        blocks.remove(missing);
        IpldException error = assertThrows(IpldException.class,
                () -> CarExporter.export(blocks, root, DagScope.ALL, new ByteArrayOutputStream()));
        assertEquals(IpldException.Code.BLOCK_NOT_FOUND, error.code());
    }

    @Test
    void dagScopeParameters() {
        assertEquals(DagScope.ENTITY, DagScope.fromParameter("entity"));
        assertEquals("all", DagScope.ALL.parameter());
        assertEquals(IpldException.Code.UNSUPPORTED,
                assertThrows(IpldException.class, () -> DagScope.fromParameter("everything")).code());
    }
}
