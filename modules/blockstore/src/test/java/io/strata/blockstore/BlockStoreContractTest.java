package io.strata.blockstore;

import io.strata.ipld.Block;
import io.strata.ipld.BlockSink;
import io.strata.ipld.IpldException;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.strata.blockstore.TestDags.raw;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The behaviour every {@link BlockStore} shares. */
abstract class BlockStoreContractTest {

    protected BlockStore store;

    protected abstract BlockStore openStore();

    @BeforeEach
    void open() {
        store = openStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private Set<Cid> keys() {
        try (Stream<Cid> keys = store.keys()) {
            return keys.collect(Collectors.toSet());
        }
    }

    @Test
    void storedBlockIsReadBack() {
        Block block = raw("hello world\n");
        store.put(block);

        assertArrayEquals(block.data(), store.get(block.cid()).orElseThrow());
        assertTrue(store.has(block.cid()));
        assertEquals(12, store.size(block.cid()).orElseThrow());
        assertEquals(Set.of(block.cid()), keys());
    }

    @Test
    void absentBlockIsAbsentEverywhere() {
        Block block = raw("never stored");

        assertTrue(store.get(block.cid()).isEmpty());
        assertFalse(store.has(block.cid()));
        assertTrue(store.size(block.cid()).isEmpty());
        assertFalse(store.delete(block.cid()));
        IpldException missing = assertThrows(IpldException.class,
                () -> store.asBlockGetter().get(block.cid()));
        assertEquals(IpldException.Code.BLOCK_NOT_FOUND, missing.code());
    }

    @Test
    void cidV0AndItsV1TwinNameTheSameBlock() {
        Block node = TestDags.node("twin");
        Cid v0 = node.cid().toV0();
        store.put(new Block(v0, node.data()));

        assertArrayEquals(node.data(), store.get(node.cid()).orElseThrow());
        assertTrue(store.has(node.cid()));
        assertEquals(Set.of(v0), keys(), "listing shows the CID of the last put");

        store.put(node);

        assertEquals(Set.of(node.cid()), keys());
        assertEquals(1, store.stat().blockCount());
        assertTrue(store.delete(v0));
        assertFalse(store.has(node.cid()));
    }

    @Test
    void sameMultihashUnderAnotherCodecIsOneBlock() {
        Block block = raw("shared bytes");
        Cid asDagPb = Cid.v1(Multicodec.DAG_PB, block.cid().multihash());
        store.put(block);
        store.put(new Block(asDagPb, block.data()));

        assertEquals(Set.of(asDagPb), keys());
        assertEquals(new BlockStoreStat(1, block.size(), store.stat().storageBytes()), store.stat());
    }

    @Test
    void blockOfExactlyTwoMebibytesIsAccepted() {
        Block largest = raw(new byte[BlockStore.MAX_BLOCK_SIZE]);
        store.put(largest);

        assertEquals(BlockStore.MAX_BLOCK_SIZE, store.size(largest.cid()).orElseThrow());
    }

    @Test
    void oversizedBlockIsRejectedAndNothingIsStored() {
        Block oversized = raw(new byte[BlockStore.MAX_BLOCK_SIZE + 1]);

        BlockStoreException rejected = assertThrows(BlockStoreException.class, () -> store.put(oversized));

        assertEquals(BlockStoreException.Code.BLOCK_TOO_LARGE, rejected.code());
        assertTrue(rejected.getMessage().contains("2097153 bytes"), rejected.getMessage());
        assertFalse(store.has(oversized.cid()));
        assertEquals(0, store.stat().blockCount());
    }

    @Test
    void batchWithOneOversizedBlockStoresNothing() {
        Block small = raw("small");
        Block oversized = raw(new byte[BlockStore.MAX_BLOCK_SIZE + 1]);

        BlockStoreException rejected = assertThrows(BlockStoreException.class,
                () -> store.putAll(List.of(small, oversized)));

        assertEquals(BlockStoreException.Code.BLOCK_TOO_LARGE, rejected.code());
        assertFalse(store.has(small.cid()));
        assertEquals(Set.of(), keys());
    }

    @Test
    void batchStoresEveryBlockAndCountsDuplicatesOnce() {
        Block a = raw("a");
        Block b = raw("bb");
        store.putAll(List.of(a, b, a));

        assertEquals(Set.of(a.cid(), b.cid()), keys());
        BlockStoreStat stat = store.stat();
        assertEquals(2, stat.blockCount());
        assertEquals(3, stat.totalBytes());
    }

    @Test
    void statFollowsPutsAndDeletes() {
        Block a = raw("one");
        Block b = raw("three");
        Block c = raw("seven!!");
        store.put(a);
        store.putAll(List.of(b, c));
        store.put(a);

        assertEquals(3, store.stat().blockCount());
        assertEquals(15, store.stat().totalBytes());

        assertEquals(2, store.deleteAll(List.of(a.cid(), c.cid(), c.cid(), raw("absent").cid())));

        assertEquals(1, store.stat().blockCount());
        assertEquals(5, store.stat().totalBytes());
        assertEquals(Set.of(b.cid()), keys());
    }

    @Test
    void identityCidsAreServedFromTheCidAndNeverStored() {
        Cid identity = TestDags.identityCid("inline");
        store.put(new Block(identity, "inline".getBytes(StandardCharsets.UTF_8)));

        assertArrayEquals("inline".getBytes(StandardCharsets.UTF_8), store.get(identity).orElseThrow());
        assertTrue(store.has(identity));
        assertEquals(6, store.size(identity).orElseThrow());
        assertEquals(Set.of(), keys());
        assertEquals(0, store.stat().blockCount());
        assertFalse(store.delete(identity));
    }

    @Test
    void returnedBytesAreTheCallersToChange() {
        Block block = raw("immutable");
        store.put(block);
        store.get(block.cid()).orElseThrow()[0] = 'X';

        assertArrayEquals("immutable".getBytes(StandardCharsets.UTF_8), store.get(block.cid()).orElseThrow());
    }

    @Test
    void keysStreamEveryBlock() {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            blocks.add(raw("block " + i));
        }
        store.putAll(blocks);

        assertEquals(blocks.stream().map(Block::cid).collect(Collectors.toSet()), keys());
    }

    /** Walks the store page by page, checking each page's size and order; the CIDs in walk order. */
    private List<Cid> walk(int limit) {
        List<Cid> walked = new ArrayList<>();
        Cid after = null;
        while (true) {
            KeyPage page = store.keyPage(after, limit);
            assertTrue(page.cids().size() <= limit);
            walked.addAll(page.cids());
            if (!page.more()) {
                return walked;
            }
            assertEquals(limit, page.cids().size(), "only the last page is short");
            after = page.last().orElseThrow();
        }
    }

    private static List<Cid> inMultihashOrder(List<Block> blocks) {
        return blocks.stream().map(Block::cid)
                .sorted(Comparator.comparing(cid -> cid.multihash().bytes(), Arrays::compareUnsigned)).toList();
    }

    @Test
    void emptyStoreHasOneEmptyLastPage() {
        assertEquals(new KeyPage(List.of(), false), store.keyPage(null, 10));
        assertEquals(new KeyPage(List.of(), false), store.keyPage(raw("absent").cid(), 1));
    }

    @Test
    void pagesListEveryBlockOnceInMultihashOrder() {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            blocks.add(raw("paged " + i));
        }
        store.putAll(blocks);
        store.put(new Block(Cid.of(Multicodec.RAW, Multicodec.IDENTITY, new byte[]{1, 2}), new byte[]{1, 2}));
        List<Cid> expected = inMultihashOrder(blocks);

        for (int limit : new int[]{1, 3, 5, 11, 12, 13, 1000}) {
            assertEquals(expected, walk(limit), "walk with pages of " + limit);
        }
        assertEquals(new KeyPage(expected.subList(0, 6), true), store.keyPage(null, 6));
        assertEquals(new KeyPage(expected.subList(6, 12), false), store.keyPage(expected.get(5), 6),
                "a page ending on the last block says nothing follows");
        assertEquals(new KeyPage(List.of(), false), store.keyPage(expected.get(11), 6));
    }

    @Test
    void pagingResumesAfterACursorThatIsNotStored() {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            blocks.add(raw("cursor " + i));
        }
        store.putAll(blocks.subList(0, 4));
        store.putAll(blocks.subList(4, 8));
        List<Cid> expected = inMultihashOrder(blocks);
        Cid deleted = expected.get(3);
        store.delete(deleted);

        assertEquals(expected.subList(4, 8), store.keyPage(deleted, 10).cids());
    }

    @Test
    void pagesNameTheBlockByItsLastPutCidAndAcceptATwinAsCursor() {
        Block block = raw("twin");
        Cid dagPbTwin = Cid.v1(Multicodec.DAG_PB, block.cid().multihash());
        store.put(block);
        store.put(new Block(dagPbTwin, block.data()));

        assertEquals(List.of(dagPbTwin), store.keyPage(null, 5).cids());
        assertEquals(List.of(), store.keyPage(block.cid(), 5).cids());
    }

    @Test
    void pageLimitBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> store.keyPage(null, 0));
    }

    @Test
    void walkDuringPutsSeesEveryEarlierBlockExactlyOnce() throws Exception {
        List<Block> before = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            before.add(raw("before " + i));
        }
        store.putAll(before);
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 300; i++) {
                store.put(raw("during " + i));
            }
        });
        writer.start();
        List<Cid> walked = walk(7);
        writer.join();

        assertEquals(walked.size(), new HashSet<>(walked).size(), "no CID is listed twice");
        assertTrue(walked.containsAll(before.stream().map(Block::cid).toList()));
        assertEquals(600, walk(50).size());
    }

    @Test
    void readersSeeABatchWhollyOrNotAtAll() throws Exception {
        int batches = 200;
        List<List<Block>> written = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            List<Block> batch = new ArrayList<>();
            for (int j = 0; j < 20; j++) {
                batch.add(raw("batch " + i + " block " + j));
            }
            written.add(batch);
        }
        Thread writer = new Thread(() -> written.forEach(store::putAll));
        writer.start();
        int torn = 0;
        while (writer.isAlive()) {
            for (List<Block> batch : written) {
                if (store.has(batch.get(batch.size() - 1).cid()) && !store.has(batch.get(0).cid())) {
                    torn++;
                }
            }
        }
        writer.join();

        assertEquals(0, torn);
        assertEquals(batches * 20L, store.stat().blockCount());
    }

    @Test
    void batchingSinkWritesFullBatchesAndTheRestOnFlush() {
        BlockSink sink = store.batchingSink(3, Long.MAX_VALUE);
        Block a = raw("a");
        Block b = raw("b");
        Block c = raw("c");
        Block d = raw("d");
        sink.put(a);
        sink.put(b);

        assertFalse(store.has(a.cid()), "a batch is written only when full");

        sink.put(c);
        sink.put(d);

        assertTrue(store.has(a.cid()) && store.has(b.cid()) && store.has(c.cid()));
        assertFalse(store.has(d.cid()));

        sink.flush();

        assertTrue(store.has(d.cid()));
    }

    @Test
    void batchingSinkWritesWhenTheByteLimitIsReached() {
        BlockSink sink = store.batchingSink(1000, 10);
        Block small = raw("12345");
        Block fills = raw("67890");
        sink.put(small);

        assertFalse(store.has(small.cid()));

        sink.put(fills);

        assertTrue(store.has(small.cid()) && store.has(fills.cid()));
    }

    @Test
    void batchingSinkRejectsAnOversizedBlockAtPut() {
        BlockSink sink = store.batchingSink(10, Long.MAX_VALUE);

        BlockStoreException rejected = assertThrows(BlockStoreException.class,
                () -> sink.put(raw(new byte[BlockStore.MAX_BLOCK_SIZE + 1])));

        assertEquals(BlockStoreException.Code.BLOCK_TOO_LARGE, rejected.code());
    }

    @Test
    void closedStoreRefusesCalls() {
        Block block = raw("late");
        store.close();

        BlockStoreException closed = assertThrows(BlockStoreException.class, () -> store.put(block));
        assertEquals(BlockStoreException.Code.CLOSED, closed.code());
        assertEquals(BlockStoreException.Code.CLOSED,
                assertThrows(BlockStoreException.class, () -> store.has(block.cid())).code());
    }

    @Test
    void repoVerifierFindsBlocksWhoseBytesDoNotMatchTheirCid() {
        Block good = raw("good");
        Block other = raw("other");
        Cid lying = raw("what the CID promises").cid();
        store.putAll(List.of(good, new Block(lying, other.data())));
        List<BadBlock> corrupt = new ArrayList<>();

        RepoVerification verification = new RepoVerifier(store).verify(corrupt::add);

        assertEquals(new RepoVerification(2, 1), verification);
        assertEquals(List.of(lying), corrupt.stream().map(BadBlock::cid).toList());
        assertTrue(corrupt.get(0).reason().startsWith("hash mismatch"), corrupt.get(0).reason());
    }
}
