package io.strata.kademlia;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * The transport-agnostic iterative Kademlia lookup (FIND_NODE), written as a state machine.
 * The caller asks {@link #next()} which peers to query, sends the requests however it likes, and
 * reports each outcome with {@link #onResponse} or {@link #onFailure} (a timeout is a failure).
 * At most alpha queries are in flight; only the k closest peers not known to have failed are ever
 * queried, and the lookup ends when all of those k have answered (libp2p kad-dht spec, "Peer
 * routing"). Subclasses add GET_PROVIDERS and GET_VALUE, which may end earlier when satisfied.
 *
 * <p>Hop counting: seeds are at depth 1 and a peer first learned from a depth-d peer is at depth
 * d + 1, so the depth of a peer is the number of sequential round trips needed to reach it.
 */
public class IterativeLookup {

    private enum State { HEARD, WAITING, SUCCEEDED, FAILED }

    private static final class Candidate {
        final KademliaPeer peer;
        final int depth;
        State state = State.HEARD;

        Candidate(KademliaPeer peer, int depth) {
            this.peer = peer;
            this.depth = depth;
        }
    }

    private final KademliaPeer self;
    private final KademliaKey target;
    private final int k;
    private final int alpha;
    private final TreeMap<KademliaKey, Candidate> byDistance = new TreeMap<>();
    private int inFlight;
    private int queriesSent;
    private int failures;
    private int satisfiedAtDepth;
    private int largestAnswer;

    /**
     * @param self  the local peer, never queried even when a response names it
     * @param seeds the starting peers, usually the local routing table's closest to the target
     */
    public IterativeLookup(KademliaPeer self, KademliaKey target, Collection<KademliaPeer> seeds,
                           KademliaConfig config) {
        this.self = self;
        this.target = target;
        this.k = config.bucketSize();
        this.alpha = config.alpha();
        for (KademliaPeer seed : seeds) {
            learn(seed, 1);
        }
    }

    public KademliaKey target() {
        return target;
    }

    /**
     * The peers to query now (possibly none while answers are awaited); each returned peer must
     * later be reported to {@link #onResponse} or {@link #onFailure}.
     */
    public List<KademliaPeer> next() {
        List<KademliaPeer> batch = new ArrayList<>(alpha);
        if (isFinished()) {
            return batch;
        }
        int considered = 0;
        for (Candidate candidate : byDistance.values()) {
            if (considered == k || inFlight == alpha) {
                break;
            }
            if (candidate.state == State.FAILED) {
                continue;
            }
            considered++;
            if (candidate.state == State.HEARD) {
                candidate.state = State.WAITING;
                inFlight++;
                queriesSent++;
                batch.add(candidate.peer);
            }
        }
        return batch;
    }

    /** A queried peer answered with the peers it knows closest to the target. */
    public void onResponse(KademliaPeer peer, Collection<KademliaPeer> closerPeers) {
        Candidate candidate = awaited(peer);
        if (candidate == null) {
            return;
        }
        candidate.state = State.SUCCEEDED;
        inFlight--;
        largestAnswer = Math.max(largestAnswer, closerPeers.size());
        for (KademliaPeer closer : closerPeers) {
            learn(closer, candidate.depth + 1);
        }
    }

    /** A queried peer failed or timed out; the lookup moves on without it. */
    public void onFailure(KademliaPeer peer) {
        Candidate candidate = awaited(peer);
        if (candidate == null) {
            return;
        }
        candidate.state = State.FAILED;
        inFlight--;
        failures++;
    }

    /** True when satisfied, or when the k closest peers not known to have failed have all answered. */
    public boolean isFinished() {
        if (isSatisfied()) {
            return true;
        }
        int considered = 0;
        for (Candidate candidate : byDistance.values()) {
            if (considered == k) {
                break;
            }
            if (candidate.state == State.FAILED) {
                continue;
            }
            if (candidate.state != State.SUCCEEDED) {
                return false;
            }
            considered++;
        }
        return true;
    }

    /** Up to k peers that answered, nearest to the target first. */
    public List<KademliaPeer> closestPeers() {
        List<KademliaPeer> closest = new ArrayList<>(k);
        for (Candidate candidate : byDistance.values()) {
            if (closest.size() == k) {
                break;
            }
            if (candidate.state == State.SUCCEEDED) {
                closest.add(candidate.peer);
            }
        }
        return closest;
    }

    /**
     * Sequential round trips the lookup needed: the depth of the response that satisfied it, or
     * else of the closest peer that answered; 0 when nobody answered.
     */
    public int hops() {
        if (satisfiedAtDepth > 0) {
            return satisfiedAtDepth;
        }
        for (Candidate candidate : byDistance.values()) {
            if (candidate.state == State.SUCCEEDED) {
                return candidate.depth;
            }
        }
        return 0;
    }

    /**
     * Whether this finished lookup met every peer reachable from its seeds, whatever the target: each answer
     * named fewer than k peers, so it held everything its sender knew rather than the sender's k closest to
     * this target, and every peer heard of was asked. A lookup toward any other key from the same seeds would
     * then meet the same peers, as long as those that failed keep failing (what they know is out of reach).
     */
    public boolean metEveryReachablePeer() {
        return isFinished() && inFlight == 0 && largestAnswer < k && byDistance.size() < k
                && byDistance.values().stream().noneMatch(candidate -> candidate.state == State.HEARD);
    }

    public int queriesSent() {
        return queriesSent;
    }

    public int failures() {
        return failures;
    }

    public int inFlight() {
        return inFlight;
    }

    /** Whether the lookup already has what it was looking for; FIND_NODE never is. */
    protected boolean isSatisfied() {
        return false;
    }

    /**
     * Accepts a response carrying a result; subclasses call this and report whether the result
     * made the lookup satisfied, so that hops are counted up to that response.
     */
    protected final void acceptResponse(KademliaPeer peer, Collection<KademliaPeer> closerPeers,
                                        Runnable recordResult) {
        Candidate candidate = awaited(peer);
        if (candidate == null) {
            return;
        }
        boolean wasSatisfied = isSatisfied();
        recordResult.run();
        if (!wasSatisfied && isSatisfied()) {
            satisfiedAtDepth = candidate.depth;
        }
        onResponse(peer, closerPeers);
    }

    private Candidate awaited(KademliaPeer peer) {
        Candidate candidate = byDistance.get(target.xor(peer.key()));
        return candidate != null && candidate.state == State.WAITING && candidate.peer.equals(peer)
                ? candidate : null;
    }

    private void learn(KademliaPeer peer, int depth) {
        if (peer.equals(self)) {
            return;
        }
        byDistance.putIfAbsent(target.xor(peer.key()), new Candidate(peer, depth));
    }
}
