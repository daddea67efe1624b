package io.strata.bitswap.verticle;

import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PendingFetchesTest {

    private final PendingFetches<String> pending = new PendingFetches<>();
    private final Cid a = cid("a");
    private final Cid b = cid("b");

    private static Cid cid(String content) {
        return Cid.of(Multicodec.RAW, Multicodec.SHA2_256, content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void onlyTheFirstInterestInACidIsNew() {
        assertTrue(pending.await(a, "first", 100));
        assertFalse(pending.await(a, "second", 100));
        assertFalse(pending.hint(a, 100));
        assertTrue(pending.hint(b, 100));
        assertEquals(Set.of(a, b), pending.cids());
    }

    @Test
    void completionAnswersEveryWaiterOnceAndForgetsTheCid() {
        pending.await(a, "first", 100);
        pending.await(a, "second", 200);
        assertEquals(List.of("first", "second"), pending.complete(a));
        assertFalse(pending.contains(a));
        assertEquals(List.of(), pending.complete(a));
    }

    @Test
    void eachWaiterExpiresAtItsOwnDeadlineAndTheCidIsAbandonedWithTheLast() {
        pending.await(a, "early", 100);
        pending.await(a, "late", 300);

        assertEquals(List.of(), pending.expire(99));
        assertEquals(List.of(new PendingFetches.Expired<>(a, List.of("early"), false)), pending.expire(100));
        assertTrue(pending.contains(a));
        assertEquals(List.of(new PendingFetches.Expired<>(a, List.of("late"), true)), pending.expire(300));
        assertEquals(0, pending.size());
    }

    @Test
    void aHintKeepsTheCidWantedAfterItsWaitersGaveUp() {
        pending.await(a, "caller", 100);
        pending.hint(a, 500);
        pending.hint(b, 50);

        assertEquals(List.of(new PendingFetches.Expired<>(a, List.of("caller"), false),
                new PendingFetches.Expired<>(b, List.of(), true)), pending.expire(100));
        assertTrue(pending.contains(a));
        assertEquals(List.of(new PendingFetches.Expired<>(a, List.of(), true)), pending.expire(500));
    }
}
