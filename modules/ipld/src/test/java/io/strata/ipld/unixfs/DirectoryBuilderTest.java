package io.strata.ipld.unixfs;

import io.strata.ipld.IpldException;
import io.strata.ipld.dagpb.DagPb;
import io.strata.ipld.dagpb.PbLink;
import io.strata.ipld.dagpb.PbNode;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.proto.unixfs.UnixFsProtos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectoryBuilderTest {

    private static final Cid EMPTY_DIRECTORY_V0 = Cid.parse("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");

    private final MemoryBlocks blocks = new MemoryBlocks();

    @Test
    void emptyDirectoryHasKubosCids() {
        ImportedNode v0 = new DirectoryBuilder(ImportOptions.defaults(), blocks).build();
        assertEquals(EMPTY_DIRECTORY_V0, v0.cid());
        assertEquals(0, v0.contentSize());
        assertEquals(4, v0.dagSize());
        assertArrayEquals(HexFormat.of().parseHex("0a020801"), blocks.get(v0.cid()));

        ImportedNode v1 = new DirectoryBuilder(ImportOptions.defaults().withCidVersion(1), blocks).build();
        assertEquals(Cid.parse("bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354"), v1.cid());
    }

    @Test
    void plainDirectoryIsOneNodeWithLinksSortedByNameBytes() {
        ImportedNode hello = blocks.rawFile("hello\n");
        ImportedNode world = blocks.rawFile("world, wide\n");
        ImportedNode accented = blocks.rawFile("é");
        ImportedNode directory = new DirectoryBuilder(ImportOptions.defaults(), blocks)
                .add("world.txt", world)
                .add("\u00e9t\u00e9", accented)
                .add("Zebra", hello)
                .add("hello.txt", hello)
                .build();

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (Object[] link : new Object[][] {
            {"Zebra", hello}, {"hello.txt", hello}, {"world.txt", world}, {"\u00e9t\u00e9", accented}}) {
            writeLink(expected, (String) link[0], (ImportedNode) link[1]);
        }
        expected.writeBytes(HexFormat.of().parseHex("0a020801"));
        byte[] block = blocks.get(directory.cid());
        assertArrayEquals(expected.toByteArray(), block);
        assertEquals(0, directory.cid().version());
        assertEquals(block.length + 6 + 6 + 12 + 2, directory.dagSize());
        assertEquals(6 + 6 + 12 + 2, directory.contentSize());
    }

    /** PBLink bytes written out by hand: Hash (0x0a), Name (0x12), Tsize (0x18), wrapped as field 2. */
    private static void writeLink(ByteArrayOutputStream out, String name, ImportedNode target) {
        byte[] hash = target.cid().bytes();
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        assertTrue(hash.length < 128 && nameBytes.length < 128 && target.dagSize() < 128);
        int linkLength = 2 + hash.length + 2 + nameBytes.length + 2;
        out.write(0x12);
        out.write(linkLength);
        out.write(0x0a);
        out.write(hash.length);
        out.writeBytes(hash);
        out.write(0x12);
        out.write(nameBytes.length);
        out.writeBytes(nameBytes);
        out.write(0x18);
        out.write((int) target.dagSize());
    }

    /** go-unixfs hamt_test.go TestDirBuilding: 200 empty directories in a fanout-256 shard. */
    @Test
    void shardOfTwoHundredEmptyDirectoriesMatchesGoUnixfs() {
        ImportedNode empty = new DirectoryBuilder(ImportOptions.defaults(), blocks).build();
        DirectoryBuilder builder = new DirectoryBuilder(ImportOptions.defaults().withHamtShardThreshold(1), blocks);
        for (int i = 0; i < 200; i++) {
            builder.add("DIRNAME" + i, empty);
        }
        assertTrue(builder.isSharded());
        assertEquals(Cid.parse("QmY89TkSEVHykWMHDmyejSWFj9CYNtvzw4UwnT9xbc4Zjc"), builder.build().cid());
    }

    /** Kubo test/sharness/t0260-sharding.sh: 2000 files named fileN holding "N\n". */
    @Test
    void twoThousandFilesMatchKubosShardingTest() {
        DirectoryBuilder unsharded = new DirectoryBuilder(ImportOptions.defaults(), blocks);
        DirectoryBuilder sharded = new DirectoryBuilder(ImportOptions.defaults().withHamtShardThreshold(1), blocks);
        ImportOptions v1 = ImportOptions.defaults().withCidVersion(1).withHamtShardThreshold(1);
        DirectoryBuilder shardedV1 = new DirectoryBuilder(v1, blocks);
        for (int i = 1; i <= 2000; i++) {
            ImportedNode leafFile = blocks.unixFsLeafFile(i + "\n");
            unsharded.add("file" + i, leafFile);
            sharded.add("file" + i, leafFile);
            shardedV1.add("file" + i, blocks.rawFile(i + "\n"));
        }
        assertFalse(unsharded.isSharded(), "2000 short names stay under Kubo's 256 KiB estimate");
        assertEquals(Cid.parse("QmavrTrQG4VhoJmantURAYuw3bowq3E2WcvP36NRQDAC1N"), unsharded.build().cid());
        ImportedNode shardedRoot = sharded.build();
        assertEquals(Cid.parse("QmSCJD1KYLhVVHqBK3YyXuoEqHt7vggyJhzoFYbT8v1XYL"), shardedRoot.cid());
        assertEquals(Cid.parse("bafybeibiemewfzzdyhq2l74wrd6qj2oz42usjlktgnlqv4yfawgouaqn4u"),
                shardedV1.build().cid());

        PathResolver resolver = new PathResolver(blocks);
        assertEquals(Cid.parse("QmZ3RfWk1u5LEGYLHA633B5TNJy3Du27K6Fny9wcxpowGS"),
                resolver.resolve("/ipfs/" + shardedRoot.cid() + "/file100"));
    }

    @Test
    void singleChunkLeafFileHelperMatchesKubo() {
        assertEquals(Cid.parse("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o"),
                blocks.unixFsLeafFile("hello world\n").cid());
    }

    @Test
    void shardsOnlyWhenTheEstimateExceedsTheThreshold() {
        ImportedNode file = blocks.rawFile("x");
        int estimate = 0;
        DirectoryBuilder probe = new DirectoryBuilder(ImportOptions.defaults(), blocks);
        for (int i = 0; i < 10; i++) {
            probe.add("entry" + i, file);
            estimate += ("entry" + i).length() + file.cid().bytes().length;
        }
        assertEquals(estimate, probe.estimatedSize());

        assertFalse(buildWithThreshold(estimate, file).isSharded(), "at the threshold stays plain");
        assertTrue(buildWithThreshold(estimate - 1, file).isSharded(), "one byte over shards");
        assertFalse(buildWithThreshold(0, file).isSharded(), "threshold 0 disables sharding");

        ImportedNode plain = buildWithThreshold(estimate, file).build();
        ImportedNode shard = buildWithThreshold(estimate - 1, file).build();
        assertEquals(UnixFsProtos.Data.DataType.Directory, new DirectoryLister(blocks).typeOf(plain.cid()));
        assertEquals(UnixFsProtos.Data.DataType.HAMTShard, new DirectoryLister(blocks).typeOf(shard.cid()));
    }

    private DirectoryBuilder buildWithThreshold(int threshold, ImportedNode file) {
        DirectoryBuilder builder = new DirectoryBuilder(ImportOptions.defaults().withHamtShardThreshold(threshold),
                blocks);
        for (int i = 0; i < 10; i++) {
            builder.add("entry" + i, file);
        }
        return builder;
    }

    @Test
    void kubosDefaultThresholdShardsALargeDirectory() throws Exception {
        ImportedNode file = blocks.rawFile("content");
        DirectoryBuilder builder = new DirectoryBuilder(ImportOptions.defaults(), blocks);
        int count = 0;
        while (builder.estimatedSize() <= ImportOptions.DEFAULT_HAMT_SHARD_THRESHOLD) {
            assertFalse(builder.isSharded());
            builder.add("a-rather-long-file-name-number-" + count++, file);
        }
        assertTrue(builder.isSharded());
        ImportedNode root = builder.build();
        PbNode node = DagPb.decode(blocks.get(root.cid()));
        UnixFsProtos.Data data = UnixFsProtos.Data.parseFrom(node.data());
        assertEquals(UnixFsProtos.Data.DataType.HAMTShard, data.getType());
        assertEquals(256, data.getFanout());
        assertEquals(0x22, data.getHashType());
        assertEquals(32, data.getData().size(), "with thousands of entries every slot of the root is taken");
        for (PbLink link : node.links()) {
            assertTrue(link.name().matches("[0-9A-F]{2}(a-rather-long-file-name-number-\\d+)?"), link.name());
        }
        assertEquals(count, new DirectoryLister(blocks).list(root.cid()).size());
    }

    @Test
    void shardStructureDoesNotDependOnInsertionOrder() {
        ImportedNode file = blocks.rawFile("same");
        DirectoryBuilder forwards = new DirectoryBuilder(ImportOptions.defaults().withHamtShardThreshold(1), blocks);
        DirectoryBuilder backwards = new DirectoryBuilder(ImportOptions.defaults().withHamtShardThreshold(1), blocks);
        for (int i = 0; i < 3000; i++) {
            forwards.add("n" + i, file);
            backwards.add("n" + (2999 - i), file);
        }
        assertEquals(forwards.build(), backwards.build());
    }

    @Test
    void cidVersionAndHashFollowTheOptions() {
        ImportedNode file = blocks.rawFile("a");
        ImportedNode sha512 = new DirectoryBuilder(ImportOptions.defaults().withHash(Multicodec.SHA2_512), blocks)
                .add("a", file).build();
        assertEquals(1, sha512.cid().version());
        assertEquals(Multicodec.DAG_PB.code(), sha512.cid().codec());
        assertEquals(Multicodec.SHA2_512.code(), sha512.cid().multihash().function());

        ImportedNode v1 = new DirectoryBuilder(ImportOptions.defaults().withCidVersion(1), blocks)
                .add("a", file).build();
        ImportedNode v0 = new DirectoryBuilder(ImportOptions.defaults(), blocks).add("a", file).build();
        assertEquals(v0.cid().toV1(), v1.cid());
    }

    @Test
    void inliningNamesSmallDirectoriesByIdentity() {
        ImportOptions inline = ImportOptions.defaults().withInline(true, 32);
        int before = blocks.cids().size();
        ImportedNode empty = new DirectoryBuilder(inline, blocks).build();
        assertEquals(Multicodec.IDENTITY.code(), empty.cid().multihash().function());
        assertEquals(Multicodec.DAG_PB.code(), empty.cid().codec());
        assertArrayEquals(HexFormat.of().parseHex("0a020801"), empty.cid().multihash().digest());
        assertEquals(before, blocks.cids().size(), "identity blocks are not stored");
        assertEquals(List.of(), new DirectoryLister(blocks).list(empty.cid()));

        ImportedNode large = new DirectoryBuilder(inline, blocks).add("a-long-enough-name", blocks.rawFile("x"))
                .build();
        assertEquals(Multicodec.SHA2_256.code(), large.cid().multihash().function());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "/", "dir/"})
    void rejectsInvalidNames(String name) {
        DirectoryBuilder builder = new DirectoryBuilder(ImportOptions.defaults(), blocks);
        ImportedNode file = blocks.rawFile("x");
        IpldException error = assertThrows(IpldException.class, () -> builder.add(name, file));
        assertEquals(IpldException.Code.UNIXFS_INVALID_NAME, error.code());
    }

    @Test
    void rejectsDuplicateNames() {
        ImportedNode file = blocks.rawFile("x");
        DirectoryBuilder builder = new DirectoryBuilder(ImportOptions.defaults(), blocks).add("same", file);
        IpldException error = assertThrows(IpldException.class, () -> builder.add("same", file));
        assertEquals(IpldException.Code.UNIXFS_INVALID_NAME, error.code());
    }
}
