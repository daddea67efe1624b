package io.strata.bitswap;

import io.strata.multiformats.PeerId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.strata.bitswap.TestPeers.peer;
import static io.strata.bitswap.TestPeers.rawCid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeerTaskQueueTest {

    private final PeerId alice = peer("alice");
    private final PeerId bob = peer("bob");

    private static PeerTaskQueue.Task block(String name, int priority, int work) {
        return new PeerTaskQueue.Task(rawCid(name), priority, PeerTaskQueue.Kind.SEND_BLOCK, work);
    }

    @Test
    void peersTakeTurnsEvenWhenOneQueuedFarMore() {
        PeerTaskQueue queue = new PeerTaskQueue();
        for (int i = 0; i < 100; i++) {
            queue.push(alice, block("a" + i, 1, 1000));
        }
        for (int i = 0; i < 3; i++) {
            queue.push(bob, block("b" + i, 1, 1000));
        }
        List<PeerId> order = new ArrayList<>();
        int aliceWork = 0;
        int bobWork = 0;
        while (!queue.isEmpty()) {
            PeerTaskQueue.Turn turn = queue.next(2000).orElseThrow();
            order.add(turn.peer());
            assertTrue(turn.work() <= 2000, "a turn stays within its budget");
            if (turn.peer().equals(alice)) {
                aliceWork += turn.work();
            } else {
                bobWork += turn.work();
            }
        }
        assertEquals(List.of(alice, bob, alice, bob), order.subList(0, 4));
        assertEquals(100_000, aliceWork);
        assertEquals(3000, bobWork);
        assertEquals(bob, order.get(3), "bob is done after two turns, not after alice's hundred tasks");
    }

    @Test
    void withinAPeerTheMostUrgentTaskGoesFirst() {
        PeerTaskQueue queue = new PeerTaskQueue();
        queue.push(alice, block("low", 1, 10));
        queue.push(alice, block("high", 9, 10));
        queue.push(alice, block("mid", 5, 10));
        assertEquals(List.of(rawCid("high"), rawCid("mid"), rawCid("low")),
                queue.next(1000).orElseThrow().tasks().stream().map(PeerTaskQueue.Task::cid).toList());
    }

    @Test
    void aTaskLargerThanTheBudgetIsStillServed() {
        PeerTaskQueue queue = new PeerTaskQueue();
        queue.push(alice, block("huge", 1, 5000));
        queue.push(alice, block("small", 1, 10));
        assertEquals(List.of(rawCid("huge")),
                queue.next(100).orElseThrow().tasks().stream().map(PeerTaskQueue.Task::cid).toList());
    }

    @Test
    void blockTaskWinsOverPresenceForTheSameCid() {
        PeerTaskQueue queue = new PeerTaskQueue();
        queue.push(alice, block("x", 1, 500));
        queue.push(alice, new PeerTaskQueue.Task(rawCid("x"), 4, PeerTaskQueue.Kind.SEND_HAVE, 36));
        assertEquals(1, queue.size(alice));
        assertEquals(new PeerTaskQueue.Task(rawCid("x"), 4, PeerTaskQueue.Kind.SEND_BLOCK, 500),
                queue.next(1000).orElseThrow().tasks().get(0));
    }

    @Test
    void cancelledAndClearedTasksAreNotServed() {
        PeerTaskQueue queue = new PeerTaskQueue();
        queue.push(alice, block("x", 1, 1));
        queue.push(bob, block("y", 1, 1));
        assertTrue(queue.remove(alice, rawCid("x")));
        queue.clear(bob);
        assertTrue(queue.isEmpty());
        assertTrue(queue.next(10).isEmpty());
    }
}
