package io.strata.bitswap;

import io.strata.ipld.Block;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.PeerId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.strata.bitswap.TestPeers.peer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BitswapServerTest {

    private record Sent(PeerId peer, BitswapMessage message) {
    }

    private final Map<Cid, byte[]> store = new HashMap<>();
    private final List<Sent> sent = new ArrayList<>();
    private final PeerId alice = peer("alice");
    private final PeerId bob = peer("bob");

    private Cid put(int size, int seed) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i * 31 + seed);
        }
        Cid cid = Cid.of(Multicodec.RAW, Multicodec.SHA2_256, data);
        store.put(cid, data);
        return cid;
    }

    private static Cid absent(String name) {
        return TestPeers.rawCid("absent-" + name);
    }

    private BitswapServer server(BitswapServer.Config config) {
        return new BitswapServer(cid -> Optional.ofNullable(store.get(cid)), (peer, message) -> sent.add(new Sent(peer, message)), config);
    }

    private static BitswapMessage wants(BitswapMessage.Entry... entries) {
        return BitswapMessage.wants(List.of(entries), false);
    }

    @Test
    void wantBlockIsAnsweredWithTheBlockAndLeavesTheWantlist() {
        Cid cid = put(5000, 1);
        BitswapServer server = server(BitswapServer.Config.defaults());
        server.receive(alice, wants(BitswapMessage.Entry.want(cid, 1, WantType.BLOCK, false)));
        server.serve();

        assertEquals(1, sent.size());
        Block block = sent.get(0).message().blocks().get(0);
        assertEquals(cid, block.cid());
        assertArrayEquals(store.get(cid), block.data());
        assertEquals(5000, server.ledger().account(alice).bytesSent());
        assertTrue(server.wantlistOf(alice).isEmpty());
    }

    @Test
    void wantHaveGetsHaveForLargeBlocksAndTheBlockItselfForSmallOnes() {
        Cid large = put(5000, 1);
        Cid small = put(100, 2);
        BitswapServer server = server(BitswapServer.Config.defaults());
        server.receive(alice, wants(BitswapMessage.Entry.want(large, 1, WantType.HAVE, true),
                BitswapMessage.Entry.want(small, 1, WantType.HAVE, true)));
        server.serve();

        BitswapMessage message = sent.get(0).message();
        assertEquals(List.of(new BitswapMessage.Presence(large, PresenceType.HAVE)), message.presences());
        assertEquals(List.of(small), message.blocks().stream().map(Block::cid).toList());
    }

    @Test
    void aCidIsWantedWhileSomePeerWaitsForItAndNotAfterItWasServedOrCancelled() {
        Cid missing = absent("missing");
        Cid cancelled = absent("cancelled");
        Cid held = put(100, 7);
        BitswapServer server = server(BitswapServer.Config.defaults());
        server.receive(alice, wants(BitswapMessage.Entry.want(missing, 1, WantType.BLOCK, false),
                BitswapMessage.Entry.want(cancelled, 1, WantType.BLOCK, false),
                BitswapMessage.Entry.want(held, 1, WantType.BLOCK, false)));
        server.receive(alice, wants(BitswapMessage.Entry.cancel(cancelled)));
        server.serve();

        assertTrue(server.isWanted(missing));
        assertFalse(server.isWanted(cancelled));
        assertFalse(server.isWanted(held), "served wants leave the wantlist");
        server.peerDisconnected(alice);
        assertFalse(server.isWanted(missing));
    }

    @Test
    void missingBlockGetsDontHaveOnlyWhenAskedAndIsServedOnceItArrives() {
        Cid later = absent("later");
        Cid quiet = absent("quiet");
        BitswapServer server = server(BitswapServer.Config.defaults());
        server.receive(alice, wants(BitswapMessage.Entry.want(later, 1, WantType.BLOCK, true),
                BitswapMessage.Entry.want(quiet, 1, WantType.BLOCK, false)));
        server.serve();
        assertEquals(List.of(new BitswapMessage.Presence(later, PresenceType.DONT_HAVE)), sent.get(0).message().presences());
        assertEquals(1, sent.size());

        byte[] data = "arrived".getBytes();
        Cid arrived = Cid.of(Multicodec.RAW, Multicodec.SHA2_256, data);
        BitswapServer server2 = server(BitswapServer.Config.defaults());
        server2.receive(bob, wants(BitswapMessage.Entry.want(arrived, 1, WantType.BLOCK, true)));
        server2.serve();
        sent.clear();
        store.put(arrived, data);
        server2.blocksAdded(List.of(arrived));
        server2.serve();
        assertEquals(List.of(arrived), sent.get(0).message().blocks().stream().map(Block::cid).toList());
        assertEquals(bob, sent.get(0).peer());
    }

    @Test
    void cancelBeforeServingSendsNothing() {
        Cid cid = put(5000, 1);
        BitswapServer server = server(BitswapServer.Config.defaults());
        server.receive(alice, wants(BitswapMessage.Entry.want(cid, 1, WantType.BLOCK, true)));
        server.receive(alice, wants(BitswapMessage.Entry.cancel(cid)));
        server.serve();
        assertTrue(sent.isEmpty());
        assertTrue(server.wantlistOf(alice).isEmpty());
    }

    @Test
    void fullWantlistReplacesQueuedWork() {
        Cid first = put(5000, 1);
        Cid second = put(5000, 2);
        BitswapServer server = server(BitswapServer.Config.defaults());
        server.receive(alice, wants(BitswapMessage.Entry.want(first, 1, WantType.BLOCK, false)));
        server.receive(alice, BitswapMessage.wants(List.of(BitswapMessage.Entry.want(second, 1, WantType.BLOCK, false)), true));
        server.serve();
        assertEquals(List.of(second), sent.get(0).message().blocks().stream().map(Block::cid).toList());
    }

    @Test
    void answersAreSplitIntoMessagesUnderTheLimit() {
        List<BitswapMessage.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            entries.add(BitswapMessage.Entry.want(put(4000, i), 1, WantType.BLOCK, false));
        }
        BitswapServer server = server(new BitswapServer.Config(1024 * 1024, 1024, 10_000));
        server.receive(alice, BitswapMessage.wants(entries, false));
        server.serve();

        assertTrue(sent.size() >= 3, "five 4000-byte blocks need at least three 10 kB messages");
        for (Sent message : sent) {
            assertTrue(BitswapMessageCodec.encode(message.message()).length <= 10_000);
        }
        assertEquals(5, sent.stream().mapToInt(s -> s.message().blocks().size()).sum());
    }

    @Test
    void aMessageIsSentAsSoonAsItReachesTheTargetSize() {
        List<BitswapMessage.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            entries.add(BitswapMessage.Entry.want(put(4000, i), 1, WantType.BLOCK, false));
        }
        BitswapServer server = server(new BitswapServer.Config(1024 * 1024, 1024, BitswapMessage.MAX_MESSAGE_BYTES, 8000));
        server.receive(alice, BitswapMessage.wants(entries, false));
        server.serve();

        assertEquals(List.of(2, 2, 2, 1), sent.stream().map(s -> s.message().blocks().size()).toList(),
                "two 4000-byte blocks reach 8000 bytes; the seventh goes alone at the end of the turn");
    }

    @Test
    void aBlockLargerThanTheTargetStillGoesAloneWithinTheLimit() {
        Cid large = put(20_000, 1);
        Cid small = put(100, 2);
        BitswapServer server = server(new BitswapServer.Config(1024 * 1024, 1024, 30_000, 8000));
        server.receive(alice, wants(BitswapMessage.Entry.want(large, 2, WantType.BLOCK, false),
                BitswapMessage.Entry.want(small, 1, WantType.BLOCK, false)));
        server.serve();

        assertEquals(List.of(List.of(large), List.of(small)),
                sent.stream().map(s -> s.message().blocks().stream().map(Block::cid).toList()).toList());
    }

    @Test
    void eachPeerIsAnsweredInMessagesOfItsOwnTargetSize() {
        List<BitswapMessage.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            entries.add(BitswapMessage.Entry.want(put(4000, i), 1, WantType.BLOCK, false));
        }
        BitswapServer.Config config = new BitswapServer.Config(1024 * 1024, 1024, 30_000, 4000);
        BitswapServer server = new BitswapServer(cid -> Optional.ofNullable(store.get(cid)),
                (peer, message) -> sent.add(new Sent(peer, message)), config, peer -> peer.equals(bob) ? 12_000 : 4000);
        server.receive(alice, BitswapMessage.wants(entries, false));
        server.receive(bob, BitswapMessage.wants(entries, false));
        server.serve();

        assertEquals(List.of(1, 1, 1, 1, 1, 1), blocksPerMessageTo(alice));
        assertEquals(List.of(3, 3), blocksPerMessageTo(bob), "three 4000-byte blocks and their framing reach 12,000 bytes");
    }

    @Test
    void aPeerTargetAboveTheLimitFillsMessagesUpToTheLimit() {
        List<BitswapMessage.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            entries.add(BitswapMessage.Entry.want(put(4000, i), 1, WantType.BLOCK, false));
        }
        BitswapServer server = new BitswapServer(cid -> Optional.ofNullable(store.get(cid)),
                (peer, message) -> sent.add(new Sent(peer, message)), new BitswapServer.Config(1024 * 1024, 1024, 10_000),
                peer -> Integer.MAX_VALUE);
        server.receive(alice, BitswapMessage.wants(entries, false));
        server.serve();

        assertEquals(List.of(2, 2, 1), blocksPerMessageTo(alice));
        for (Sent message : sent) {
            assertTrue(BitswapMessageCodec.encode(message.message()).length <= 10_000);
        }
    }

    private List<Integer> blocksPerMessageTo(PeerId peer) {
        return sent.stream().filter(s -> s.peer().equals(peer)).map(s -> s.message().blocks().size()).toList();
    }

    @Test
    void aTargetAboveTheLimitIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BitswapServer.Config(1024, 1024, 10_000, 10_001));
        assertThrows(IllegalArgumentException.class, () -> new BitswapServer.Config(1024, 1024, 10_000, 0));
    }

    @Test
    void twoPeersWithLongWantlistsAreServedAlternately() {
        List<BitswapMessage.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            entries.add(BitswapMessage.Entry.want(put(3000, i), 1, WantType.BLOCK, false));
        }
        BitswapServer server = server(new BitswapServer.Config(3000, 1024, BitswapMessage.MAX_MESSAGE_BYTES));
        server.receive(alice, BitswapMessage.wants(entries, false));
        server.receive(bob, BitswapMessage.wants(entries, false));
        server.serve();

        List<PeerId> order = sent.stream().map(Sent::peer).toList();
        assertEquals(12, order.size());
        for (int i = 0; i < order.size(); i++) {
            assertEquals(i % 2 == 0 ? alice : bob, order.get(i), "turn " + i);
        }
    }
}
