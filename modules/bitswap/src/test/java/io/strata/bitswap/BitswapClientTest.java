package io.strata.bitswap;

import io.strata.ipld.Block;
import io.strata.multiformats.Cid;
import io.strata.multiformats.PeerId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.strata.bitswap.TestPeers.peer;
import static io.strata.bitswap.TestPeers.rawCid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BitswapClientTest {

    private record Sent(PeerId peer, BitswapMessage message) {
    }

    private final List<Sent> sent = new ArrayList<>();
    private final PeerId first = peer("first");
    private final PeerId second = peer("second");
    private final BitswapClient client = new BitswapClient((peer, message) -> sent.add(new Sent(peer, message)),
            block -> { }, new BitswapClient.Config(500, 3, false, 16));

    /** A message holding one block presence and nothing else. */
    private static BitswapMessage presence(Cid cid, PresenceType type) {
        return new BitswapMessage(List.of(), false, List.of(), List.of(new BitswapMessage.Presence(cid, type)), 0);
    }

    private List<BitswapMessage.Entry> entriesTo(PeerId peer) {
        return sent.stream().filter(s -> s.peer().equals(peer)).flatMap(s -> s.message().wantlist().stream()).toList();
    }

    @Test
    void oneProviderGetsTheWantBlockTheOthersAWantHave() {
        Cid cid = rawCid("x");
        client.addProvider(first, 0);
        client.addProvider(second, 0);
        client.want(List.of(cid), 0);

        assertEquals(List.of(BitswapMessage.Entry.want(cid, 3, WantType.BLOCK, true)), entriesTo(first));
        assertEquals(List.of(BitswapMessage.Entry.want(cid, 3, WantType.HAVE, true)), entriesTo(second));
    }

    @Test
    void cancellingAWantTellsEveryPeerAskedAndFreesItsSlotForAWaitingWant() {
        BitswapClient narrow = new BitswapClient((peer, message) -> sent.add(new Sent(peer, message)),
                block -> { }, new BitswapClient.Config(500, 3, false, 1));
        Cid active = rawCid("active");
        Cid queued = rawCid("queued");
        narrow.addProvider(first, 0);
        narrow.addProvider(second, 0);
        narrow.want(List.of(active, queued), 0);
        assertTrue(narrow.isPending(active));
        assertTrue(narrow.isPending(queued));
        sent.clear();

        narrow.cancel(List.of(active), 10);

        assertFalse(narrow.isPending(active));
        assertEquals(BitswapMessage.Entry.cancel(active), entriesTo(first).get(0));
        assertEquals(BitswapMessage.Entry.cancel(active), entriesTo(second).get(0));
        List<WantType> queuedWants = sent.stream().flatMap(s -> s.message().wantlist().stream())
                .filter(entry -> entry.cid().equals(queued)).map(BitswapMessage.Entry::wantType).sorted().toList();
        assertEquals(List.of(WantType.BLOCK, WantType.HAVE), queuedWants, "one provider is asked for the block, the other whether it has it");
        narrow.cancel(List.of(queued), 20);
        assertTrue(narrow.isComplete());
    }

    @Test
    void anInProcessBlockWhoseBytesDoNotMatchItsCidIsRejectedWhileADecodedOneIsTakenAsNamed() {
        byte[] genuine = "genuine".getBytes(StandardCharsets.UTF_8);
        Cid cid = rawCid(genuine);
        client.addProvider(first, 0);
        client.addProvider(second, 0);
        client.want(List.of(cid), 0);

        List<Block> fromForger = client.receive(first, new BitswapMessage(List.of(), false,
                List.of(new Block(cid, "forged".getBytes(StandardCharsets.UTF_8))), List.of(), 0), 1);
        assertEquals(List.of(), fromForger);
        assertEquals(1, client.stats().rejectedBlocks());
        assertTrue(client.droppedPeers().contains(first));

        BitswapMessage decoded = BitswapMessageCodec.decode(BitswapMessageCodec.encode(
                new BitswapMessage(List.of(), false, List.of(new Block(cid, genuine)), List.of(), 0)));
        assertEquals(List.of(cid), client.receiveDecoded(second, decoded, 2).stream().map(Block::cid).toList());
        assertTrue(client.isComplete());
    }

    @Test
    void aProviderThatKeepsDeliveringKeepsItsQueuedWantsPastTheTimeout() {
        byte[] deliveredData = "first of a long queue".getBytes(StandardCharsets.UTF_8);
        Cid delivered = rawCid(deliveredData);
        Cid queued = rawCid("second of a long queue");
        client.addProvider(first, 0);
        client.want(List.of(delivered, queued), 0);

        client.receive(first, new BitswapMessage(List.of(), false, List.of(new Block(delivered, deliveredData)),
                List.of(), 0), 400);
        client.tick(600);
        assertTrue(client.isPending(queued));
        assertEquals(0, client.stats().timeouts(), "the delivery at 400 ms restarted the clock of the queued want");

        client.tick(900);
        assertEquals(1, client.stats().timeouts());
    }

    @Test
    void aWantLostOnTheWayMovesToAPeerThatHasItThoughItsProviderKeepsDeliveringOthers() {
        Cid lost = rawCid("sent while the provider restarted");
        client.addProvider(first, 0);
        client.addProvider(second, 0);
        client.want(List.of(lost), 0);
        client.receive(second, presence(lost, PresenceType.HAVE), 10);
        long longestWait = 500L * BitswapClient.MAX_WAIT_IN_PROVIDER_TIMEOUTS;
        for (long now = 400; now < longestWait; now += 400) {
            byte[] other = ("other block at " + now).getBytes(StandardCharsets.UTF_8);
            Cid otherCid = rawCid(other);
            client.want(List.of(otherCid), now);
            client.receive(first, new BitswapMessage(List.of(), false, List.of(new Block(otherCid, other)),
                    List.of(), 0), now);
            client.tick(now);
        }
        assertEquals(0, client.stats().timeouts(), "each delivery of the busy provider moved the deadline on");
        sent.clear();

        client.tick(longestWait);
        assertEquals(List.of(BitswapMessage.Entry.cancel(lost)), entriesTo(first));
        assertEquals(List.of(BitswapMessage.Entry.want(lost, 3, WantType.BLOCK, true)), entriesTo(second));
        assertEquals(1, client.stats().timeouts());
    }

    @Test
    void timeoutCancelsWithTheLatePeerAndAsksTheNextOneForTheBlock() {
        Cid cid = rawCid("x");
        client.addProvider(first, 0);
        client.addProvider(second, 0);
        client.want(List.of(cid), 0);
        sent.clear();

        client.tick(499);
        assertTrue(sent.isEmpty());
        client.tick(500);
        assertEquals(List.of(BitswapMessage.Entry.cancel(cid)), entriesTo(first));
        assertEquals(List.of(BitswapMessage.Entry.want(cid, 3, WantType.BLOCK, true)), entriesTo(second));
        assertEquals(1, client.stats().timeouts());
    }

    @Test
    void everyProviderFailingStallsTheWantUntilANewProviderArrives() {
        Cid cid = rawCid("x");
        client.addProvider(first, 0);
        client.want(List.of(cid), 0);
        client.receive(first, presence(cid, PresenceType.DONT_HAVE), 10);
        assertEquals(java.util.Set.of(cid), client.stalledCids());
        sent.clear();

        client.addProvider(second, 20);
        assertEquals(List.of(BitswapMessage.Entry.want(cid, 3, WantType.BLOCK, true)), entriesTo(second));
        assertTrue(client.stalledCids().isEmpty());
    }

    @Test
    void aLateProviderKeepsTheWantWhenNoOtherProviderCanTakeIt() {
        Cid cid = rawCid("slow");
        client.addProvider(first, 0);
        client.want(List.of(cid), 0);
        sent.clear();

        client.tick(500);

        assertEquals(1, client.stats().timeouts());
        assertEquals(List.of(BitswapMessage.Entry.want(cid, 3, WantType.BLOCK, true)), entriesTo(first),
                "no cancel: the same want-block again, in case the first never arrived");
        assertTrue(client.stalledCids().isEmpty());
        sent.clear();
        client.addProvider(second, 600);
        client.tick(1000);
        assertEquals(List.of(BitswapMessage.Entry.want(cid, 3, WantType.HAVE, true),
                BitswapMessage.Entry.want(cid, 3, WantType.BLOCK, true)), entriesTo(second),
                "once a second provider exists, the next timeout moves the want-block to it");
    }

    @Test
    void aWantBlockLostWhileItsOnlyHolderRestartedIsAskedAgainAfterTheProviderTimeout() {
        Cid cid = rawCid("held by the restarting peer only");
        client.addProvider(first, 0);
        client.addProvider(second, 0);
        client.want(List.of(cid), 0);
        client.receive(second, presence(cid, PresenceType.DONT_HAVE), 10);
        sent.clear();

        client.tick(500);
        assertEquals(List.of(BitswapMessage.Entry.want(cid, 3, WantType.BLOCK, true)), entriesTo(first),
                "the first want-block went to a peer that was restarting; it is asked again");
        sent.clear();
        client.tick(999);
        assertTrue(sent.isEmpty(), "not before the next provider timeout");
        client.tick(1000);
        assertEquals(List.of(BitswapMessage.Entry.want(cid, 3, WantType.BLOCK, true)), entriesTo(first));
        assertTrue(entriesTo(second).isEmpty(), "the peer that said DONT_HAVE waits for a routing retry");
    }

    @Test
    void aRetryGivesAStalledWantBackToAProviderThatSaidDontHave() {
        byte[] data = "arrived at the provider later".getBytes(StandardCharsets.UTF_8);
        Cid cid = rawCid(data);
        client.addProvider(first, 0);
        client.want(List.of(cid), 0);
        client.receive(first, presence(cid, PresenceType.DONT_HAVE), 10);
        assertEquals(java.util.Set.of(cid), client.stalledCids());
        sent.clear();

        client.retryStalled(2000);

        assertEquals(List.of(BitswapMessage.Entry.want(cid, 3, WantType.BLOCK, true)), entriesTo(first),
                "asked again: the provider may have restarted and forgotten the want it answered");
        assertTrue(client.stalledCids().isEmpty());
        client.tick(2499);
        assertEquals(0, client.stats().timeouts(), "the retry gave the provider a fresh deadline");
        assertEquals(List.of(cid), client.receive(first, new BitswapMessage(List.of(), false,
                List.of(new Block(cid, data)), List.of(), 0), 2100).stream().map(Block::cid).toList());
    }

    @Test
    void resentWantlistIsFullAndCarriesOnlyCurrentWants() {
        Cid kept = rawCid("kept");
        Cid done = rawCid("done");
        client.addProvider(first, 0);
        client.addProvider(second, 0);
        client.want(List.of(kept, done), 0);
        Block block = new Block(done, "done".getBytes(StandardCharsets.UTF_8));
        client.receive(second, new BitswapMessage(List.of(), false, List.of(block), List.of(), 0), 1);
        sent.clear();

        client.resendWantlist(first);
        assertEquals(1, sent.size());
        assertTrue(sent.get(0).message().fullWantlist());
        assertEquals(List.of(kept), sent.get(0).message().wantlist().stream().map(BitswapMessage.Entry::cid).toList());
    }

    @Test
    void receivedBlockIsCancelledWithEveryOtherPeerAsked() {
        Cid cid = rawCid("done");
        client.addProvider(first, 0);
        client.addProvider(second, 0);
        client.want(List.of(cid), 0);
        sent.clear();

        client.receive(second, new BitswapMessage(List.of(), false,
                List.of(new Block(cid, "done".getBytes(StandardCharsets.UTF_8))), List.of(), 0), 1);
        assertEquals(List.of(BitswapMessage.Entry.cancel(cid)), entriesTo(first));
        assertEquals(List.of(), entriesTo(second));
        assertEquals(1, client.stats().blocksReceived());
        assertTrue(client.isComplete());
    }

    @Test
    void onlyMaxActiveWantsAreOnTheWireAtOnce() {
        BitswapClient narrow = new BitswapClient((peer, message) -> sent.add(new Sent(peer, message)),
                block -> { }, new BitswapClient.Config(500, 1, false, 2));
        narrow.addProvider(first, 0);
        List<String> names = List.of("w0", "w1", "w2", "w3");
        narrow.want(names.stream().map(TestPeers::rawCid).toList(), 0);
        assertEquals(List.of(rawCid("w0"), rawCid("w1")),
                entriesTo(first).stream().map(BitswapMessage.Entry::cid).toList());
        assertEquals(4, narrow.pendingCids().size());
        sent.clear();

        narrow.receive(first, new BitswapMessage(List.of(), false,
                List.of(new Block(rawCid("w0"), "w0".getBytes(StandardCharsets.UTF_8))), List.of(), 0), 1);
        assertEquals(List.of(rawCid("w2")), entriesTo(first).stream().map(BitswapMessage.Entry::cid).toList());
        assertEquals(3, narrow.pendingCids().size());
    }

    @Test
    void aPeerDroppedForABadBlockIsNotAskedAgainEvenIfItClaimsToHave() {
        Cid wanted = rawCid("wanted");
        client.addProvider(first, 0);
        client.want(List.of(wanted), 0);
        Block unsolicited = new Block(rawCid("other"), "other".getBytes(StandardCharsets.UTF_8));
        client.receive(first, new BitswapMessage(List.of(), false, List.of(unsolicited), List.of(), 0), 1);
        assertEquals(java.util.Set.of(first), client.droppedPeers());
        sent.clear();

        client.receive(first, presence(wanted, PresenceType.HAVE), 2);
        client.addProvider(first, 3);
        assertTrue(sent.isEmpty());
        assertEquals(java.util.Set.of(wanted), client.stalledCids());
    }
}
