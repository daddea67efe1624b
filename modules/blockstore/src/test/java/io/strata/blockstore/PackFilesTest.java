package io.strata.blockstore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PackFilesTest {

    private static final long TARGET_PACK_BYTES = 3L * 1024 * 1024;

    @TempDir
    Path directory;

    @ParameterizedTest(name = "direct I/O asked for: {0}")
    @ValueSource(booleans = {true, false})
    void blocksOfEverySizeReadBackAcrossAppendsPacksAndReopening(boolean directIo) throws IOException {
        Random random = new Random(7);
        List<byte[]> written = new ArrayList<>();
        List<PackFiles.Location> locations = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            try (PackFiles packs = new PackFiles(directory, TARGET_PACK_BYTES, directIo)) {
                for (int batch = 0; batch < 25; batch++) {
                    List<byte[]> blocks = new ArrayList<>();
                    for (int i = random.nextInt(6); i >= 0; i--) {
                        blocks.add(randomBlock(random));
                    }
                    locations.addAll(packs.append(blocks, batch % 2 == 0));
                    written.addAll(blocks);
                    if (batch % 6 == 5) {
                        assertAllReadBack(packs, written, locations);
                    }
                }
                assertAllReadBack(packs, written, locations);
                for (int pack : packs.packs()) {
                    assertEquals(0, packs.size(pack) % 4096, "pack " + pack + " ends on a page boundary");
                }
            }
        }
        assertTrue(locations.get(locations.size() - 1).pack() > 2, "the blocks filled several packs");
    }

    private static void assertAllReadBack(PackFiles packs, List<byte[]> written, List<PackFiles.Location> locations)
            throws IOException {
        for (int i = 0; i < written.size(); i++) {
            assertArrayEquals(written.get(i), packs.read(locations.get(i)), "block " + i + " at " + locations.get(i));
        }
    }

    @Test
    void aPackWrittenWithoutAlignmentKeepsItsBlocksAndIsAppendedToAtTheNextPage() throws IOException {
        byte[] old = "a block written by an older version".getBytes(StandardCharsets.UTF_8);
        Files.write(directory.resolve("00000001.pack"), old);
        byte[] added = "added after the upgrade".getBytes(StandardCharsets.UTF_8);

        try (PackFiles packs = new PackFiles(directory, TARGET_PACK_BYTES, true)) {
            PackFiles.Location location = packs.append(List.of(added), true).get(0);

            assertArrayEquals(old, packs.read(new PackFiles.Location(1, 0, old.length)));
            assertEquals(new PackFiles.Location(1, 4096, added.length), location);
            assertArrayEquals(added, packs.read(location));
        }
    }

    @Test
    void aBlockCutShortByATruncatedPackReadsAsMissing() throws IOException {
        PackFiles.Location location;
        try (PackFiles packs = new PackFiles(directory, TARGET_PACK_BYTES, true)) {
            location = packs.append(List.of(new byte[10_000]), true).get(0);
        }
        try (FileChannel channel = FileChannel.open(directory.resolve("00000001.pack"), StandardOpenOption.WRITE)) {
            channel.truncate(9_999);
        }

        try (PackFiles packs = new PackFiles(directory, TARGET_PACK_BYTES, true)) {
            assertNull(packs.read(location));
        }
    }

    @Test
    void directIoIsOffWhenNotAskedFor() throws IOException {
        try (PackFiles packs = new PackFiles(directory, TARGET_PACK_BYTES, false)) {
            assertFalse(packs.directIo());
        }
    }

    /** Mostly small blocks, some leaf-sized and some larger than the write buffer's free space. */
    private static byte[] randomBlock(Random random) {
        int size = switch (random.nextInt(4)) {
            case 0 -> random.nextInt(200);
            case 1 -> random.nextInt(5000);
            case 2 -> 262_144 + random.nextInt(20);
            default -> random.nextInt(2 * 1024 * 1024);
        };
        byte[] block = new byte[size];
        random.nextBytes(block);
        return block;
    }
}
