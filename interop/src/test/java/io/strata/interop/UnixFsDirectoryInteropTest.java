package io.strata.interop;

import io.strata.ipld.unixfs.DirectoryTreeImporter;
import io.strata.ipld.unixfs.ImportOptions;
import io.strata.ipld.unixfs.ImportedDirectoryTree;
import io.strata.ipld.unixfs.ImportedNode;
import io.strata.ipld.unixfs.Layout;
import io.strata.ipld.unixfs.SymlinkBuilder;
import io.strata.ipld.unixfs.UnixFsImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Directories built by our {@link DirectoryTreeImporter} against the reference JS importer configured as
 * Kubo: nested trees with awkward names, empty files and directories, symlinks, wrap-with-directory, and HAMT
 * sharding at a small threshold and exactly at Kubo's 256 KiB boundary. Every entry's CID and DAG size
 * is compared, and for sharded directories every block.
 */
class UnixFsDirectoryInteropTest {

    @TempDir
    static Path dir;

    private static UnixFsOracle oracle;
    private static Path tree;
    private static Path hello;
    private static Path oneByte;

    @BeforeAll
    static void prepare() throws IOException {
        oracle = new UnixFsOracle(NodeScripts.locate());
        hello = TestData.textFile(dir.resolve("hello.txt"), "hello world\n");
        oneByte = TestData.textFile(dir.resolve("one-byte"), "x");
        tree = dir.resolve("tree");
        long seed = 1;
        for (String name : List.of("B", "a", "a-b", "a.txt", "space name", "\u00e9t\u00e9", "\u65e5\u672c.txt", "Z",
                "sub/one", "sub/two", "sub/\u00fcber", "d1/d2/d3/d4/deep.txt", "d1/sibling")) {
            TestData.randomFile(tree.resolve(name), 37 * seed * seed, seed++);
        }
        TestData.textFile(tree.resolve("hello.txt"), "hello world\n");
        TestData.textFile(tree.resolve("empty"), "");
        TestData.textFile(tree.resolve("sub/empty"), "");
        TestData.randomFile(tree.resolve("big.bin"), 2L * ImportOptions.DEFAULT_CHUNK_SIZE + 1000, seed++);
        TestData.randomFile(tree.resolve("d1/medium.bin"), 70_000, seed++);
        Files.createDirectories(tree.resolve("emptydir"));
        Files.createSymbolicLink(tree.resolve("link-to-hello"), Path.of("hello.txt"));
        Files.createSymbolicLink(tree.resolve("sub/up"), Path.of(".."));
        Files.createSymbolicLink(tree.resolve("d1/dangling"), Path.of("../nowhere/\u00e9"));
        Files.createDirectories(tree.resolve("d1/emptier/emptiest"));
        for (int i = 0; i < 60; i++) {
            TestData.randomFile(tree.resolve("many/file-" + i), i * 13L, 1000 + i);
        }
    }

    private record DirCase(String name, List<UnixFsOracle.Input> inputs, ImportOptions options, boolean wrap) {

        String describe() {
            ImportOptions o = options;
            return name + (wrap ? ", wrapped" : "") + ": cid v" + o.cidVersion() + ", raw leaves " + o.rawLeaves()
                    + ", chunk " + o.chunkSize() + ", " + o.layout() + ", shard above " + o.hamtShardThreshold();
        }
    }

    @TestFactory
    Stream<DynamicTest> nestedTree() {
        ImportOptions kubo = ImportOptions.defaults();
        List<UnixFsOracle.Input> inputs = List.of(UnixFsOracle.Input.at("tree", tree));
        List<DirCase> cases = new ArrayList<>();
        for (ImportOptions options : List.of(kubo, kubo.withCidVersion(1), kubo.withRawLeaves(true),
                kubo.withCidVersion(1).withLayout(Layout.TRICKLE), kubo.withChunkSize(1024))) {
            cases.add(new DirCase("nested tree", inputs, options, false));
            cases.add(new DirCase("nested tree", inputs, options, true));
        }
        return compare(cases);
    }

    @TestFactory
    Stream<DynamicTest> wrapWithDirectory() {
        List<DirCase> cases = new ArrayList<>();
        for (ImportOptions options : List.of(ImportOptions.defaults(), ImportOptions.defaults().withCidVersion(1))) {
            cases.add(new DirCase("one file", List.of(UnixFsOracle.Input.at("hello.txt", hello)), options, true));
            cases.add(new DirCase("two files and an empty directory", List.of(
                    UnixFsOracle.Input.at("hello.txt", hello), UnixFsOracle.Input.at("x", oneByte),
                    UnixFsOracle.Input.emptyDirectory("nothing")), options, true));
            cases.add(new DirCase("an empty directory", List.of(UnixFsOracle.Input.emptyDirectory("nothing")),
                    options, true));
            cases.add(new DirCase("a symlink", List.of(UnixFsOracle.Input.symlink("foo", "bar")), options, true));
        }
        return compare(cases);
    }

    /**
     * The thresholds stay above every directory's estimate without its subdirectories: the JS importer
     * decides while its subdirectories are still open and counts their links as 0 bytes, where boxo
     * (through MFS) counts every link, so the oracle is wrong when subdirectory links tip the balance.
     * With threshold 100, {@code tree/d1} (85 bytes of file links, 162 with its two subdirectories)
     * stays flat in JS and is sharded by Kubo and by us.
     */
    @TestFactory
    Stream<DynamicTest> shardingAtASmallThreshold() {
        List<DirCase> cases = new ArrayList<>();
        List<UnixFsOracle.Input> inputs = List.of(UnixFsOracle.Input.at("tree", tree));
        for (ImportOptions options : List.of(ImportOptions.defaults(), ImportOptions.defaults().withCidVersion(1))) {
            for (int threshold : List.of(1000, 300)) {
                cases.add(new DirCase("nested tree", inputs, options.withHamtShardThreshold(threshold), false));
            }
            cases.add(new DirCase("nested tree", inputs, options.withHamtShardThreshold(1000), true));
        }
        return compare(cases);
    }

    /**
     * Kubo's estimate is the sum of name and CID lengths; 4096 names of 64 bytes minus the CID length sum
     * to exactly 256 KiB, which stays a plain directory, and one more entry makes it a HAMT with
     * sub-shards under most of its 256 buckets.
     */
    @TestFactory
    Stream<DynamicTest> shardingAtKubosThreshold() {
        List<DirCase> cases = new ArrayList<>();
        for (ImportOptions options : List.of(ImportOptions.defaults(), ImportOptions.defaults().withCidVersion(1))) {
            int cidLength = options.cidVersion() == 0 ? 34 : 36;
            for (int entries : List.of(4096, 4097)) {
                List<UnixFsOracle.Input> inputs = new ArrayList<>();
                for (int i = 0; i < entries; i++) {
                    String name = String.format("%0" + (64 - cidLength) + "d", i);
                    inputs.add(UnixFsOracle.Input.at("big/" + name, oneByte));
                }
                cases.add(new DirCase(entries + " entries of 64 bytes", inputs, options, false));
            }
        }
        return compare(cases);
    }

    @Test
    void wrappingOneImportedFileMatchesTheOracle() throws IOException {
        ImportOptions options = ImportOptions.defaults();
        DagRecorder blocks = new DagRecorder();
        ImportedNode file;
        try (InputStream in = Files.newInputStream(hello)) {
            file = new UnixFsImporter(options).importFile(in, blocks);
        }

        ImportedNode wrapped = DirectoryTreeImporter.wrap("hello.txt", file, options, blocks);

        UnixFsOracle.Result expected = oracle.add(new UnixFsOracle.Case(
                List.of(UnixFsOracle.Input.at("hello.txt", hello)), options, true, true));
        assertEquals(expected.root(), wrapped.cid().toString());
        assertEquals(expected.size(), wrapped.dagSize());
        assertEquals(expected.blocks(), blocks.reachableFrom(wrapped.cid()));
    }

    private Stream<DynamicTest> compare(List<DirCase> cases) {
        List<UnixFsOracle.Result> expected = oracle.add(cases.stream()
                .map(c -> new UnixFsOracle.Case(c.inputs(), c.options(), c.wrap(), true))
                .toList());
        return IntStream.range(0, cases.size()).mapToObj(i -> DynamicTest.dynamicTest(cases.get(i).describe(),
                () -> assertSameAsOracle(cases.get(i), expected.get(i))));
    }

    private static void assertSameAsOracle(DirCase testCase, UnixFsOracle.Result expected) throws IOException {
        DagRecorder blocks = new DagRecorder();
        Map<String, ImportedNode> ours = importWithOurCode(testCase, blocks);
        // The JS importer reports each subdirectory of a HAMT-sharded directory under the sharded
        // directory's own path, before the directory itself: the last entry of a path is the right one.
        Map<String, UnixFsOracle.Entry> theirs = new TreeMap<>();
        expected.entries().forEach(entry -> theirs.put(entry.path(), entry));
        if (!testCase.wrap()) {
            ours.remove("");
        }
        String what = testCase.describe();
        ImportedNode ourRoot = ours.get(expected.entries().get(expected.entries().size() - 1).path());
        List<Executable> checks = new ArrayList<>();
        // The JS importer yields no entry for an empty directory without subdirectories (it is still
        // linked, which the block lists compare), so only its paths must all be ours.
        Set<String> missing = new TreeSet<>(theirs.keySet());
        missing.removeAll(ours.keySet());
        checks.add(() -> assertEquals(Set.of(), missing, "paths the oracle imported that we did not, in " + what));
        checks.add(() -> assertEquals(expected.root(), ourRoot == null ? null : ourRoot.cid().toString(),
                "root CID of " + what));
        for (UnixFsOracle.Entry entry : theirs.values()) {
            ImportedNode node = ours.get(entry.path());
            if (node != null) {
                checks.add(() -> assertEquals(entry.cid() + " (DAG size " + entry.size() + ")",
                        node.cid() + " (DAG size " + node.dagSize() + ")", "'" + entry.path() + "' in " + what));
            }
        }
        if (ourRoot != null) {
            checks.add(() -> assertEquals(expected.blocks(), blocks.reachableFrom(ourRoot.cid()),
                    "blocks, depth first, of " + what));
        }
        assertAll(what, checks.stream());
    }

    /** Imports the same inputs as the oracle: every file with our importer, the tree with ours. */
    private static Map<String, ImportedNode> importWithOurCode(DirCase testCase, DagRecorder blocks)
            throws IOException {
        UnixFsImporter files = new UnixFsImporter(testCase.options());
        DirectoryTreeImporter directories = new DirectoryTreeImporter(testCase.options(), blocks);
        Map<String, ImportedNode> nodes = new HashMap<>();
        Map<Path, ImportedNode> imported = new HashMap<>();
        for (UnixFsOracle.Input input : testCase.inputs()) {
            if (input.symlinkTarget() != null) {
                addSymlink(directories, nodes, input.path(), input.symlinkTarget(), testCase.options());
            } else if (input.file() == null) {
                directories.addDirectory(input.path());
            } else if (Files.isDirectory(input.file())) {
                directories.addDirectory(input.path());
                try (Stream<Path> walk = Files.walk(input.file())) {
                    for (Path found : walk.sorted(Comparator.naturalOrder()).toList()) {
                        String path = input.path() + "/" + input.file().relativize(found).toString();
                        if (found.equals(input.file())) {
                            continue;
                        }
                        if (Files.isSymbolicLink(found)) {
                            addSymlink(directories, nodes, path, Files.readSymbolicLink(found).toString(),
                                    testCase.options());
                        } else if (Files.isDirectory(found)) {
                            directories.addDirectory(path);
                        } else {
                            ImportedNode node = importFile(files, found, blocks, imported);
                            directories.addFile(path, node);
                            nodes.put(path, node);
                        }
                    }
                }
            } else {
                ImportedNode node = importFile(files, input.file(), blocks, imported);
                directories.addFile(input.path(), node);
                nodes.put(input.path(), node);
            }
        }
        ImportedDirectoryTree built = directories.finish();
        nodes.putAll(built.directories());
        return nodes;
    }

    /** Adds the symlink to the tree, and notes its node as {@link SymlinkBuilder} alone makes it. */
    private static void addSymlink(DirectoryTreeImporter directories, Map<String, ImportedNode> nodes, String path,
                                   String target, ImportOptions options) {
        directories.addSymlink(path, target);
        nodes.put(path, SymlinkBuilder.write(target, options, new DagRecorder()));
    }

    private static ImportedNode importFile(UnixFsImporter importer, Path file, DagRecorder blocks,
                                           Map<Path, ImportedNode> imported) throws IOException {
        ImportedNode known = imported.get(file);
        if (known != null) {
            return known;
        }
        try (InputStream in = Files.newInputStream(file)) {
            ImportedNode node = importer.importFile(in, blocks);
            imported.put(file, node);
            return node;
        }
    }
}
