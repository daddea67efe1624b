package io.strata.bitswap.verticle;

import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class PrefetchedBlocksTest {

    private static Cid cid(String name) {
        return Cid.of(Multicodec.RAW, Multicodec.SHA2_256, name.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBlockIsHandedOutOnce() {
        PrefetchedBlocks cache = new PrefetchedBlocks(100);
        cache.put(cid("a"), new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, cache.take(cid("a")));
        assertNull(cache.take(cid("a")));
        assertEquals(0, cache.bytes());
    }

    @Test
    void theOldestBlocksMakeRoomWhenTheBudgetIsExceeded() {
        PrefetchedBlocks cache = new PrefetchedBlocks(100);
        cache.put(cid("old"), new byte[40]);
        cache.put(cid("middle"), new byte[40]);
        cache.put(cid("new"), new byte[40]);

        assertNull(cache.take(cid("old")));
        assertEquals(40, cache.take(cid("middle")).length);
        assertEquals(40, cache.take(cid("new")).length);
    }

    @Test
    void aBlockLargerThanTheBudgetIsNotKeptAndEvictsNothing() {
        PrefetchedBlocks cache = new PrefetchedBlocks(100);
        cache.put(cid("kept"), new byte[60]);
        cache.put(cid("huge"), new byte[101]);
        assertNull(cache.take(cid("huge")));
        assertEquals(60, cache.take(cid("kept")).length);
    }
}
