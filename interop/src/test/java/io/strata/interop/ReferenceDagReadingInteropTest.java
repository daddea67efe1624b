package io.strata.interop;

import io.strata.ipld.Block;
import io.strata.ipld.car.CarReader;
import io.strata.ipld.unixfs.DirectoryEntry;
import io.strata.ipld.unixfs.DirectoryLister;
import io.strata.ipld.unixfs.ImportOptions;
import io.strata.ipld.unixfs.Layout;
import io.strata.ipld.unixfs.PathResolver;
import io.strata.ipld.unixfs.UnixFsExporter;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The other direction: DAGs the reference JS importer made, written to CARs by {@code @ipld/car}, are
 * read by our {@link CarReader}, and our {@link UnixFsExporter}, {@link PathResolver} and
 * {@link DirectoryLister} give back exactly the files and directories that went in.
 */
class ReferenceDagReadingInteropTest {

    @TempDir
    static Path dir;

    private static UnixFsOracle oracle;
    private static Path content;
    private static Path smallContent;
    private static Path tree;

    @BeforeAll
    static void prepare() throws IOException {
        oracle = new UnixFsOracle(NodeScripts.locate());
        content = TestData.randomFile(dir.resolve("content"), 2L * 1024 * 1024 + 99, 11);
        smallContent = TestData.randomFile(dir.resolve("small-content"), 30_000, 13);
        tree = dir.resolve("tree");
        for (int i = 0; i < 30; i++) {
            TestData.randomFile(tree.resolve("files/f" + i), 1000L * i, 100 + i);
        }
        TestData.randomFile(tree.resolve("nested/deeper/large"), 700_000, 12);
        TestData.textFile(tree.resolve("nested/empty-file"), "");
        TestData.textFile(tree.resolve("\u00fcnicode \u2603"), "snow\n");
        Files.createDirectories(tree.resolve("nested/empty-directory"));
    }

    private record ReadCase(String name, Path input, ImportOptions options) {
    }

    @TestFactory
    Stream<DynamicTest> ourReadersGiveBackWhatTheReferenceImported() {
        ImportOptions kubo = ImportOptions.defaults();
        List<ReadCase> cases = List.of(
                new ReadCase("file, Kubo defaults", content, kubo),
                new ReadCase("file, CIDv1", content, kubo.withCidVersion(1)),
                new ReadCase("file, trickle", content, kubo.withChunkSize(4096).withLayout(Layout.TRICKLE)),
                new ReadCase("file, deep trickle of UnixFS raw leaves", content,
                        kubo.withChunkSize(1024).withMaxLinks(3).withLayout(Layout.TRICKLE)),
                new ReadCase("file, balanced with 5 links per node", content, kubo.withChunkSize(4096).withMaxLinks(5)),
                new ReadCase("file, sha2-512", content, kubo.withChunkSize(65536).withHash(Multicodec.SHA2_512)),
                new ReadCase("file, inline leaves", smallContent, kubo.withChunkSize(32).withInline(true, 32)),
                new ReadCase("directory tree", tree, kubo),
                new ReadCase("directory tree, HAMT-sharded, CIDv1", tree,
                        kubo.withCidVersion(1).withHamtShardThreshold(200)));
        List<Path> cars = new ArrayList<>();
        List<UnixFsOracle.Case> requests = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            ReadCase readCase = cases.get(i);
            Path car = dir.resolve("reference-" + i + ".car");
            cars.add(car);
            List<UnixFsOracle.Input> inputs = Files.isDirectory(readCase.input())
                    ? List.of(UnixFsOracle.Input.at("tree", readCase.input()))
                    : List.of(UnixFsOracle.Input.bareFile(readCase.input()));
            requests.add(new UnixFsOracle.Case(inputs, readCase.options(), false, true).writingCar(car));
        }
        List<UnixFsOracle.Result> written = oracle.add(requests);
        return IntStream.range(0, cases.size()).mapToObj(i -> DynamicTest.dynamicTest(cases.get(i).name(),
                () -> assertReadBack(cases.get(i), cars.get(i), written.get(i))));
    }

    private static void assertReadBack(ReadCase readCase, Path car, UnixFsOracle.Result written) throws IOException {
        MemoryBlocks blocks = new MemoryBlocks();
        List<String> read = new ArrayList<>();
        Cid root;
        try (CarReader reader = CarReader.open(Files.newInputStream(car))) {
            assertEquals(1, reader.version());
            root = reader.roots().get(0);
            assertEquals(List.of(written.root()), reader.roots().stream().map(Cid::toString).toList());
            for (Optional<Block> block = reader.next(); block.isPresent(); block = reader.next()) {
                blocks.put(block.get());
                read.add(block.get().cid().toString());
            }
        }
        assertEquals(written.blocks(), read, "blocks of the reference CAR");
        if (Files.isDirectory(readCase.input())) {
            assertSameTree(readCase.input(), root, blocks);
        } else {
            assertSameFile(readCase.input(), root, blocks);
        }
    }

    private static void assertSameFile(Path file, Cid cid, MemoryBlocks blocks) throws IOException {
        UnixFsExporter exporter = new UnixFsExporter(blocks);
        assertEquals(Files.size(file), exporter.size(cid), "size of " + file.getFileName());
        try (InputStream in = exporter.open(cid)) {
            assertArrayEquals(Files.readAllBytes(file), in.readAllBytes(), "content of " + file.getFileName());
        }
        long middle = Files.size(file) / 3;
        try (InputStream in = exporter.open(cid, middle, 5000)) {
            byte[] expected = new byte[(int) Math.min(5000, Files.size(file) - middle)];
            System.arraycopy(Files.readAllBytes(file), (int) middle, expected, 0, expected.length);
            assertArrayEquals(expected, in.readAllBytes(), "a range of " + file.getFileName());
        }
    }

    private static void assertSameTree(Path directory, Cid cid, MemoryBlocks blocks) throws IOException {
        DirectoryLister lister = new DirectoryLister(blocks);
        PathResolver resolver = new PathResolver(blocks);
        List<String> expectedNames;
        try (Stream<Path> children = Files.list(directory)) {
            expectedNames = children.map(child -> child.getFileName().toString()).sorted().toList();
        }
        assertEquals(expectedNames, lister.list(cid).stream().map(DirectoryEntry::name).sorted().toList(),
                "entries of " + directory.getFileName());
        for (String name : expectedNames) {
            Path child = directory.resolve(name);
            Cid childCid = resolver.resolve(cid, List.of(name));
            if (Files.isDirectory(child)) {
                assertSameTree(child, childCid, blocks);
            } else {
                assertSameFile(child, childCid, blocks);
            }
        }
    }
}
