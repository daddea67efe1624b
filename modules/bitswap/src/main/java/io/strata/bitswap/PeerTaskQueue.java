package io.strata.bitswap;

import io.strata.multiformats.Cid;
import io.strata.multiformats.PeerId;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The server's pending answers, one queue per peer. Peers are served round-robin (the least recently
 * served peer goes next), each turn taking that peer's most urgent tasks up to a work budget, so one
 * peer with a long wantlist cannot starve the others.
 */
public final class PeerTaskQueue {

    public enum Kind {
        SEND_BLOCK,
        SEND_HAVE,
        SEND_DONT_HAVE
    }

    /** One answer owed to a peer; {@code work} is its approximate size on the wire. */
    public record Task(Cid cid, int priority, Kind kind, int work) {
    }

    /** The tasks taken for one peer in one turn. */
    public record Turn(PeerId peer, List<Task> tasks) {
        public int work() {
            return tasks.stream().mapToInt(Task::work).sum();
        }
    }

    private record Queued(Task task, long sequence) {
    }

    private static final Comparator<Queued> MOST_URGENT_FIRST = Comparator
            .comparingInt((Queued queued) -> queued.task().priority()).reversed()
            .thenComparingLong(Queued::sequence);

    private static final class PeerQueue {
        final TreeSet<Queued> ordered = new TreeSet<>(MOST_URGENT_FIRST);
        final Map<Cid, Queued> byCid = new HashMap<>();
    }

    private final Map<PeerId, PeerQueue> queues = new HashMap<>();
    private final Deque<PeerId> rotation = new ArrayDeque<>();
    private long nextSequence;

    /**
     * Queues a task; a task already queued for the same CID is merged, keeping the higher priority and
     * the stronger answer (a block beats a presence).
     */
    public void push(PeerId peer, Task task) {
        PeerQueue queue = queues.computeIfAbsent(peer, p -> {
            rotation.addLast(p);
            return new PeerQueue();
        });
        Queued existing = queue.byCid.remove(task.cid());
        Task merged = task;
        if (existing != null) {
            queue.ordered.remove(existing);
            Task old = existing.task();
            Task stronger = old.kind() == Kind.SEND_BLOCK && task.kind() != Kind.SEND_BLOCK ? old : task;
            merged = new Task(task.cid(), Math.max(old.priority(), task.priority()), stronger.kind(), stronger.work());
        }
        Queued queued = new Queued(merged, existing != null ? existing.sequence() : nextSequence++);
        queue.ordered.add(queued);
        queue.byCid.put(task.cid(), queued);
    }

    /** Drops a queued task, as when the peer cancels its want; true when one was queued. */
    public boolean remove(PeerId peer, Cid cid) {
        PeerQueue queue = queues.get(peer);
        if (queue == null) {
            return false;
        }
        Queued queued = queue.byCid.remove(cid);
        if (queued == null) {
            return false;
        }
        queue.ordered.remove(queued);
        dropIfEmpty(peer, queue);
        return true;
    }

    /** Drops every task of a peer (a full wantlist replaced the old one, or the peer left). */
    public void clear(PeerId peer) {
        if (queues.remove(peer) != null) {
            rotation.remove(peer);
        }
    }

    /**
     * The next peer's most urgent tasks, up to {@code workBudget} (always at least one task, so a block
     * larger than the budget is still sent). The peer then goes to the back of the rotation.
     */
    public Optional<Turn> next(int workBudget) {
        PeerId peer = rotation.pollFirst();
        if (peer == null) {
            return Optional.empty();
        }
        PeerQueue queue = queues.get(peer);
        List<Task> taken = new ArrayList<>();
        int work = 0;
        while (!queue.ordered.isEmpty()) {
            Task task = queue.ordered.first().task();
            if (!taken.isEmpty() && work + task.work() > workBudget) {
                break;
            }
            queue.ordered.pollFirst();
            queue.byCid.remove(task.cid());
            taken.add(task);
            work += task.work();
        }
        if (queue.ordered.isEmpty()) {
            queues.remove(peer);
        } else {
            rotation.addLast(peer);
        }
        return Optional.of(new Turn(peer, List.copyOf(taken)));
    }

    public boolean isEmpty() {
        return rotation.isEmpty();
    }

    public int size(PeerId peer) {
        PeerQueue queue = queues.get(peer);
        return queue == null ? 0 : queue.ordered.size();
    }

    private void dropIfEmpty(PeerId peer, PeerQueue queue) {
        if (queue.ordered.isEmpty()) {
            queues.remove(peer);
            rotation.remove(peer);
        }
    }
}
