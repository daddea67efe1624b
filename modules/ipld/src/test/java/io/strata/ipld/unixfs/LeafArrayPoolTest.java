package io.strata.ipld.unixfs;

import io.strata.ipld.Block;
import io.strata.ipld.BlockSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Leaf arrays reused across an import: same blocks as fresh arrays, and only the pool's own arrays reused. */
class LeafArrayPoolTest {

    private static final int CHUNK = 4096;

    /** Keeps a copy of every block (what a store writes) and releases its array to the pool at once. */
    private static final class CopyingSink implements BlockSink {
        final List<Block> copies = new ArrayList<>();
        final Set<byte[]> arraysSeen = Collections.newSetFromMap(new IdentityHashMap<>());
        int arraysReused;
        private final LeafArrayPool pool;

        CopyingSink(LeafArrayPool pool) {
            this.pool = pool;
        }

        @Override
        public void put(Block block) {
            copies.add(new Block(block.cid(), block.data().clone()));
            if (!arraysSeen.add(block.data())) {
                arraysReused++;
            }
            if (pool != null) {
                pool.release(block.data());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void importWithReusedArraysMakesTheSameBlocksAsFreshArrays(boolean rawLeaves) throws IOException {
        byte[] content = new byte[CHUNK * 40 + 1234];
        new Random(7).nextBytes(content);
        ImportOptions options = ImportOptions.defaults().withChunkSize(CHUNK).withRawLeaves(rawLeaves)
                .withMaxLinks(8);
        UnixFsImporter importer = new UnixFsImporter(options);

        CopyingSink fresh = new CopyingSink(null);
        ImportedNode expected = importer.importFile(new ByteArrayInputStream(content), fresh);
        LeafArrayPool pool = new LeafArrayPool(16);
        CopyingSink pooled = new CopyingSink(pool);
        ImportedNode actual = importer.importFile(new ByteArrayInputStream(content), pooled, pool);

        assertEquals(expected, actual);
        assertEquals(fresh.copies.size(), pooled.copies.size());
        for (int i = 0; i < fresh.copies.size(); i++) {
            assertEquals(fresh.copies.get(i).cid(), pooled.copies.get(i).cid());
            assertArrayEquals(fresh.copies.get(i).data(), pooled.copies.get(i).data());
        }
        assertEquals(0, fresh.arraysReused);
        assertTrue(pooled.arraysReused > 30, "leaf arrays reused: " + pooled.arraysReused);
        assertEquals(0, pool.lentCount(), "every lent array came back, the last chunk's too");
    }

    @Test
    void aFileEndingOnAChunkBoundaryGivesBackTheArrayItReadNothingInto() throws IOException {
        byte[] content = new byte[CHUNK * 3];
        new Random(3).nextBytes(content);
        LeafArrayPool pool = new LeafArrayPool(16);
        UnixFsImporter importer = new UnixFsImporter(ImportOptions.defaults().withChunkSize(CHUNK));

        importer.importFile(new ByteArrayInputStream(content), new CopyingSink(pool), pool);

        assertEquals(0, pool.lentCount());
    }

    @Test
    void leavesNamedByIdentityCidsNeverReachTheSinkSoTheyAreNotLent() throws IOException {
        byte[] content = new byte[64 * 10];
        new Random(5).nextBytes(content);
        LeafArrayPool pool = new LeafArrayPool(16);
        UnixFsImporter importer = new UnixFsImporter(ImportOptions.defaults().withChunkSize(64).withRawLeaves(true)
                .withInline(true, 128));

        importer.importFile(new ByteArrayInputStream(content), new CopyingSink(pool), pool);

        assertEquals(0, pool.lentCount());
    }

    @Test
    void onlyArraysThePoolLentAreTakenBackAndEachOnce() {
        LeafArrayPool pool = new LeafArrayPool(4);
        byte[] foreign = new byte[100];
        pool.release(foreign);
        assertNotSame(foreign, pool.take(100));

        LeafArrayPool second = new LeafArrayPool(4);
        byte[] lent = second.take(100);
        second.release(lent);
        second.release(lent);
        assertSame(lent, second.take(100));
        assertNotSame(lent, second.take(100), "released twice, lent once more only");
    }

    @Test
    void anIdleArrayOfAnotherLengthIsNotHandedOut() {
        LeafArrayPool pool = new LeafArrayPool(4);
        byte[] small = pool.take(10);
        pool.release(small);
        byte[] large = pool.take(20);
        assertEquals(20, large.length);
        assertEquals(1, pool.lentCount());
    }
}
