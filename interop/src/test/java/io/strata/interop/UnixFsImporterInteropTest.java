package io.strata.interop;

import io.strata.ipld.unixfs.ImportOptions;
import io.strata.ipld.unixfs.ImportedNode;
import io.strata.ipld.unixfs.Layout;
import io.strata.ipld.unixfs.UnixFsImporter;
import io.strata.multiformats.Multicodec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Our {@link UnixFsImporter} against the reference JS importer configured as Kubo (js/unixfs-add.mjs):
 * same root CID and DAG size for files around every fan-out boundary, both layouts, CIDv0 and v1, raw
 * and UnixFS leaves, small and default chunkers, sha2-512 and inline CIDs. Every file is a prefix of
 * one seeded pseudo-random file; small cases also compare the whole list of blocks.
 */
class UnixFsImporterInteropTest {

    private static final int KIB = 1024;
    private static final int DEFAULT_CHUNK = ImportOptions.DEFAULT_CHUNK_SIZE;
    private static final int KUBO_LINKS = ImportOptions.DEFAULT_MAX_LINKS;
    private static final long CONTENT_SIZE = 174L * DEFAULT_CHUNK + 1;
    private static final long LIST_BLOCKS_UP_TO = 256 * KIB;

    @TempDir
    static Path dir;

    private static Path content;
    private static UnixFsOracle oracle;

    @BeforeAll
    static void prepare() throws IOException {
        oracle = new UnixFsOracle(NodeScripts.locate());
        content = TestData.randomFile(dir.resolve("content"), CONTENT_SIZE, 0x5EED_F11EL);
    }

    private record FileCase(long size, ImportOptions options) {

        String describe() {
            return "size " + size + ", cid v" + options.cidVersion() + ", raw leaves " + options.rawLeaves()
                    + ", chunk " + options.chunkSize() + ", " + options.layout() + ", max links "
                    + options.maxLinks() + ", " + options.hash().codecName()
                    + (options.inline() ? ", inline up to " + options.inlineLimit() : "");
        }
    }

    /** Kubo's CID/leaf combinations: its defaults for v0 and v1, and each with the other kind of leaf. */
    private static Map<String, ImportOptions> leafVariants(ImportOptions base) {
        Map<String, ImportOptions> variants = new LinkedHashMap<>();
        variants.put("v0", base.withCidVersion(0));
        variants.put("v1", base.withCidVersion(1));
        variants.put("v0 raw leaves", base.withCidVersion(0).withRawLeaves(true));
        variants.put("v1 unixfs leaves", base.withCidVersion(1).withRawLeaves(false));
        return variants;
    }

    private static List<Long> leafCountsToSizes(int chunk, long... leafCounts) {
        List<Long> sizes = new ArrayList<>();
        for (long leaves : leafCounts) {
            sizes.add(leaves * chunk);
            if (leaves > 1) {
                sizes.add(leaves * chunk - chunk / 2);
            }
        }
        return sizes;
    }

    @TestFactory
    Stream<DynamicTest> balancedAroundFanOutBoundaries() {
        ImportOptions base = ImportOptions.defaults().withChunkSize(256);
        List<FileCase> cases = new ArrayList<>();
        List<Long> sizes = List.of(0L, 1L, 255L, 256L, 257L, 256L * KUBO_LINKS - 1, 256L * KUBO_LINKS,
                256L * KUBO_LINKS + 1, 256L * 2 * KUBO_LINKS + 7);
        for (ImportOptions options : leafVariants(base).values()) {
            sizes.forEach(size -> cases.add(new FileCase(size, options)));
        }
        cases.add(new FileCase(256L * KUBO_LINKS * KUBO_LINKS, base));
        cases.add(new FileCase(256L * KUBO_LINKS * KUBO_LINKS + 1, base.withCidVersion(1)));
        return compare(cases);
    }

    @TestFactory
    Stream<DynamicTest> balancedWithFewLinksPerNode() {
        ImportOptions base = ImportOptions.defaults().withChunkSize(16).withMaxLinks(3);
        List<FileCase> cases = new ArrayList<>();
        List<Long> sizes = new ArrayList<>(leafCountsToSizes(16, 0, 1, 2, 3, 4, 5, 8, 9, 10, 26, 27, 28, 81, 82,
                243, 244, 1000));
        for (ImportOptions options : List.of(base, base.withCidVersion(1))) {
            sizes.forEach(size -> cases.add(new FileCase(size, options)));
        }
        return compare(cases);
    }

    @TestFactory
    Stream<DynamicTest> trickleAcrossLayers() {
        // With 174 direct leaves and 4 repeats per depth, the layers end after 174, 870, 4350 and 21750 leaves.
        ImportOptions base = ImportOptions.defaults().withChunkSize(256).withLayout(Layout.TRICKLE);
        List<Long> sizes = new ArrayList<>(List.of(0L, 1L, 100L));
        sizes.addAll(leafCountsToSizes(256, 2, 174, 175, 348, 349, 870, 871, 1000));
        sizes.addAll(List.of(4350L * 256, 4351L * 256, 5000L * 256 - 3));
        List<FileCase> cases = new ArrayList<>();
        for (ImportOptions options : List.of(base, base.withCidVersion(1), base.withRawLeaves(true))) {
            sizes.forEach(size -> cases.add(new FileCase(size, options)));
        }
        cases.add(new FileCase(21750L * 256, base));
        cases.add(new FileCase(21751L * 256, base.withCidVersion(1)));
        return compare(cases);
    }

    @TestFactory
    Stream<DynamicTest> trickleWithFewLinksPerNodeGoesDeep() {
        ImportOptions base = ImportOptions.defaults().withChunkSize(16).withMaxLinks(3).withLayout(Layout.TRICKLE);
        List<Long> sizes = new ArrayList<>();
        for (long leaves = 0; leaves <= 64; leaves++) {
            sizes.add(leaves * 16);
        }
        sizes.addAll(leafCountsToSizes(16, 100, 333, 1000, 3000));
        List<FileCase> cases = new ArrayList<>();
        for (ImportOptions options : leafVariants(base).values()) {
            sizes.forEach(size -> cases.add(new FileCase(size, options)));
        }
        return compare(cases);
    }

    @TestFactory
    Stream<DynamicTest> smallChunkers() {
        List<FileCase> cases = new ArrayList<>();
        for (long size : List.of(1L, 2L, 173L, 174L, 175L, 1000L, 174L * 174 + 1)) {
            cases.add(new FileCase(size, ImportOptions.defaults().withChunkSize(1)));
            cases.add(new FileCase(size, ImportOptions.defaults().withChunkSize(1).withCidVersion(1)));
        }
        for (long size : List.of(15L, 16L, 17L, 16L * 174, 16L * 174 + 1, 16L * 174 * 3 + 5)) {
            cases.add(new FileCase(size, ImportOptions.defaults().withChunkSize(16)));
            cases.add(new FileCase(size, ImportOptions.defaults().withChunkSize(16).withLayout(Layout.TRICKLE)));
        }
        for (long size : List.of(1024L * 174 + 1, 1024L * 500)) {
            for (ImportOptions options : leafVariants(ImportOptions.defaults().withChunkSize(1024)).values()) {
                cases.add(new FileCase(size, options));
            }
        }
        return compare(cases);
    }

    @TestFactory
    Stream<DynamicTest> kuboDefaultChunker() {
        ImportOptions kubo = ImportOptions.defaults();
        List<FileCase> cases = new ArrayList<>();
        for (long size : List.of(12L, DEFAULT_CHUNK - 1L, (long) DEFAULT_CHUNK, DEFAULT_CHUNK + 1L,
                4L * DEFAULT_CHUNK + 17)) {
            cases.add(new FileCase(size, kubo));
            cases.add(new FileCase(size, kubo.withCidVersion(1)));
        }
        cases.add(new FileCase((long) KUBO_LINKS * DEFAULT_CHUNK, kubo));
        cases.add(new FileCase(CONTENT_SIZE, kubo.withCidVersion(1)));
        cases.add(new FileCase(4L * DEFAULT_CHUNK + 17, kubo.withLayout(Layout.TRICKLE)));
        cases.add(new FileCase(CONTENT_SIZE, kubo.withLayout(Layout.TRICKLE)));
        cases.add(new FileCase(3L * 1024 * KIB + 5, kubo.withChunkSize(1024 * KIB).withCidVersion(1)));
        return compare(cases);
    }

    @TestFactory
    Stream<DynamicTest> sha2_512() {
        ImportOptions sha512 = ImportOptions.defaults().withChunkSize(256).withHash(Multicodec.SHA2_512);
        List<FileCase> cases = new ArrayList<>();
        for (long size : List.of(0L, 12L, 256L * 5 + 3, 256L * 200)) {
            for (ImportOptions options : List.of(sha512, sha512.withRawLeaves(false),
                    sha512.withLayout(Layout.TRICKLE), sha512.withLayout(Layout.TRICKLE).withRawLeaves(false))) {
                cases.add(new FileCase(size, options));
            }
        }
        return compare(cases);
    }

    @TestFactory
    Stream<DynamicTest> inlineCids() {
        ImportOptions inline = ImportOptions.defaults().withChunkSize(16)
                .withInline(true, ImportOptions.DEFAULT_INLINE_LIMIT);
        List<FileCase> cases = new ArrayList<>();
        for (long size : List.of(0L, 10L, 16L, 17L, 100L, 16L * 174 + 1)) {
            for (ImportOptions options : leafVariants(inline).values()) {
                cases.add(new FileCase(size, options));
                cases.add(new FileCase(size, options.withLayout(Layout.TRICKLE)));
            }
        }
        cases.add(new FileCase(12, ImportOptions.defaults().withInline(true, ImportOptions.DEFAULT_INLINE_LIMIT)));
        cases.add(new FileCase(300, ImportOptions.defaults().withChunkSize(100).withCidVersion(1)
                .withInline(true, 100)));
        return compare(cases);
    }

    /** Option combinations nobody thought of: a fixed seed, so a failure names a reproducible case. */
    @TestFactory
    Stream<DynamicTest> seededRandomCombinations() {
        SplittableRandom random = new SplittableRandom(20_26_11_24L);
        Boolean[] leafChoices = {null, true, false};
        List<FileCase> cases = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            int chunkSize = 1 + random.nextInt(random.nextBoolean() ? 64 : 5000);
            int maxLinks = 2 + random.nextInt(random.nextBoolean() ? 8 : 300);
            ImportOptions options = ImportOptions.defaults()
                    .withChunkSize(chunkSize)
                    .withMaxLinks(maxLinks)
                    .withLayout(random.nextBoolean() ? Layout.BALANCED : Layout.TRICKLE)
                    .withCidVersion(random.nextInt(2))
                    .withRawLeaves(leafChoices[random.nextInt(3)])
                    .withHash(random.nextInt(5) == 0 ? Multicodec.SHA2_512 : Multicodec.SHA2_256);
            if (random.nextInt(5) == 0) {
                options = options.withInline(true, 1 + random.nextInt(64));
            }
            long leaves = random.nextLong(1 + Math.min(3000, 400_000 / chunkSize));
            cases.add(new FileCase(Math.max(0, leaves * chunkSize - random.nextInt(chunkSize)), options));
        }
        return compare(cases);
    }

    private Stream<DynamicTest> compare(List<FileCase> cases) {
        List<UnixFsOracle.Result> expected = oracle.add(cases.stream()
                .map(testCase -> {
                    UnixFsOracle.Case request = UnixFsOracle.Case.filePrefix(content, testCase.size(),
                            testCase.options());
                    return testCase.size() <= LIST_BLOCKS_UP_TO ? request.withBlockList() : request;
                })
                .toList());
        return IntStream.range(0, cases.size()).mapToObj(i -> DynamicTest.dynamicTest(cases.get(i).describe(),
                () -> assertSameAsOracle(cases.get(i), expected.get(i))));
    }

    private static void assertSameAsOracle(FileCase testCase, UnixFsOracle.Result expected) throws IOException {
        DagRecorder blocks = new DagRecorder();
        ImportedNode imported;
        try (InputStream in = TestData.prefix(content, testCase.size())) {
            imported = new UnixFsImporter(testCase.options()).importFile(in, blocks);
        }
        List<String> ourBlocks = blocks.reachableFrom(imported.cid());
        String what = testCase.describe();
        assertAll(what,
                () -> assertEquals(expected.root(), imported.cid().toString(), "root CID of " + what),
                () -> assertEquals(expected.size(), imported.dagSize(), "DAG size of " + what),
                () -> assertEquals(testCase.size(), imported.contentSize(), "content size of " + what),
                () -> {
                    if (!expected.blocks().isEmpty()) {
                        assertEquals(expected.blocks(), ourBlocks, "blocks, depth first, of " + what);
                    }
                });
    }
}
