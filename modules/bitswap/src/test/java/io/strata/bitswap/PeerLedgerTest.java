package io.strata.bitswap;

import io.strata.ipld.Block;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.PeerId;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.strata.bitswap.TestPeers.peer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeerLedgerTest {

    private static BitswapMessage blocks(int... sizes) {
        List<Block> blocks = new java.util.ArrayList<>();
        for (int size : sizes) {
            byte[] data = new byte[size];
            blocks.add(new Block(Cid.of(Multicodec.RAW, Multicodec.SHA2_256, data), data));
        }
        return new BitswapMessage(List.of(), false, blocks, List.of(), 0);
    }

    @Test
    void countsBytesAndBlocksPerPeerAndDirection() {
        PeerLedger ledger = new PeerLedger();
        PeerId alice = peer("alice");
        PeerId bob = peer("bob");
        ledger.sent(alice, blocks(100, 50));
        ledger.sent(alice, blocks(10));
        ledger.received(alice, blocks(7));
        ledger.received(bob, blocks(3, 4, 5));

        assertEquals(new PeerLedger.Account(160, 7, 3, 1, 2, 1), ledger.account(alice));
        assertEquals(new PeerLedger.Account(0, 12, 0, 3, 0, 1), ledger.account(bob));
        assertTrue(ledger.account(bob).debtRatio() > ledger.account(alice).debtRatio());
        ledger.forget(bob);
        assertTrue(ledger.find(bob).isEmpty());
        assertEquals(0, ledger.account(bob).bytesReceived());
    }
}
