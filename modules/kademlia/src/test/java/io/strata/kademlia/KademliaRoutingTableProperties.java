package io.strata.kademlia;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.strata.kademlia.TestPeers.peer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KademliaRoutingTableProperties {

    @Property
    void bucketsNeverExceedKAndHoldOnlyTheirPrefix(@ForAll @Size(max = 400) List<@IntRange(max = 5000) Integer> ids,
                                                   @ForAll @IntRange(min = 1, max = 20) int k) {
        KademliaPeer self = peer(-1);
        KademliaRoutingTable table = new KademliaRoutingTable(self.key(), k);
        ids.forEach(id -> table.seen(peer(id)));
        int total = 0;
        for (int i = 0; i < KademliaKey.BITS; i++) {
            List<KademliaPeer> bucket = table.bucket(i);
            assertTrue(bucket.size() <= k);
            for (KademliaPeer member : bucket) {
                assertEquals(i, self.key().commonPrefixLength(member.key()));
            }
            total += bucket.size();
        }
        assertEquals(total, table.size());
    }

    @Property
    void closestIsTheSortedPrefixOfAllPeersAndNeverSelf(@ForAll @Size(max = 300) List<@IntRange(max = 2000) Integer> ids,
                                                        @ForAll @IntRange(max = 2000) int targetId,
                                                        @ForAll @IntRange(min = 1, max = 40) int n) {
        KademliaPeer self = peer(-1);
        KademliaRoutingTable table = new KademliaRoutingTable(self.key(), 20);
        table.seen(self);
        ids.forEach(id -> table.seen(peer(id)));
        List<KademliaPeer> everyone = new ArrayList<>();
        for (int i = 0; i < KademliaKey.BITS; i++) {
            everyone.addAll(table.bucket(i));
        }
        KademliaKey target = peer(targetId).key();
        everyone.sort(Comparator.comparing(p -> p.key().xor(target)));
        List<KademliaPeer> closest = table.closest(target, n);
        assertEquals(everyone.subList(0, Math.min(n, everyone.size())), closest);
        assertFalse(closest.contains(self));
    }

    @Property
    void closestToSelfIsSortedToo(@ForAll @Size(max = 200) Set<@IntRange(max = 1000) Integer> ids) {
        KademliaPeer self = peer(-1);
        KademliaRoutingTable table = new KademliaRoutingTable(self.key(), 20);
        ids.forEach(id -> table.seen(peer(id)));
        List<KademliaPeer> closest = table.closest(self.key(), 20);
        for (int i = 1; i < closest.size(); i++) {
            assertTrue(self.key().compareDistance(closest.get(i - 1).key(), closest.get(i).key()) < 0);
        }
        assertEquals(Math.min(20, table.size()), closest.size());
    }

    @Test
    void selfIsNeverStored() {
        KademliaPeer self = peer(0);
        KademliaRoutingTable table = new KademliaRoutingTable(self.key(), 20);
        assertEquals(KademliaRoutingTable.AddResult.SELF, table.seen(self));
        assertEquals(0, table.size());
        assertFalse(table.contains(self));
    }

    @Test
    void seenMovesAPeerToTheMostRecentEndAndAFullBucketRefusesNewcomers() {
        KademliaPeer self = peer(0);
        KademliaRoutingTable table = new KademliaRoutingTable(self.key(), 2);
        List<KademliaPeer> farHalf = new ArrayList<>();
        for (int i = 1; farHalf.size() < 3; i++) {
            if (self.key().commonPrefixLength(peer(i).key()) == 0) {
                farHalf.add(peer(i));
            }
        }
        assertEquals(KademliaRoutingTable.AddResult.ADDED, table.seen(farHalf.get(0)));
        assertEquals(KademliaRoutingTable.AddResult.ADDED, table.seen(farHalf.get(1)));
        assertEquals(KademliaRoutingTable.AddResult.BUCKET_FULL, table.seen(farHalf.get(2)));
        assertEquals(farHalf.get(0), table.leastRecentlySeen(0).orElseThrow());
        assertEquals(KademliaRoutingTable.AddResult.REFRESHED, table.seen(farHalf.get(0)));
        assertEquals(List.of(farHalf.get(1), farHalf.get(0)), table.bucket(0));
        assertTrue(table.remove(farHalf.get(1)));
        assertFalse(table.remove(farHalf.get(1)));
        assertEquals(KademliaRoutingTable.AddResult.ADDED, table.seen(farHalf.get(2)));
        assertEquals(new HashSet<>(List.of(farHalf.get(0), farHalf.get(2))), new HashSet<>(table.bucket(0)));
        assertEquals(2, table.size());
    }
}
