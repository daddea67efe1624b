package io.strata.blockstore;

import io.strata.ipld.Block;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.strata.blockstore.TestDags.node;
import static io.strata.blockstore.TestDags.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Garbage collection over the memory stores; {@link RocksGarbageCollectorTest} runs the same on RocksDB. */
class GarbageCollectorTest {

    protected BlockStore blocks;
    protected PinStore pins;
    private final GcLock lock = new GcLock();

    private final Block leafA = raw("leaf a");
    private final Block leafC = raw("leaf c");
    private final Block middle = node("middle", leafC.cid());
    private final Block recursiveRoot = node("root", leafA.cid(), middle.cid());
    private final Block directChild = raw("child of a direct pin");
    private final Block directlyPinned = node("direct", directChild.cid());
    private final Block mfsLeaf = raw("mfs file");
    private final Block mfsRoot = node("mfs root", mfsLeaf.cid());
    private final Block loose = raw("loose");
    private final Block looseParent = node("loose parent", loose.cid());

    protected void openStores() {
        blocks = new MemoryBlockStore();
        pins = new MemoryPinStore();
    }

    @BeforeEach
    void storeDags() {
        openStores();
        blocks.putAll(List.of(leafA, leafC, middle, recursiveRoot, directChild, directlyPinned, mfsLeaf, mfsRoot,
                loose, looseParent));
        pins.put(new Pin(recursiveRoot.cid().toV0(), PinType.RECURSIVE, ""));
        pins.put(new Pin(directlyPinned.cid(), PinType.DIRECT, ""));
    }

    private GarbageCollector collector() {
        return new GarbageCollector(blocks, pins, TestDags.DAG_PB_LINKS, lock);
    }

    private Set<Cid> stored() {
        try (Stream<Cid> keys = blocks.keys()) {
            return keys.collect(Collectors.toSet());
        }
    }

    @Test
    void removesWhatNoPinOrRootReachesAndKeepsTheRest() {
        List<Cid> removed = new ArrayList<>();

        GcResult result = collector().collect(List.of(mfsRoot.cid()), removed::add);

        assertEquals(Set.of(loose.cid(), looseParent.cid(), directChild.cid()), Set.copyOf(removed));
        assertEquals(3, removed.size());
        assertEquals(new GcResult(7, 3, List.of()), result);
        assertEquals(Set.of(leafA.cid(), leafC.cid(), middle.cid(), recursiveRoot.cid(), directlyPinned.cid(),
                mfsLeaf.cid(), mfsRoot.cid()), stored());
        assertEquals(7, blocks.stat().blockCount());
    }

    @Test
    void secondCollectionRemovesNothing() {
        collector().collect(List.of(), cid -> { });
        List<Cid> removed = new ArrayList<>();

        GcResult second = collector().collect(List.of(), removed::add);

        assertEquals(0, second.removedBlocks());
        assertEquals(List.of(), removed);
    }

    @Test
    void missingBlockInAPinnedDagIsReportedAndTheCollectionCompletes() {
        blocks.delete(middle.cid());
        List<Cid> removed = new ArrayList<>();

        GcResult result = collector().collect(List.of(), removed::add);

        assertEquals(List.of(new DagProblem(middle.cid(), recursiveRoot.cid().toV0(), DagProblem.Kind.MISSING,
                "block " + middle.cid() + " under " + recursiveRoot.cid().toV0() + " is not in the block store")),
                result.problems());
        assertTrue(stored().containsAll(List.of(recursiveRoot.cid(), leafA.cid(), directlyPinned.cid())));
        assertTrue(removed.contains(leafC.cid()), "reachable only through the missing block, so not marked");
    }

    @Test
    void undecodableBlockInAPinnedDagIsKeptAndReported() {
        byte[] garbage = {(byte) 0xff, 0x01, 0x02};
        Cid claimsDagPb = Cid.of(Multicodec.DAG_PB, Multicodec.SHA2_256, garbage);
        blocks.put(new Block(claimsDagPb, garbage));
        pins.put(new Pin(claimsDagPb, PinType.RECURSIVE, ""));

        GcResult result = collector().collect(List.of(), cid -> { });

        assertEquals(List.of(DagProblem.Kind.UNREADABLE),
                result.problems().stream().map(DagProblem::kind).toList());
        assertTrue(blocks.has(claimsDagPb));
    }

    @Test
    void blockUnderADirectPinThatAnotherDagReachesKeepsItsChildren() {
        pins.put(new Pin(middle.cid(), PinType.DIRECT, ""));

        collector().collect(List.of(), cid -> { });

        assertTrue(blocks.has(leafC.cid()));
    }

    @Test
    void collectionWaitsForSharedHolds() throws Exception {
        CompletableFuture<GcResult> collection;
        try (GcLock.Hold importInProgress = lock.shared()) {
            collection = CompletableFuture.supplyAsync(() -> collector().collect(List.of(), cid -> { }));
            Thread.sleep(200);

            assertFalse(collection.isDone());
            assertTrue(blocks.has(loose.cid()));
        }
        assertEquals(5, collection.get(30, TimeUnit.SECONDS).removedBlocks(), "no extra root, so the MFS DAG goes too");
    }

    @Test
    void identityLinksAreFollowedWithoutStoringAnything() {
        Cid inline = TestDags.identityCid("tiny");
        Block withInline = node("inline parent", inline);
        blocks.put(withInline);
        pins.put(new Pin(withInline.cid(), PinType.RECURSIVE, ""));

        GcResult result = collector().collect(List.of(), cid -> { });

        assertEquals(List.of(), result.problems());
        assertTrue(blocks.has(withInline.cid()));
        assertEquals("tiny", new String(blocks.get(inline).orElseThrow(), StandardCharsets.UTF_8));
    }
}
