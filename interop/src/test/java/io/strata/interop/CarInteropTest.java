package io.strata.interop;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.ipld.Block;
import io.strata.ipld.car.CarExporter;
import io.strata.ipld.car.CarWriter;
import io.strata.ipld.car.DagScope;
import io.strata.ipld.codec.DagCbor;
import io.strata.ipld.unixfs.DirectoryTreeImporter;
import io.strata.ipld.unixfs.ImportOptions;
import io.strata.ipld.unixfs.ImportedNode;
import io.strata.ipld.unixfs.Layout;
import io.strata.ipld.unixfs.UnixFsImporter;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CAR files our {@link CarWriter} and {@link CarExporter} write, read back by {@code @ipld/car}
 * (js/car-verify.mjs), which checks every block against its CID. For exported UnixFS DAGs the blocks
 * must also be exactly those the reference JS importer makes for the same input, in depth-first order,
 * each once, identity blocks left out.
 */
class CarInteropTest {

    @TempDir
    static Path dir;

    private static NodeScripts scripts;
    private static UnixFsOracle oracle;
    private static Path content;
    private static Path smallContent;
    private static Path tree;

    @BeforeAll
    static void prepare() throws IOException {
        scripts = NodeScripts.locate();
        oracle = new UnixFsOracle(scripts);
        content = TestData.randomFile(dir.resolve("content"), 3L * 1024 * 1024 + 123, 42);
        smallContent = TestData.randomFile(dir.resolve("small-content"), 20_000, 43);
        tree = dir.resolve("tree");
        for (int i = 0; i < 40; i++) {
            TestData.randomFile(tree.resolve("files/f" + i), 50L * i, i);
        }
        for (String duplicate : List.of("same-1", "same-2", "nested/same-3")) {
            TestData.textFile(tree.resolve(duplicate), "the same content under several names\n");
        }
        TestData.randomFile(tree.resolve("nested/large"), 600_000, 7);
        Files.createDirectories(tree.resolve("nested/empty-1"));
        Files.createDirectories(tree.resolve("empty-2"));
    }

    private record ExportCase(String name, UnixFsOracle.Case oracleCase, Path file) {
    }

    @TestFactory
    Stream<DynamicTest> exportedUnixFsDagsAreTheReferenceBlocks() {
        ImportOptions kubo = ImportOptions.defaults();
        List<ExportCase> cases = List.of(
                file("3 MiB file, Kubo defaults", content, kubo),
                file("3 MiB file, CIDv1 raw leaves", content, kubo.withCidVersion(1)),
                file("trickle, 1 KiB chunks", content, kubo.withChunkSize(1024).withLayout(Layout.TRICKLE)),
                file("sha2-512, 64 KiB chunks", content,
                        kubo.withChunkSize(64 * 1024).withHash(Multicodec.SHA2_512)),
                file("inline 16-byte leaves", smallContent, kubo.withChunkSize(16).withInline(true, 32)
                        .withCidVersion(1)),
                directory("directory with duplicates and empty directories", kubo),
                directory("HAMT-sharded directories, CIDv1", kubo.withCidVersion(1).withHamtShardThreshold(300)));
        List<UnixFsOracle.Result> expected = oracle.add(cases.stream().map(ExportCase::oracleCase).toList());
        return IntStream.range(0, cases.size()).mapToObj(i -> DynamicTest.dynamicTest(cases.get(i).name(),
                () -> assertExportMatches(cases.get(i), expected.get(i))));
    }

    private static ExportCase file(String name, Path file, ImportOptions options) {
        return new ExportCase(name, UnixFsOracle.Case.file(file, options).withBlockList(), file);
    }

    private static ExportCase directory(String name, ImportOptions options) {
        return new ExportCase(name, new UnixFsOracle.Case(List.of(UnixFsOracle.Input.at("tree", tree)), options,
                true, true), null);
    }

    private void assertExportMatches(ExportCase testCase, UnixFsOracle.Result expected) throws IOException {
        MemoryBlocks blocks = new MemoryBlocks();
        Cid root = testCase.file() == null
                ? importTree(testCase.oracleCase().options(), blocks)
                : importFile(testCase.file(), testCase.oracleCase().options(), blocks);
        assertEquals(expected.root(), root.toString(), "our import differs from the oracle's; see the UnixFS tests");
        Path car = dir.resolve("export.car");
        try (OutputStream out = Files.newOutputStream(car)) {
            CarExporter.export(blocks, root, DagScope.ALL, out);
        }

        JsonNode read = scripts.run("car-verify", null, car.toString());

        assertEquals(1, read.get("version").asInt());
        assertEquals(List.of(root.toString()), texts(read.get("roots")));
        assertEquals(expected.blocks(), cids(read.get("blocks")));
        for (JsonNode block : read.get("blocks")) {
            assertEquals(blocks.get(Cid.parse(block.get("cid").asText())).length, block.get("size").asInt());
        }
    }

    @Test
    void blockAndEntityScopesOfAFile() throws IOException {
        ImportOptions options = ImportOptions.defaults().withChunkSize(64 * 1024);
        MemoryBlocks blocks = new MemoryBlocks();
        Cid root = importFile(content, options, blocks);
        UnixFsOracle.Result expected = oracle.add(UnixFsOracle.Case.file(content, options).withBlockList());
        Map<DagScope, List<String>> expectedByScope = new LinkedHashMap<>();
        expectedByScope.put(DagScope.BLOCK, List.of(expected.root()));
        expectedByScope.put(DagScope.ENTITY, expected.blocks());

        for (Map.Entry<DagScope, List<String>> scope : expectedByScope.entrySet()) {
            Path car = dir.resolve("scope-" + scope.getKey().parameter() + ".car");
            try (OutputStream out = Files.newOutputStream(car)) {
                CarExporter.export(blocks, root, scope.getKey(), out);
            }
            JsonNode read = scripts.run("car-verify", null, car.toString());
            assertEquals(scope.getValue(), cids(read.get("blocks")), "dag-scope=" + scope.getKey().parameter());
        }
    }

    @Test
    void severalRootsAndCodecsInTheOrderWritten() throws IOException {
        SplittableRandom random = new SplittableRandom(3);
        List<Block> written = new ArrayList<>();
        for (Multicodec hash : List.of(Multicodec.SHA2_256, Multicodec.SHA2_512, Multicodec.SHA2_256)) {
            byte[] data = new byte[1 + random.nextInt(5000)];
            random.nextBytes(data);
            written.add(new Block(Cid.of(Multicodec.RAW, hash, data), data));
        }
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("name", "links to raw blocks");
        node.put("links", written.stream().map(Block::cid).toList());
        byte[] cbor = DagCbor.encode(node);
        written.add(new Block(Cid.of(Multicodec.DAG_CBOR, Multicodec.SHA2_256, cbor), cbor));
        written.add(written.get(0));
        List<Cid> roots = List.of(written.get(3).cid(), written.get(1).cid());
        Path car = dir.resolve("written.car");
        try (CarWriter writer = CarWriter.create(Files.newOutputStream(car), roots)) {
            for (Block block : written) {
                writer.write(block);
            }
        }

        JsonNode read = scripts.run("car-verify", null, car.toString());

        assertEquals(roots.stream().map(Cid::toString).toList(), texts(read.get("roots")));
        assertEquals(written.stream().map(block -> block.cid().toString()).toList(), cids(read.get("blocks")));
        assertEquals(written.stream().map(Block::size).toList(), sizes(read.get("blocks")));
    }

    /** Guards the oracle itself: a CAR whose block does not match its CID must be rejected. */
    @Test
    void theOracleRejectsABlockThatDoesNotMatchItsCid() throws IOException {
        byte[] data = "original bytes".getBytes(StandardCharsets.UTF_8);
        Cid cid = Cid.of(Multicodec.RAW, Multicodec.SHA2_256, data);
        Path car = dir.resolve("tampered.car");
        try (CarWriter writer = CarWriter.create(Files.newOutputStream(car), List.of(cid))) {
            writer.write(cid, "tampered bytes".getBytes(StandardCharsets.UTF_8));
        }

        AssertionError rejected = assertThrows(AssertionError.class,
                () -> scripts.run("car-verify", null, car.toString()));

        assertTrue(rejected.getMessage().contains("hash to a different digest"), rejected.getMessage());
    }

    private static Cid importFile(Path file, ImportOptions options, MemoryBlocks blocks) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new UnixFsImporter(options).importFile(in, blocks).cid();
        }
    }

    private static Cid importTree(ImportOptions options, MemoryBlocks blocks) throws IOException {
        UnixFsImporter files = new UnixFsImporter(options);
        DirectoryTreeImporter directories = new DirectoryTreeImporter(options, blocks);
        try (Stream<Path> walk = Files.walk(tree)) {
            for (Path found : walk.toList()) {
                String path = "tree/" + tree.relativize(found);
                if (found.equals(tree)) {
                    directories.addDirectory("tree");
                } else if (Files.isDirectory(found)) {
                    directories.addDirectory(path);
                } else {
                    try (InputStream in = Files.newInputStream(found)) {
                        ImportedNode node = files.importFile(in, blocks);
                        directories.addFile(path, node);
                    }
                }
            }
        }
        return directories.finish().root().cid();
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static List<String> cids(JsonNode blocks) {
        List<String> values = new ArrayList<>();
        blocks.forEach(block -> values.add(block.get("cid").asText()));
        return values;
    }

    private static List<Integer> sizes(JsonNode blocks) {
        List<Integer> values = new ArrayList<>();
        blocks.forEach(block -> values.add(block.get("size").asInt()));
        return values;
    }
}
