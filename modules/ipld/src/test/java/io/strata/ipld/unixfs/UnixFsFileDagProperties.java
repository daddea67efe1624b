package io.strata.ipld.unixfs;

import io.strata.ipld.Block;
import io.strata.ipld.dagpb.DagPb;
import io.strata.ipld.dagpb.PbLink;
import io.strata.ipld.dagpb.PbNode;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.proto.unixfs.UnixFsProtos;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Invariants of every file DAG the importer builds, over small chunk sizes and fan-outs so that sizes
 * around chunk and fan-out boundaries reach trees several levels deep.
 */
class UnixFsFileDagProperties {

    record Case(ImportOptions options, byte[] content) {
        @Override
        public String toString() {
            return options + " size=" + content.length;
        }
    }

    @Provide
    Arbitrary<Case> imports() {
        Arbitrary<Integer> chunkSizes = Arbitraries.integers().between(1, 64);
        Arbitrary<Integer> maxLinks = Arbitraries.integers().between(2, 6);
        Arbitrary<Layout> layouts = Arbitraries.of(Layout.class);
        Arbitrary<Boolean> rawLeaves = Arbitraries.of(Boolean.TRUE, Boolean.FALSE, null);
        Arbitrary<Integer> versions = Arbitraries.of(0, 1);
        Arbitrary<Multicodec> hashes = Arbitraries.of(Multicodec.SHA2_256, Multicodec.SHA2_256,
                Multicodec.SHA2_512, Multicodec.BLAKE2B_256, Multicodec.BLAKE3);
        Arbitrary<Boolean> inline = Arbitraries.of(false, false, true);
        Arbitrary<ImportOptions> options = Combinators.combine(chunkSizes, maxLinks, layouts, rawLeaves, versions,
                hashes, inline).as((chunk, links, layout, raw, version, hash, inl) -> ImportOptions.defaults()
                .withCidVersion(version).withRawLeaves(raw).withChunkSize(chunk).withMaxLinks(links)
                .withLayout(layout).withHash(hash).withInline(inl, 40));
        return Combinators.combine(options, Arbitraries.integers().between(0, 3000), Arbitraries.longs())
                .as((opts, size, seed) -> new Case(opts, randomBytes(size, seed)));
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Property(tries = 300)
    void everyBlockIsCanonicalVerifiesAndComesAfterItsChildren(@ForAll("imports") Case c) {
        RecordingBlocks blocks = new RecordingBlocks();
        ImportedNode root = new UnixFsImporter(c.options()).importBytes(c.content(), blocks);

        Set<Cid> seen = new HashSet<>();
        Map<Cid, Long> dagSizes = new HashMap<>();
        for (Block block : blocks.received) {
            assertTrue(block.verify(), "block does not hash to its CID " + block.cid());
            assertTrue(block.cid().multihash().function() != Multicodec.IDENTITY.code());
            long dagSize = block.size();
            if (block.cid().codec() == Multicodec.DAG_PB.code()) {
                PbNode node = DagPb.decode(block.data());
                assertArrayEquals(block.data(), DagPb.encode(node));
                for (PbLink link : node.links()) {
                    assertEquals("", link.name());
                    if (link.hash().multihash().function() != Multicodec.IDENTITY.code()) {
                        assertTrue(seen.contains(link.hash()), "parent sent before its child " + link.hash());
                        assertEquals(dagSizes.get(link.hash()), link.tsize(), "Tsize is the child's DAG size");
                    }
                    dagSize += link.tsize();
                }
            } else {
                assertEquals(Multicodec.RAW.code(), block.cid().codec());
            }
            seen.add(block.cid());
            dagSizes.put(block.cid(), dagSize);
        }
        assertEquals(c.content().length, root.contentSize());
        if (root.cid().multihash().function() != Multicodec.IDENTITY.code()) {
            assertEquals(root.cid(), blocks.received.get(blocks.received.size() - 1).cid(), "root comes last");
            assertEquals(dagSizes.get(root.cid()), root.dagSize());
        }
    }

    @Property(tries = 300)
    void cidsFollowKubosVersionAndLeafRules(@ForAll("imports") Case c) {
        RecordingBlocks blocks = new RecordingBlocks();
        ImportOptions options = c.options();
        new UnixFsImporter(options).importBytes(c.content(), blocks);
        for (Block block : blocks.received) {
            Cid cid = block.cid();
            assertEquals(options.hash().code(), cid.multihash().function());
            if (cid.codec() == Multicodec.RAW.code()) {
                assertTrue(options.effectiveRawLeaves());
                assertEquals(1, cid.version());
            } else {
                assertEquals(options.cidVersion(), cid.version());
            }
            assertTrue(!options.inline() || block.size() > options.inlineLimit());
        }
    }

    @Property(tries = 200)
    void leavesMatchTheGenericEncoders(@ForAll("imports") Case c) {
        RecordingBlocks blocks = new RecordingBlocks();
        new UnixFsImporter(c.options().withInline(false, 0)).importBytes(c.content(), blocks);
        UnixFsProtos.Data.DataType leafType = c.options().layout() == Layout.TRICKLE
                ? UnixFsProtos.Data.DataType.Raw : UnixFsProtos.Data.DataType.File;
        for (Block block : blocks.received) {
            if (block.cid().codec() != Multicodec.DAG_PB.code()) {
                continue;
            }
            PbNode node = DagPb.decode(block.data());
            UnixFsProtos.Data data = FileDagReader.unixFsData(block.cid(), node);
            if (node.links().isEmpty() && data.hasData()) {
                assertEquals(leafType, data.getType());
                byte[] expected = DagPb.encode(new PbNode(java.util.List.of(), UnixFsProtos.Data.newBuilder()
                        .setType(leafType).setData(data.getData()).setFilesize(data.getData().size())
                        .build().toByteArray()));
                assertArrayEquals(expected, block.data());
            } else {
                assertEquals(UnixFsProtos.Data.DataType.File, data.getType());
                assertTrue(!data.hasData());
                assertEquals(node.links().size(), data.getBlocksizesCount());
            }
        }
    }

    @Property(tries = 400)
    void exporterReturnsAnyRangeOfTheOriginal(@ForAll("imports") Case c,
                                              @ForAll long offsetSeed, @ForAll long lengthSeed) throws IOException {
        RecordingBlocks blocks = new RecordingBlocks();
        ImportedNode root = new UnixFsImporter(c.options()).importBytes(c.content(), blocks);
        UnixFsExporter exporter = new UnixFsExporter(blocks);
        byte[] content = c.content();

        assertArrayEquals(content, exporter.open(root.cid()).readAllBytes());
        assertEquals(content.length, exporter.size(root.cid()));

        int offset = (int) Math.floorMod(offsetSeed, content.length + 2L);
        long length = lengthSeed % 3 == 0 ? -1 : Math.floorMod(lengthSeed, content.length + 2L);
        int from = Math.min(offset, content.length);
        int to = length == -1 ? content.length : (int) Math.min(content.length, offset + length);
        byte[] expected = java.util.Arrays.copyOfRange(content, from, Math.max(from, to));

        try (InputStream in = exporter.open(root.cid(), offset, length)) {
            assertArrayEquals(expected, readInSmallPieces(in, lengthSeed));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(expected.length, exporter.writeTo(root.cid(), offset, length, out));
        assertArrayEquals(expected, out.toByteArray());
    }

    private static byte[] readInSmallPieces(InputStream in, long seed) throws IOException {
        Random random = new Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[97];
        while (true) {
            if (random.nextInt(8) == 0) {
                int single = in.read();
                if (single < 0) {
                    return out.toByteArray();
                }
                out.write(single);
                continue;
            }
            int read = in.read(buffer, 0, 1 + random.nextInt(buffer.length));
            if (read < 0) {
                return out.toByteArray();
            }
            out.write(buffer, 0, read);
        }
    }
}
