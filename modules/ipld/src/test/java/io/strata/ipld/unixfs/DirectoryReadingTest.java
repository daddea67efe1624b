package io.strata.ipld.unixfs;

import com.google.protobuf.ByteString;
import io.strata.ipld.Block;
import io.strata.ipld.BlockGetter;
import io.strata.ipld.IpldException;
import io.strata.ipld.dagpb.DagPb;
import io.strata.ipld.dagpb.PbLink;
import io.strata.ipld.dagpb.PbNode;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.Multihash;
import io.strata.proto.unixfs.UnixFsProtos;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link DirectoryLister} and {@link PathResolver} over plain and sharded directories. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectoryReadingTest {

    private static final int ENTRIES = 4000;

    private final MemoryBlocks blocks = new MemoryBlocks();
    private final Map<String, ImportedNode> files = new HashMap<>();
    private ImportedNode sharded;
    private int shardBlocks;

    @BeforeAll
    void buildShardedDirectory() {
        DirectoryBuilder builder = new DirectoryBuilder(ImportOptions.defaults().withCidVersion(1), blocks);
        for (int i = 0; i < ENTRIES; i++) {
            String name = "entry number " + i + " \u00fcber-long name to pass the threshold.txt";
            ImportedNode file = blocks.rawFile("content of " + i);
            files.put(name, file);
            builder.add(name, file);
        }
        assertTrue(builder.isSharded(), "the default 256 KiB estimate is exceeded");
        int before = blocks.cids().size();
        sharded = builder.build();
        shardBlocks = blocks.cids().size() - before;
        assertTrue(shardBlocks > 1, "a directory this large has sub-shards");
    }

    @Test
    void listsEveryEntryOfAShardedDirectory() {
        Map<String, DirectoryEntry> listed = new DirectoryLister(blocks).stream(sharded.cid())
                .collect(Collectors.toMap(DirectoryEntry::name, entry -> entry));
        assertEquals(files.keySet(), listed.keySet());
        files.forEach((name, file) -> {
            assertEquals(file.cid(), listed.get(name).cid());
            assertEquals(file.dagSize(), listed.get(name).tsize());
        });
    }

    @Test
    void shardedListingFetchesSubShardsOnlyWhenReached() {
        blocks.gets.set(0);
        Iterator<DirectoryEntry> entries = new DirectoryLister(blocks).entries(sharded.cid());
        entries.next();
        assertTrue(blocks.gets.get() <= 1 + 8, "one root plus at most one path of sub-shards, got " + blocks.gets.get());
        entries.forEachRemaining(entry -> { });
        assertEquals(shardBlocks, blocks.gets.get());
    }

    @Test
    void resolvesEveryNameByHashingIt() {
        PathResolver resolver = new PathResolver(blocks);
        for (Map.Entry<String, ImportedNode> file : files.entrySet()) {
            assertEquals(file.getValue().cid(), resolver.resolve(sharded.cid(), List.of(file.getKey())));
        }
        blocks.gets.set(0);
        resolver.resolve(sharded.cid(), List.of(files.keySet().iterator().next()));
        assertTrue(blocks.gets.get() <= 3, "a lookup reads only the shards on the name's path, read "
                + blocks.gets.get());
    }

    @Test
    void missingNamesReportTheSegment() {
        PathResolver resolver = new PathResolver(blocks);
        IpldException error = assertThrows(IpldException.class,
                () -> resolver.resolve("/ipfs/" + sharded.cid() + "/no such entry"));
        assertEquals(IpldException.Code.PATH_NOT_FOUND, error.code());
        assertTrue(error.getMessage().contains("'no such entry'"), error.getMessage());

        ImportedNode plain = new DirectoryBuilder(ImportOptions.defaults(), blocks)
                .add("a", blocks.rawFile("a")).build();
        IpldException plainError = assertThrows(IpldException.class,
                () -> resolver.resolve(plain.cid(), List.of("b")));
        assertEquals(IpldException.Code.PATH_NOT_FOUND, plainError.code());
        assertTrue(plainError.getMessage().contains("'b'"), plainError.getMessage());
    }

    @Test
    void filesHaveNoEntries() {
        ImportedNode raw = blocks.rawFile("raw");
        ImportedNode leaf = blocks.unixFsLeafFile("leaf");
        ImportedNode directory = new DirectoryBuilder(ImportOptions.defaults(), blocks)
                .add("raw", raw).add("leaf", leaf).build();
        PathResolver resolver = new PathResolver(blocks);
        for (String path : List.of("raw/x", "leaf/x")) {
            IpldException error = assertThrows(IpldException.class,
                    () -> resolver.resolve("/ipfs/" + directory.cid() + "/" + path));
            assertEquals(IpldException.Code.PATH_NOT_FOUND, error.code());
            assertTrue(error.getMessage().contains("'x'"), error.getMessage());
        }
        DirectoryLister lister = new DirectoryLister(blocks);
        assertEquals(IpldException.Code.UNIXFS_NOT_A_DIRECTORY,
                assertThrows(IpldException.class, () -> lister.list(raw.cid())).code());
        assertEquals(IpldException.Code.UNIXFS_NOT_A_DIRECTORY,
                assertThrows(IpldException.class, () -> lister.list(leaf.cid())).code());
        assertEquals(UnixFsProtos.Data.DataType.File, lister.typeOf(raw.cid()));
        assertEquals(UnixFsProtos.Data.DataType.File, lister.typeOf(leaf.cid()));
    }

    @Test
    void pathFormsAreAccepted() {
        ImportedNode file = blocks.rawFile("deep");
        DirectoryTreeImporter tree = new DirectoryTreeImporter(ImportOptions.defaults(), blocks);
        tree.addFile("a/b/c.txt", file);
        Cid root = tree.finish().root().cid();
        PathResolver resolver = new PathResolver(blocks);
        assertEquals(file.cid(), resolver.resolve("/ipfs/" + root + "/a/b/c.txt"));
        assertEquals(file.cid(), resolver.resolve(root + "/a/b/c.txt"));
        assertEquals(file.cid(), resolver.resolve("/ipfs/" + root + "/a//b/c.txt/"));
        assertEquals(root, resolver.resolve("/ipfs/" + root));
        assertEquals(root, resolver.resolve(root, List.of()));
        assertEquals(IpldException.Code.UNSUPPORTED,
                assertThrows(IpldException.class, () -> resolver.resolve("/ipns/example.com/a")).code());
    }

    @Test
    void identityCidsAreReadWithoutTheGetter() {
        ImportOptions inline = ImportOptions.defaults().withInline(true, 128);
        ImportedNode file = blocks.rawFile("f");
        ImportedNode inner = new DirectoryBuilder(inline, blocks).add("f", file).build();
        ImportedNode outer = new DirectoryBuilder(inline, blocks).add("in", inner).build();
        assertEquals(Multicodec.IDENTITY.code(), outer.cid().multihash().function());

        BlockGetter refusing = cid -> {
            throw new AssertionError("the getter was asked for " + cid);
        };
        assertEquals(file.cid(), new PathResolver(refusing).resolve(outer.cid(), List.of("in", "f")));
        assertEquals(List.of(new DirectoryEntry("in", inner.cid(), inner.dagSize())),
                new DirectoryLister(refusing).list(outer.cid()));
    }

    @Test
    void plainDagPbNodesAreFollowedByLinkName() {
        ImportedNode file = blocks.rawFile("target");
        byte[] bytes = DagPb.encode(DagPb.canonical(List.of(new PbLink(file.cid(), "child", 6L)), null));
        Cid node = Cid.v1(Multicodec.DAG_PB, Multihash.sha256(bytes));
        blocks.put(new Block(node, bytes));
        assertEquals(file.cid(), new PathResolver(blocks).resolve(node, List.of("child")));
        assertEquals(IpldException.Code.UNIXFS_NOT_A_DIRECTORY,
                assertThrows(IpldException.class, () -> new DirectoryLister(blocks).list(node)).code());
    }

    @Test
    void otherCodecsAreUnsupported() {
        Cid cbor = Cid.of(Multicodec.DAG_CBOR, Multicodec.SHA2_256, new byte[] {(byte) 0xa0});
        assertEquals(IpldException.Code.UNSUPPORTED, assertThrows(IpldException.class,
                () -> new PathResolver(blocks).resolve(cbor, List.of("x"))).code());
    }

    @Test
    void missingBlocksAreReported() {
        Cid absent = Cid.v0(Multihash.sha256(new byte[] {1, 2, 3}));
        assertEquals(IpldException.Code.BLOCK_NOT_FOUND,
                assertThrows(IpldException.class, () -> new DirectoryLister(blocks).list(absent)).code());
    }

    @Test
    void inconsistentShardsAreMalformed() {
        ImportedNode file = blocks.rawFile("x");
        Cid shortName = shard(List.of(new PbLink(file.cid(), "A", 1L)), new byte[] {1}, Murmur3.MURMUR3_X64_64);
        assertEquals(IpldException.Code.UNIXFS_MALFORMED,
                assertThrows(IpldException.class, () -> new DirectoryLister(blocks).list(shortName)).code());

        Cid otherHash = shard(List.of(new PbLink(file.cid(), "00x", 1L)), new byte[] {1}, 0x12);
        assertEquals(IpldException.Code.UNSUPPORTED,
                assertThrows(IpldException.class, () -> new DirectoryLister(blocks).list(otherHash)).code());

        byte[] everySlot = new byte[32];
        java.util.Arrays.fill(everySlot, (byte) 0xff);
        Cid bitfieldWithoutLinks = shard(List.of(), everySlot, Murmur3.MURMUR3_X64_64);
        assertEquals(IpldException.Code.UNIXFS_MALFORMED, assertThrows(IpldException.class,
                () -> new PathResolver(blocks).resolve(bitfieldWithoutLinks, List.of("anything"))).code());
    }

    private Cid shard(List<PbLink> links, byte[] bitfield, long hashType) {
        byte[] data = UnixFsProtos.Data.newBuilder().setType(UnixFsProtos.Data.DataType.HAMTShard)
                .setData(ByteString.copyFrom(bitfield)).setHashType(hashType).setFanout(256).build().toByteArray();
        byte[] bytes = DagPb.encode(new PbNode(links, data));
        Cid cid = Cid.v0(Multihash.sha256(bytes));
        blocks.put(new Block(cid, bytes));
        return cid;
    }
}
