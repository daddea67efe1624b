package io.strata.kademlia;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static io.strata.kademlia.TestPeers.peer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IterativeLookupTest {

    private static final KademliaConfig CONFIG = KademliaConfig.DEFAULT;
    private static final int NETWORK_SIZE = 200;

    private final KademliaPeer self = peer(-1);
    private final KademliaKey target = KademliaKey.ofKey("target".getBytes(StandardCharsets.UTF_8));
    private final Map<KademliaPeer, KademliaRoutingTable> tables = new HashMap<>();
    private final List<KademliaPeer> everyone = new ArrayList<>();

    /** Every node knows every other node its k-buckets have room for: a small, well-connected network. */
    @BeforeEach
    void buildNetwork() {
        for (int i = 0; i < NETWORK_SIZE; i++) {
            everyone.add(peer(i));
        }
        for (KademliaPeer node : everyone) {
            KademliaRoutingTable table = new KademliaRoutingTable(node.key(), CONFIG.bucketSize());
            everyone.forEach(table::seen);
            table.seen(self);
            tables.put(node, table);
        }
    }

    private List<KademliaPeer> byDistanceTo(KademliaKey key, Set<KademliaPeer> excluded) {
        return everyone.stream().filter(p -> !excluded.contains(p))
                .sorted(Comparator.comparing(p -> p.key().xor(key))).toList();
    }

    private List<KademliaPeer> answer(KademliaPeer server) {
        return tables.get(server).closest(target, CONFIG.bucketSize());
    }

    private int drive(IterativeLookup lookup, Set<KademliaPeer> dead) {
        int queried = 0;
        while (!lookup.isFinished()) {
            List<KademliaPeer> batch = lookup.next();
            assertFalse(batch.isEmpty(), "a lookup with nothing in flight must either finish or query");
            for (KademliaPeer peer : batch) {
                assertFalse(peer.equals(self));
                queried++;
                if (dead.contains(peer)) {
                    lookup.onFailure(peer);
                } else {
                    lookup.onResponse(peer, answer(peer));
                }
            }
        }
        return queried;
    }

    private List<KademliaPeer> seeds(List<KademliaPeer> farthestFirst) {
        return farthestFirst.subList(farthestFirst.size() - 3, farthestFirst.size());
    }

    @Test
    void findsTheTrueClosestPeersFromFarSeeds() {
        List<KademliaPeer> ordered = byDistanceTo(target, Set.of());
        IterativeLookup lookup = new IterativeLookup(self, target, seeds(ordered), CONFIG);
        int queried = drive(lookup, Set.of());
        assertEquals(ordered.subList(0, 20), lookup.closestPeers());
        assertEquals(queried, lookup.queriesSent());
        assertTrue(lookup.hops() >= 2, "the far seeds cannot know the closest peers directly");
        assertEquals(0, lookup.inFlight());
    }

    @Test
    void movesOnPastFailedPeersAndReturnsTheClosestLiveOnes() {
        List<KademliaPeer> ordered = byDistanceTo(target, Set.of());
        Set<KademliaPeer> dead = new HashSet<>();
        for (int i = 0; i < 20; i += 2) {
            dead.add(ordered.get(i));
        }
        IterativeLookup lookup = new IterativeLookup(self, target, seeds(ordered), CONFIG);
        drive(lookup, dead);
        List<KademliaPeer> found = lookup.closestPeers();
        assertEquals(20, found.size());
        assertTrue(found.stream().noneMatch(dead::contains));
        // Responders still name the dead peers, so live peers ranked beyond everyone's k closest
        // may stay unknown; the nearest live ones must be found.
        assertEquals(byDistanceTo(target, dead).subList(0, 10), found.subList(0, 10));
        assertEquals(dead.size(), lookup.failures());
    }

    @Test
    void endsEmptyWhenEverySeedFails() {
        List<KademliaPeer> seeds = List.of(peer(1), peer(2), peer(3), peer(4));
        IterativeLookup lookup = new IterativeLookup(self, target, seeds, CONFIG);
        drive(lookup, new HashSet<>(seeds));
        assertTrue(lookup.isFinished());
        assertEquals(List.of(), lookup.closestPeers());
        assertEquals(0, lookup.hops());
        assertEquals(4, lookup.failures());
    }

    @Test
    void keepsAtMostAlphaQueriesInFlight() {
        IterativeLookup lookup = new IterativeLookup(self, target, everyone.subList(0, 20), CONFIG);
        List<KademliaPeer> first = lookup.next();
        assertEquals(CONFIG.alpha(), first.size());
        assertEquals(List.of(), lookup.next());
        lookup.onFailure(first.get(0));
        List<KademliaPeer> second = lookup.next();
        assertEquals(1, second.size());
        assertFalse(first.contains(second.get(0)));
        assertEquals(CONFIG.alpha(), lookup.inFlight());
    }

    @Test
    void ignoresUnsolicitedAndDuplicateResponses() {
        List<KademliaPeer> ordered = byDistanceTo(target, Set.of());
        IterativeLookup lookup = new IterativeLookup(self, target, List.of(ordered.get(199)), CONFIG);
        lookup.onResponse(ordered.get(0), List.of(ordered.get(1)));
        assertEquals(List.of(ordered.get(199)), lookup.next());
        lookup.onResponse(ordered.get(199), List.of(ordered.get(198), self));
        lookup.onResponse(ordered.get(199), List.of(ordered.get(0)));
        assertEquals(List.of(ordered.get(198)), lookup.next());
        lookup.onResponse(ordered.get(198), List.of());
        assertTrue(lookup.isFinished());
        assertEquals(List.of(ordered.get(198), ordered.get(199)), lookup.closestPeers());
    }

    /** Each peer only knows the next closer one: reaching the closest takes one hop per link. */
    @Test
    void countsHopsAlongAChain() {
        List<KademliaPeer> chain = byDistanceTo(target, Set.of()).subList(0, 10);
        IterativeLookup lookup = new IterativeLookup(self, target, List.of(chain.get(9)), CONFIG);
        while (!lookup.isFinished()) {
            for (KademliaPeer peer : lookup.next()) {
                int index = chain.indexOf(peer);
                lookup.onResponse(peer, index == 0 ? List.of() : List.of(chain.get(index - 1)));
            }
        }
        assertEquals(10, lookup.hops());
        assertEquals(chain, lookup.closestPeers());
    }

    /** Five peers that all know each other (and us): every lookup meets all five, whatever its target. */
    @Test
    void aLookupInANetworkSmallerThanKMeetsEveryPeer() {
        List<KademliaPeer> small = everyone.subList(0, 5);
        IterativeLookup lookup = new IterativeLookup(self, target, List.of(small.get(0)), CONFIG);
        while (!lookup.isFinished()) {
            for (KademliaPeer peer : lookup.next()) {
                List<KademliaPeer> known = new ArrayList<>(small);
                known.remove(peer);
                known.add(self);
                lookup.onResponse(peer, known);
            }
        }
        assertTrue(lookup.metEveryReachablePeer());
        assertEquals(Set.copyOf(small), Set.copyOf(lookup.closestPeers()));
    }

    @Test
    void aLookupThatHeardKPeersOrIsUnfinishedHasNotMetEveryPeer() {
        List<KademliaPeer> ordered = byDistanceTo(target, Set.of());
        IterativeLookup large = new IterativeLookup(self, target, seeds(ordered), CONFIG);
        drive(large, Set.of());
        assertFalse(large.metEveryReachablePeer(), "answers of k peers may have left others out");

        IterativeLookup unfinished = new IterativeLookup(self, target, everyone.subList(0, 3), CONFIG);
        unfinished.next();
        assertFalse(unfinished.metEveryReachablePeer());
    }

    /** What a peer that fails knows is out of any lookup's reach: the others are still all there is to meet. */
    @Test
    void aFailedPeerLeavesTheRestOfASmallNetworkMet() {
        List<KademliaPeer> small = everyone.subList(0, 3);
        IterativeLookup lookup = new IterativeLookup(self, target, small, CONFIG);
        while (!lookup.isFinished()) {
            for (KademliaPeer peer : lookup.next()) {
                if (peer.equals(small.get(1))) {
                    lookup.onFailure(peer);
                } else {
                    lookup.onResponse(peer, small);
                }
            }
        }
        assertTrue(lookup.metEveryReachablePeer());
        assertEquals(Set.of(small.get(0), small.get(2)), Set.copyOf(lookup.closestPeers()));
    }

    /** An answer of k peers naming us and its sender leaves k - 1 heard of: it was still a truncated one. */
    @Test
    void anAnswerOfKPeersCountsUsAmongThem() {
        List<KademliaPeer> answer = new ArrayList<>(everyone.subList(0, CONFIG.bucketSize() - 1));
        answer.add(self);
        IterativeLookup lookup = new IterativeLookup(self, target, List.of(everyone.get(0)), CONFIG);
        while (!lookup.isFinished()) {
            for (KademliaPeer peer : lookup.next()) {
                lookup.onResponse(peer, peer.equals(everyone.get(0)) ? answer : List.of());
            }
        }
        assertFalse(lookup.metEveryReachablePeer());
    }

    @Test
    void providerLookupStopsOnceEnoughProvidersAreKnown() {
        List<KademliaPeer> ordered = byDistanceTo(target, Set.of());
        KademliaPeer provider = peer(10_000);
        Set<KademliaPeer> holders = new HashSet<>(ordered.subList(0, 20));
        ProviderLookup lookup = new ProviderLookup(self, target, seeds(ordered), CONFIG, 1);
        driveWith(lookup, peer -> holders.contains(peer) ? List.of(provider) : List.<KademliaPeer>of(),
                (peer, providers) -> lookup.onResponse(peer, answer(peer), providers));
        assertEquals(List.of(provider), lookup.providers());
        assertTrue(lookup.queriesSent() < drive(new IterativeLookup(self, target, seeds(ordered), CONFIG), Set.of()));
        assertTrue(lookup.hops() >= 2);
    }

    @Test
    void providerLookupWithoutRecordsRunsToTheEnd() {
        List<KademliaPeer> ordered = byDistanceTo(target, Set.of());
        ProviderLookup lookup = new ProviderLookup(self, target, seeds(ordered), CONFIG, 1);
        driveWith(lookup, peer -> List.<KademliaPeer>of(),
                (peer, providers) -> lookup.onResponse(peer, answer(peer), providers));
        assertEquals(List.of(), lookup.providers());
        assertEquals(ordered.subList(0, 20), lookup.closestPeers());
    }

    @Test
    void valueLookupSkipsInvalidValuesAndSelectsTheBest() {
        byte[] recordKey = "target".getBytes(StandardCharsets.UTF_8);
        List<KademliaPeer> ordered = byDistanceTo(target, Set.of());
        Map<KademliaPeer, byte[]> stored = new HashMap<>();
        stored.put(ordered.get(0), new byte[] {5});
        stored.put(ordered.get(1), new byte[] {9});
        stored.put(ordered.get(2), new byte[0]);
        ValueLookup lookup = new ValueLookup(self, recordKey, seeds(ordered), CONFIG,
                KademliaNetworkSimulator.GREATEST_VALUE_WINS, 2);
        driveWith(lookup, stored::get, (peer, value) -> lookup.onResponse(peer, answer(peer), value));
        assertEquals(2, lookup.valuesFound());
        assertArrayEquals(new byte[] {9}, lookup.bestValue().orElseThrow());
    }

    private <T> void driveWith(IterativeLookup lookup, Function<KademliaPeer, T> result,
                               java.util.function.BiConsumer<KademliaPeer, T> respond) {
        while (!lookup.isFinished()) {
            for (KademliaPeer peer : lookup.next()) {
                respond.accept(peer, result.apply(peer));
            }
        }
    }
}
