package io.strata.ipld.unixfs;

import io.strata.ipld.IpldException;
import io.strata.multiformats.Cid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DirectoryTreeImporterTest {

    private final MemoryBlocks blocks = new MemoryBlocks();

    /** Kubo test/sharness/t0040-add-and-cat.sh, "ipfs add -r mountdir/planets". */
    @Test
    void planetsMatchKubo() {
        ImportedNode mars = blocks.unixFsLeafFile("Hello Mars!\n");
        ImportedNode venus = blocks.unixFsLeafFile("Hello Venus!\n");
        assertEquals(Cid.parse("QmPrrHqJzto9m7SyiRzarwkqPcCSsKR2EB1AyqJfe8L8tN"), mars.cid());
        assertEquals(Cid.parse("QmU5kp3BH3B8tnWUU2Pikdb2maksBNkb92FHRr56hyghh4"), venus.cid());

        DirectoryTreeImporter tree = new DirectoryTreeImporter(ImportOptions.defaults(), blocks);
        tree.addFile("planets/venus.txt", venus);
        tree.addFile("planets/mars.txt", mars);
        ImportedDirectoryTree result = tree.finish();
        assertEquals(Cid.parse("QmWSgS32xQEcXMeqd3YPJLrNBLSdsfYCep2U7CFkyrjXwY"),
                result.directories().get("planets").cid());
        assertEquals(List.of("planets", ""), List.copyOf(result.directories().keySet()));
    }

    /** The same with --raw-leaves: raw CIDv1 files inside a CIDv0 directory. */
    @Test
    void planetsWithRawLeavesMatchKubo() {
        ImportedNode mars = blocks.rawFile("Hello Mars!\n");
        ImportedNode venus = blocks.rawFile("Hello Venus!\n");
        assertEquals(Cid.parse("bafkreibmlvvgdyihetgocpof6xk64kjjzdeq2e4c7hqs3krdheosk4tgj4"), mars.cid());
        assertEquals(Cid.parse("bafkreihfsphazrk2ilejpekyltjeh5k4yvwgjuwg26ueafohqioeo3sdca"), venus.cid());

        DirectoryTreeImporter tree = new DirectoryTreeImporter(ImportOptions.defaults().withRawLeaves(true), blocks);
        tree.addFile("mars.txt", mars);
        tree.addFile("venus.txt", venus);
        assertEquals(Cid.parse("QmfWfQfKCY5Ukv9peBbxM5vqWM9BzmqUSXvdCgjT2wsiBT"), tree.finish().root().cid());
    }

    /** Kubo test/sharness/t0040-add-and-cat.sh, "ipfs add -r ." of hey and hello/world. */
    @Test
    void nestedTreeMatchesKuboInAnyOrder() {
        ImportedNode hey = blocks.unixFsLeafFile("Hey\n");
        ImportedNode world = blocks.unixFsLeafFile("World\n");
        Cid expected = Cid.parse("QmZQWnfcqJ6hNkkPvrY9Q5X39GP3jUnUbAV4AbmbbR3Cb1");

        DirectoryTreeImporter filesFirst = new DirectoryTreeImporter(ImportOptions.defaults(), blocks);
        filesFirst.addFile("hey", hey);
        filesFirst.addFile("hello/world", world);
        assertEquals(expected, filesFirst.finish().root().cid());

        DirectoryTreeImporter declaredFirst = new DirectoryTreeImporter(ImportOptions.defaults(), blocks);
        declaredFirst.addDirectory("hello");
        declaredFirst.addFile("hello/world", world);
        declaredFirst.addDirectory("hello");
        declaredFirst.addFile("hey", hey);
        ImportedDirectoryTree tree = declaredFirst.finish();
        assertEquals(expected, tree.root().cid());
        assertEquals(Cid.parse("Qma9CyFdG5ffrZCcYSin2uAETygB25cswVwEYYzwfQuhTe"), world.cid());
        assertEquals(hey.contentSize() + world.contentSize(), tree.root().contentSize());
    }

    /** Kubo test/sharness/t0044-add-symlink.sh: a tree holding a symlink and a dangling symlink. */
    @Test
    void symlinksMatchKubo() {
        assertEquals(Cid.parse("QmdocmZeF7qwPT9Z8SiVhMSyKA2KKoA2J7jToW6z6WBmxR"),
                SymlinkBuilder.write("files/foo/baz", ImportOptions.defaults(), blocks).cid());
        assertEquals(Cid.parse("QmWYN8SEXCgNT2PSjB6BnxAx6NJQtazWoBkTRH9GRfPFFQ"),
                SymlinkBuilder.write("files/does/not/exist", ImportOptions.defaults(), blocks).cid());

        DirectoryTreeImporter v0 = new DirectoryTreeImporter(ImportOptions.defaults(), blocks);
        v0.addFile("files/foo/baz", blocks.unixFsLeafFile("some text\n"));
        v0.addSymlink("files/bar/baz", "files/foo/baz");
        v0.addSymlink("files/bad", "files/does/not/exist");
        assertEquals(Cid.parse("QmWdiHKoeSW8G1u7ATCgpx4yMoUhYaJBQGkyPLkS9goYZ8"),
                v0.finish().directories().get("files").cid());

        DirectoryTreeImporter v1 = new DirectoryTreeImporter(ImportOptions.defaults().withCidVersion(1), blocks);
        v1.addSymlink("files/bad", "files/does/not/exist");
        v1.addFile("files/foo/baz", blocks.rawFile("some text\n"));
        v1.addSymlink("files/bar/baz", "files/foo/baz");
        assertEquals(Cid.parse("bafybeibyhlx64cklod6isy3h7tsmr4qvam3ae3b74n3hfes5bythjrwyua"),
                v1.finish().directories().get("files").cid());
    }

    @Test
    void deepTreeIsTheSameWhateverTheArrivalOrder() {
        List<String> paths = new ArrayList<>();
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 5; b++) {
                for (int c = 0; c < 6; c++) {
                    paths.add("dir" + a + "/sub" + b + "/file" + c + ".txt");
                }
                paths.add("dir" + a + "/top" + b);
            }
        }
        Cid first = importAll(paths).root().cid();
        Collections.shuffle(paths, new Random(7));
        ImportedDirectoryTree shuffled = importAll(paths);
        assertEquals(first, shuffled.root().cid());
        assertEquals(1 + 4 + 4 * 5, shuffled.directories().size());

        PathResolver resolver = new PathResolver(blocks);
        for (String path : paths) {
            assertEquals(blocks.rawFile(path).cid(), resolver.resolve(shuffled.root().cid(), List.of(path.split("/"))));
        }
        assertEquals(shuffled.directories().get("dir2/sub3").cid(),
                resolver.resolve("/ipfs/" + shuffled.root().cid() + "/dir2/sub3"));
    }

    private ImportedDirectoryTree importAll(List<String> paths) {
        DirectoryTreeImporter tree = new DirectoryTreeImporter(ImportOptions.defaults(), blocks);
        for (String path : paths) {
            tree.addFile(path, blocks.rawFile(path));
        }
        return tree.finish();
    }

    @Test
    void declaredEmptyDirectoriesAreKept() {
        DirectoryTreeImporter tree = new DirectoryTreeImporter(ImportOptions.defaults(), blocks);
        tree.addDirectory("a/empty");
        tree.addFile("a/file", blocks.rawFile("f"));
        ImportedDirectoryTree result = tree.finish();
        assertEquals(Cid.parse("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn"),
                result.directories().get("a/empty").cid());
        assertEquals(List.of("a/empty", "a", ""), List.copyOf(result.directories().keySet()));
    }

    @Test
    void anEmptyTreeIsTheEmptyDirectory() {
        ImportedDirectoryTree result = new DirectoryTreeImporter(ImportOptions.defaults(), blocks).finish();
        assertEquals(Cid.parse("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn"), result.root().cid());
    }

    @Test
    void wrappingPutsTheFileUnderItsName() {
        ImportedNode file = blocks.rawFile("wrapped");
        ImportedNode wrapped = DirectoryTreeImporter.wrap("file.txt", file, ImportOptions.defaults(), blocks);
        assertEquals(List.of(new DirectoryEntry("file.txt", file.cid(), file.dagSize())),
                new DirectoryLister(blocks).list(wrapped.cid()));
        DirectoryTreeImporter tree = new DirectoryTreeImporter(ImportOptions.defaults(), blocks);
        tree.addFile("file.txt", file);
        assertEquals(tree.finish().root(), wrapped);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/a", "a/", "a//b", "a/../b", "./a", "a/.", ".."})
    void rejectsInvalidPaths(String path) {
        DirectoryTreeImporter tree = new DirectoryTreeImporter(ImportOptions.defaults(), blocks);
        ImportedNode file = blocks.rawFile("x");
        assertEquals(IpldException.Code.UNIXFS_INVALID_NAME,
                assertThrows(IpldException.class, () -> tree.addFile(path, file)).code());
        assertEquals(IpldException.Code.UNIXFS_INVALID_NAME,
                assertThrows(IpldException.class, () -> tree.addDirectory(path)).code());
    }

    @Test
    void rejectsConflictingPaths() {
        DirectoryTreeImporter tree = new DirectoryTreeImporter(ImportOptions.defaults(), blocks);
        ImportedNode file = blocks.rawFile("x");
        tree.addFile("a/b", file);
        assertEquals(IpldException.Code.UNIXFS_INVALID_NAME,
                assertThrows(IpldException.class, () -> tree.addFile("a/b", file)).code());
        assertEquals(IpldException.Code.UNIXFS_INVALID_NAME,
                assertThrows(IpldException.class, () -> tree.addFile("a/b/c", file)).code());
        assertEquals(IpldException.Code.UNIXFS_INVALID_NAME,
                assertThrows(IpldException.class, () -> tree.addDirectory("a/b")).code());
        assertEquals(IpldException.Code.UNIXFS_INVALID_NAME,
                assertThrows(IpldException.class, () -> tree.addFile("a", file)).code());
    }

    @Test
    void cannotBeFinishedTwice() {
        DirectoryTreeImporter tree = new DirectoryTreeImporter(ImportOptions.defaults(), blocks);
        tree.finish();
        assertThrows(IllegalStateException.class, tree::finish);
        assertThrows(IllegalStateException.class, () -> tree.addDirectory("late"));
    }
}
