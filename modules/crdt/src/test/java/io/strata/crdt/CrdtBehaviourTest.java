package io.strata.crdt;

import io.strata.ipld.codec.DagCbor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CrdtBehaviourTest {

    @Test
    void countersSumPerReplicaCountsAndKeepTheMaximumOnMerge() {
        GCounter a = GCounter.empty().increment("a", 3).state().increment("a", 2).state();
        GCounter b = GCounter.empty().increment("b", 4).state();
        assertEquals(5, a.value());
        assertEquals(9, a.merge(b).value());
        assertEquals(9, a.merge(b).merge(a).value());
        assertEquals(Map.of("a", 6L), a.merge(b).increment("a", 1).delta().counts(),
                "the delta carries the incremented replica's count alone");
        PNCounter pn = PNCounter.empty().increment("a", 10).state().decrement("b", 4).state();
        assertEquals(6, pn.value());
        assertThrows(IllegalArgumentException.class, () -> GCounter.empty().increment("a", 0));
    }

    @Test
    void theLaterHybridTimestampWinsWhateverTheOrderOfArrival() {
        LwwRegister<String> empty = LwwRegister.empty(ValueCodec.STRING);
        LwwRegister<String> early = empty.assign("early", new HlcTimestamp(100, 5, "z")).state();
        LwwRegister<String> late = empty.assign("late", new HlcTimestamp(100, 6, "a")).state();
        assertEquals("late", early.merge(late).value().orElseThrow());
        assertEquals("late", late.merge(early).value().orElseThrow());
        assertEquals("late", late.assign("stale", new HlcTimestamp(99, 0, "z")).state().value().orElseThrow());
        assertTrue(empty.value().isEmpty());
    }

    @Test
    void anAddConcurrentWithARemoveWins() {
        OrSet<String> base = OrSet.empty(ValueCodec.STRING).add("a", "x").state();
        OrSet<String> removedOnA = base.remove("x").state();
        OrSet<String> readdedOnB = base.add("b", "x").state();
        assertFalse(removedOnA.contains("x"));
        assertTrue(removedOnA.merge(readdedOnB).contains("x"));
        assertTrue(readdedOnB.merge(removedOnA).contains("x"));
        assertEquals(Set.of(new OrSet.Tag("b", 1)), removedOnA.merge(readdedOnB).tagsOf("x"));
    }

    @Test
    void aRemoveDeletesOnlyTheTagsItObserved() {
        OrSet<String> a = OrSet.empty(ValueCodec.STRING).add("a", "x").state();
        OrSet<String> b = OrSet.empty(ValueCodec.STRING).add("b", "x").state();
        Mutation<OrSet<String>> removal = a.remove("x");
        assertEquals(Set.of(new OrSet.Tag("a", 1)), removal.delta().removedTags());
        assertTrue(b.merge(removal.delta()).contains("x"));
        assertFalse(a.merge(b).remove("x").state().merge(b).contains("x"));
    }

    @Test
    void aRemovedTagArrivingLateStaysRemoved() {
        Mutation<OrSet<String>> add = OrSet.empty(ValueCodec.STRING).add("a", "x");
        Mutation<OrSet<String>> remove = add.state().remove("x");
        OrSet<String> replica = OrSet.empty(ValueCodec.STRING).merge(remove.delta()).merge(add.delta());
        assertFalse(replica.contains("x"));
        assertEquals(List.of(), replica.elements());
    }

    @Test
    void tagsAreFreshPerReplicaEvenAfterRemoval() {
        OrSet<String> set = OrSet.empty(ValueCodec.STRING).add("a", "x").state().remove("x").state()
                .add("a", "x").state();
        assertEquals(Set.of(new OrSet.Tag("a", 2)), set.tagsOf("x"));
    }

    @Test
    void malformedStateIsRejectedWithACode() {
        assertCode(() -> GCounter.decode(DagCbor.encode(Map.of("a", -1L))));
        assertCode(() -> GCounter.decode(DagCbor.encode(List.of())));
        assertCode(() -> PNCounter.decode(DagCbor.encode(Map.of("p", Map.of()))));
        assertCode(() -> LwwRegister.decode(DagCbor.encode(Map.of("v", "x")), ValueCodec.STRING));
        assertCode(() -> LwwRegister.decode(DagCbor.encode(Map.of("t", List.of(1L, 0L, "n"), "v", 3L)),
                ValueCodec.STRING));
        assertCode(() -> OrSet.decode(DagCbor.encode(Map.of("e", List.of(List.of("x", List.of(List.of("a", 0L)))),
                "r", List.of())), ValueCodec.STRING));
        assertCode(() -> OrSet.decode(DagCbor.encode(Map.of("e", List.of(List.of("x", List.of()),
                List.of("x", List.of())), "r", List.of())), ValueCodec.STRING));
    }

    private static void assertCode(Runnable decode) {
        CrdtException error = assertThrows(CrdtException.class, decode::run);
        assertEquals(CrdtException.Code.STATE_MALFORMED, error.code());
    }
}
