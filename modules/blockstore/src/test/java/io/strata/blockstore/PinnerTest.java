package io.strata.blockstore;

import io.strata.ipld.Block;
import io.strata.multiformats.Cid;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.strata.blockstore.TestDags.node;
import static io.strata.blockstore.TestDags.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PinnerTest {

    private final MemoryBlockStore blocks = new MemoryBlockStore();
    private final MemoryPinStore pins = new MemoryPinStore();
    private final Pinner pinner = new Pinner(blocks, pins, TestDags.DAG_PB_LINKS);

    private final Block leafA = raw("leaf a");
    private final Block leafC = raw("leaf c");
    private final Block shared = raw("shared");
    private final Block middle = node("middle", leafC.cid(), shared.cid());
    private final Block root = node("root", leafA.cid(), middle.cid());
    private final Block otherRoot = node("other root", shared.cid());

    @BeforeEach
    void storeDags() {
        blocks.putAll(List.of(leafA, leafC, shared, middle, root, otherRoot));
    }

    private static <T> Set<T> collect(Stream<T> stream) {
        try (stream) {
            return stream.collect(Collectors.toSet());
        }
    }

    private static BlockStoreException.Code failure(Runnable action) {
        return assertThrows(BlockStoreException.class, action::run).code();
    }

    @Test
    void recursivePinIsReportedWithItsName() {
        pinner.pin(root.cid(), PinType.RECURSIVE, "site");

        assertEquals(Optional.of(new PinStatus(root.cid(), PinType.RECURSIVE, "site", null)),
                pinner.status(root.cid()));
    }

    @Test
    void blocksUnderARecursivePinArePinnedIndirectlyThroughIt() {
        pinner.pin(root.cid(), PinType.RECURSIVE, "");

        assertEquals(Optional.of(new PinStatus(leafC.cid(), PinType.INDIRECT, "", root.cid())),
                pinner.status(leafC.cid()));
        assertEquals(Optional.empty(), pinner.status(otherRoot.cid()));
    }

    @Test
    void indirectListingHoldsEachDescendantOnceAndNoRecursiveRoot() {
        pinner.pin(root.cid(), PinType.RECURSIVE, "");
        pinner.pin(otherRoot.cid(), PinType.RECURSIVE, "");

        Set<PinStatus> indirect = collect(pinner.list(PinType.INDIRECT));

        assertEquals(Set.of(leafA.cid(), leafC.cid(), shared.cid(), middle.cid()),
                indirect.stream().map(PinStatus::cid).collect(Collectors.toSet()));
        assertEquals(4, indirect.size());
        assertTrue(indirect.stream().allMatch(status -> status.type() == PinType.INDIRECT));
        assertEquals(Set.of(root.cid()), indirect.stream().filter(status -> status.cid().equals(leafC.cid()))
                .map(PinStatus::via).collect(Collectors.toSet()));
    }

    @Test
    void directPinOnARecursivelyPinnedBlockIsRefused() {
        pinner.pin(root.cid(), PinType.RECURSIVE, "");

        assertEquals(BlockStoreException.Code.PIN_CONFLICT,
                failure(() -> pinner.pin(root.cid(), PinType.DIRECT, "")));
    }

    @Test
    void recursivePinReplacesADirectOne() {
        pinner.pin(middle.cid(), PinType.DIRECT, "");
        pinner.pin(middle.cid(), PinType.RECURSIVE, "now whole");

        assertEquals(Set.of(), collect(pinner.list(PinType.DIRECT)));
        assertEquals(Set.of(new PinStatus(middle.cid(), PinType.RECURSIVE, "now whole", null)),
                collect(pinner.list(PinType.RECURSIVE)));
    }

    @Test
    void unpinFollowsKuboRules() {
        pinner.pin(root.cid(), PinType.RECURSIVE, "");
        pinner.pin(otherRoot.cid(), PinType.DIRECT, "");

        assertEquals(BlockStoreException.Code.PIN_CONFLICT, failure(() -> pinner.unpin(root.cid(), false)));
        assertEquals(BlockStoreException.Code.NOT_PINNED, failure(() -> pinner.unpin(leafA.cid(), true)));

        pinner.unpin(otherRoot.cid(), false);
        pinner.unpin(root.cid(), true);

        assertEquals(Optional.empty(), pinner.status(root.cid()));
        assertEquals(Optional.empty(), pinner.status(leafA.cid()));
        assertEquals(BlockStoreException.Code.NOT_PINNED, failure(() -> pinner.unpin(root.cid(), true)));
    }

    @Test
    void updateMovesARecursivePinKeepingItsName() {
        pinner.pin(middle.cid(), PinType.RECURSIVE, "site");

        pinner.update(middle.cid(), root.cid(), true);

        assertEquals(Set.of(new PinStatus(root.cid(), PinType.RECURSIVE, "site", null)),
                collect(pinner.list(PinType.RECURSIVE)));
    }

    @Test
    void updateWithoutUnpinKeepsBoth() {
        pinner.pin(middle.cid(), PinType.RECURSIVE, "");

        pinner.update(middle.cid(), otherRoot.cid(), false);

        assertEquals(Set.of(middle.cid(), otherRoot.cid()), collect(pinner.list(PinType.RECURSIVE)
                .map(PinStatus::cid)));
    }

    @Test
    void updateNeedsARecursivePinToStartFrom() {
        pinner.pin(middle.cid(), PinType.DIRECT, "");

        assertEquals(BlockStoreException.Code.NOT_PINNED,
                failure(() -> pinner.update(middle.cid(), root.cid(), true)));
        assertEquals(BlockStoreException.Code.NOT_PINNED,
                failure(() -> pinner.update(leafA.cid(), root.cid(), true)));
    }

    @Test
    void verifyReportsMissingAndCorruptBlocksPerPin() {
        Block tampered = raw("tampered leaf");
        Cid promised = raw("what the link promised").cid();
        blocks.put(new Block(promised, tampered.data()));
        Block brokenRoot = node("broken", promised, raw("never stored").cid());
        blocks.put(brokenRoot);
        pinner.pin(root.cid(), PinType.RECURSIVE, "");
        pinner.pin(brokenRoot.cid(), PinType.RECURSIVE, "");

        Map<Cid, PinVerification> results;
        try (Stream<PinVerification> verifications = pinner.verify()) {
            results = verifications.collect(Collectors.toMap(PinVerification::pin, result -> result));
        }

        assertTrue(results.get(root.cid()).ok());
        List<BadBlock> bad = results.get(brokenRoot.cid()).badBlocks();
        assertEquals(2, bad.size());
        assertTrue(bad.get(0).cid().equals(promised) && bad.get(0).reason().startsWith("hash mismatch"),
                bad.get(0).toString());
        assertEquals(new BadBlock(raw("never stored").cid(), "block not found"), bad.get(1));
    }
}
