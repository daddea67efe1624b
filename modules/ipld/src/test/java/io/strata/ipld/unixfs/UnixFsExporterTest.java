package io.strata.ipld.unixfs;

import io.strata.ipld.Block;
import io.strata.ipld.IpldException;
import io.strata.ipld.dagpb.DagPb;
import io.strata.ipld.dagpb.PbLink;
import io.strata.ipld.dagpb.PbNode;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.Multihash;
import io.strata.proto.unixfs.UnixFsProtos;
import io.strata.proto.unixfs.UnixFsProtos.Data.DataType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnixFsExporterTest {

    private final RecordingBlocks blocks = new RecordingBlocks();
    private final UnixFsExporter exporter = new UnixFsExporter(blocks);

    private static byte[] sequence(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 7 + i / 251);
        }
        return bytes;
    }

    private Cid put(PbNode node) {
        byte[] bytes = DagPb.encode(node);
        Cid cid = Cid.v0(Multihash.sha256(bytes));
        blocks.put(new Block(cid, bytes));
        return cid;
    }

    private Cid putRaw(byte[] bytes) {
        Cid cid = Cid.of(Multicodec.RAW, Multicodec.SHA2_256, bytes);
        blocks.put(new Block(cid, bytes));
        return cid;
    }

    private static byte[] unixFs(DataType type, Long fileSize, long... blockSizes) {
        UnixFsProtos.Data.Builder data = UnixFsProtos.Data.newBuilder().setType(type);
        if (fileSize != null) {
            data.setFilesize(fileSize);
        }
        for (long blockSize : blockSizes) {
            data.addBlocksizes(blockSize);
        }
        return data.build().toByteArray();
    }

    private static PbLink link(Cid cid) {
        return new PbLink(cid, "", 0L);
    }

    private static IpldException.Code failureOf(ThrowingRead read) {
        return assertThrows(IpldException.class, read::run).code();
    }

    private interface ThrowingRead {
        void run() throws IOException;
    }

    @Test
    void readingFromAnOffsetFetchesOnlyThePathToIt() throws IOException {
        byte[] content = sequence(1000);
        ImportOptions options = ImportOptions.defaults().withChunkSize(10).withMaxLinks(3).withRawLeaves(true);
        ImportedNode root = new UnixFsImporter(options).importBytes(content, blocks);

        try (InputStream in = exporter.open(root.cid(), 995, 5)) {
            assertArrayEquals(Arrays.copyOfRange(content, 995, 1000), in.readAllBytes());
        }
        List<Cid> leavesFetched = blocks.fetched.stream()
                .filter(cid -> cid.codec() == Multicodec.RAW.code()).toList();
        assertEquals(1, leavesFetched.size());
        assertArrayEquals(Arrays.copyOfRange(content, 990, 1000), blocks.byCid.get(leavesFetched.get(0)));
        // the tree is 5 levels deep (3^4 < 100 leaves <= 3^5): one node per level, then the leaf
        assertEquals(6, blocks.fetched.size());
    }

    @Test
    void readsTrickleDagsAcrossTheirLayers() throws IOException {
        byte[] content = sequence(5000);
        ImportOptions options = ImportOptions.defaults().withChunkSize(7).withMaxLinks(3)
                .withLayout(Layout.TRICKLE);
        ImportedNode root = new UnixFsImporter(options).importBytes(content, blocks);
        assertArrayEquals(content, exporter.open(root.cid()).readAllBytes());
        try (InputStream in = exporter.open(root.cid(), 4321, 100)) {
            assertArrayEquals(Arrays.copyOfRange(content, 4321, 4421), in.readAllBytes());
        }
    }

    @Test
    void identityCidsAreReadFromTheCidItself() throws IOException {
        byte[] hello = "hello world\n".getBytes(StandardCharsets.UTF_8);
        ImportedNode root = new UnixFsImporter(ImportOptions.defaults().withInline(true, 32))
                .importBytes(hello, blocks);
        assertTrue(blocks.received.isEmpty());
        assertArrayEquals(hello, exporter.open(root.cid()).readAllBytes());
        assertTrue(blocks.fetched.isEmpty());
    }

    @Test
    void channelReadsFillBuffersAcrossLeavesWithinTheRange() throws IOException {
        byte[] content = sequence(5000);
        ImportedNode root = new UnixFsImporter(ImportOptions.defaults().withChunkSize(64).withMaxLinks(4))
                .importBytes(content, blocks);
        for (int bufferSize : new int[] {7, 64, 1000, 8192}) {
            ByteBuffer target = ByteBuffer.allocateDirect(bufferSize);
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            try (ReadableByteChannel in = exporter.openChannel(root.cid(), 33, 4321)) {
                int count;
                while ((count = in.read(target.clear())) >= 0) {
                    assertEquals(Math.min(bufferSize, 4321 - read.size()), count, "a read fills the buffer");
                    byte[] bytes = new byte[count];
                    target.flip().get(bytes);
                    read.writeBytes(bytes);
                }
            }
            assertArrayEquals(Arrays.copyOfRange(content, 33, 33 + 4321), read.toByteArray(), "buffer " + bufferSize);
        }
    }

    @Test
    void skipMovesAcrossLeaves() throws IOException {
        byte[] content = sequence(300);
        ImportedNode root = new UnixFsImporter(ImportOptions.defaults().withChunkSize(16).withMaxLinks(4))
                .importBytes(content, blocks);
        try (InputStream in = exporter.open(root.cid(), 10, 200)) {
            assertEquals(150, in.skip(150));
            assertArrayEquals(Arrays.copyOfRange(content, 160, 210), in.readAllBytes());
            assertEquals(0, in.skip(5));
        }
    }

    @Test
    void statDescribesAnImportedFile() {
        byte[] content = sequence(1000);
        ImportedNode root = new UnixFsImporter(ImportOptions.defaults().withChunkSize(100).withMaxLinks(4))
                .importBytes(content, blocks);
        UnixFsStat stat = exporter.stat(root.cid());
        assertEquals(UnixFsStat.Type.FILE, stat.type());
        assertEquals(1000, stat.size());
        assertEquals(root.dagSize(), stat.cumulativeSize());
        assertEquals(blocks.byCid.get(root.cid()).length, stat.blockSize());
        assertEquals(3, stat.links());
    }

    @Test
    void statOfARawLeafIsAFile() {
        Cid leaf = putRaw(sequence(42));
        assertEquals(new UnixFsStat(leaf, UnixFsStat.Type.FILE, 42, 42, 42, 0), exporter.stat(leaf));
    }

    @Test
    void statDescribesDirectoriesAndSymlinks() {
        Cid directory = put(new PbNode(List.of(), unixFs(DataType.Directory, null)));
        assertEquals(UnixFsStat.Type.DIRECTORY, exporter.stat(directory).type());
        assertEquals(0, exporter.stat(directory).size());

        byte[] symlink = UnixFsProtos.Data.newBuilder().setType(DataType.Symlink)
                .setData(com.google.protobuf.ByteString.copyFromUtf8("../target")).build().toByteArray();
        Cid link = put(new PbNode(List.of(), symlink));
        assertEquals(UnixFsStat.Type.SYMLINK, exporter.stat(link).type());
        assertEquals(9, exporter.stat(link).size());
    }

    @Test
    void directoriesAndSymlinksAreNotFiles() {
        Cid directory = put(new PbNode(List.of(), unixFs(DataType.Directory, null)));
        assertEquals(IpldException.Code.UNIXFS_NOT_A_FILE, failureOf(() -> exporter.open(directory)));
        Cid shard = put(new PbNode(List.of(), unixFs(DataType.HAMTShard, null)));
        assertEquals(IpldException.Code.UNIXFS_NOT_A_FILE, failureOf(() -> exporter.size(shard)));
    }

    @Test
    void otherCodecsAreNotFiles() {
        Cid cbor = Cid.of(Multicodec.DAG_CBOR, Multicodec.SHA2_256, new byte[] {(byte) 0xa0});
        assertEquals(IpldException.Code.UNIXFS_NOT_A_FILE, failureOf(() -> exporter.open(cbor)));
        assertEquals(IpldException.Code.UNSUPPORTED, failureOf(() -> exporter.stat(cbor)));
    }

    @Test
    void dagPbWithoutUnixFsDataIsMalformed() {
        Cid bare = put(new PbNode(List.of(), null));
        assertEquals(IpldException.Code.UNIXFS_MALFORMED, failureOf(() -> exporter.open(bare)));
        Cid garbage = put(new PbNode(List.of(), new byte[] {(byte) 0xff, 0x01}));
        assertEquals(IpldException.Code.UNIXFS_MALFORMED, failureOf(() -> exporter.open(garbage)));
        Cid typeless = put(new PbNode(List.of(), new byte[] {0x18, 0x00}));
        assertEquals(IpldException.Code.UNIXFS_MALFORMED, failureOf(() -> exporter.stat(typeless)));
    }

    @Test
    void blocksizesMustMatchLinksAndFilesize() {
        Cid leaf = putRaw(sequence(5));
        Cid missingSize = put(new PbNode(List.of(link(leaf), link(leaf)), unixFs(DataType.File, 10L, 5)));
        assertEquals(IpldException.Code.UNIXFS_MALFORMED, failureOf(() -> exporter.open(missingSize)));
        Cid wrongTotal = put(new PbNode(List.of(link(leaf)), unixFs(DataType.File, 6L, 5)));
        assertEquals(IpldException.Code.UNIXFS_MALFORMED, failureOf(() -> exporter.open(wrongTotal)));
        Cid noTotal = put(new PbNode(List.of(link(leaf), link(leaf)), unixFs(DataType.File, null, 5, 5)));
        assertEquals(10, exporter.size(noTotal));
    }

    @Test
    void aChildHoldingOtherThanItsBlocksizeIsMalformed() {
        Cid leaf = putRaw(sequence(4));
        Cid parent = put(new PbNode(List.of(link(leaf)), unixFs(DataType.File, 5L, 5)));
        assertEquals(IpldException.Code.UNIXFS_MALFORMED, failureOf(() -> exporter.open(parent).readAllBytes()));
    }

    @Test
    void aDirectoryInsideAFileIsMalformed() {
        Cid directory = put(new PbNode(List.of(), unixFs(DataType.Directory, null)));
        Cid parent = put(new PbNode(List.of(link(putRaw(sequence(3))), link(directory)),
                unixFs(DataType.File, 7L, 3, 4)));
        assertEquals(IpldException.Code.UNIXFS_MALFORMED, failureOf(() -> exporter.open(parent).readAllBytes()));
    }

    @Test
    void aMissingBlockSurfacesFromTheGetter() {
        byte[] content = sequence(100);
        RecordingBlocks source = new RecordingBlocks();
        ImportedNode root = new UnixFsImporter(ImportOptions.defaults().withChunkSize(10)).importBytes(content, source);
        blocks.put(new Block(root.cid(), source.byCid.get(root.cid())));
        assertEquals(IpldException.Code.BLOCK_NOT_FOUND, failureOf(() -> exporter.open(root.cid()).readAllBytes()));
    }

    @Test
    void rangesAreCutAtTheEnd() throws IOException {
        byte[] content = sequence(50);
        ImportedNode root = new UnixFsImporter(ImportOptions.defaults().withChunkSize(8)).importBytes(content, blocks);
        assertArrayEquals(Arrays.copyOfRange(content, 40, 50), exporter.open(root.cid(), 40, 1000).readAllBytes());
        assertEquals(0, exporter.open(root.cid(), 50, -1).readAllBytes().length);
        assertEquals(0, exporter.open(root.cid(), 70, 3).readAllBytes().length);
        assertEquals(0, exporter.open(root.cid(), 3, 0).readAllBytes().length);
        assertThrows(IllegalArgumentException.class, () -> exporter.open(root.cid(), -1, 3));
        assertThrows(IllegalArgumentException.class, () -> exporter.open(root.cid(), 0, -2));
    }
}
