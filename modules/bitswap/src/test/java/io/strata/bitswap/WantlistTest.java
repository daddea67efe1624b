package io.strata.bitswap;

import io.strata.multiformats.Cid;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.strata.bitswap.TestPeers.rawCid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WantlistTest {

    private final Cid a = rawCid("a");
    private final Cid b = rawCid("b");
    private final Cid c = rawCid("c");

    @Test
    void entriesComeMostUrgentFirst() {
        Wantlist wantlist = new Wantlist();
        wantlist.add(a, 1, WantType.BLOCK, false);
        wantlist.add(b, 5, WantType.HAVE, true);
        wantlist.add(c, 1, WantType.BLOCK, false);
        assertEquals(List.of(b, a, c), wantlist.entries().stream().map(Wantlist.Want::cid).toList());
    }

    @Test
    void wantBlockIsNotDowngradedToWantHave() {
        Wantlist wantlist = new Wantlist();
        wantlist.add(a, 1, WantType.BLOCK, false);
        assertTrue(wantlist.add(a, 3, WantType.HAVE, true));
        assertEquals(new Wantlist.Want(a, 3, WantType.BLOCK, true), wantlist.get(a).orElseThrow());
        assertFalse(wantlist.add(a, 2, WantType.HAVE, false));
    }

    @Test
    void deltaCarriesAddsAndCancelsOnce() {
        Wantlist wantlist = new Wantlist();
        wantlist.add(a, 1, WantType.BLOCK, false);
        wantlist.add(b, 1, WantType.HAVE, true);
        wantlist.drainDelta();
        wantlist.cancel(a);
        wantlist.add(c, 2, WantType.BLOCK, true);
        assertEquals(List.of(BitswapMessage.Entry.cancel(a), BitswapMessage.Entry.want(c, 2, WantType.BLOCK, true)),
                wantlist.drainDelta());
        assertEquals(List.of(), wantlist.drainDelta());
        assertFalse(wantlist.cancel(a));
    }

    @Test
    void aHeldWantCanBeSentAgainUnchangedButAnAbsentOneCannot() {
        Wantlist wantlist = new Wantlist();
        wantlist.add(a, 1, WantType.BLOCK, true);
        wantlist.drainDelta();
        assertFalse(wantlist.add(a, 1, WantType.BLOCK, true), "an equal want is no change");

        assertTrue(wantlist.resend(a));
        assertFalse(wantlist.resend(b));
        assertEquals(List.of(BitswapMessage.Entry.want(a, 1, WantType.BLOCK, true)), wantlist.drainDelta());
        assertEquals(List.of(new Wantlist.Want(a, 1, WantType.BLOCK, true)), wantlist.entries());
    }

    @Test
    void fullListHasEveryWantAndNoCancels() {
        Wantlist wantlist = new Wantlist();
        wantlist.add(a, 1, WantType.BLOCK, false);
        wantlist.add(b, 2, WantType.HAVE, false);
        wantlist.cancel(a);
        assertEquals(List.of(BitswapMessage.Entry.want(b, 2, WantType.HAVE, false)), wantlist.drainFull());
        assertEquals(List.of(), wantlist.drainDelta());
    }

    @Test
    void receivedFullWantlistReplacesAndDeltaEdits() {
        Wantlist wantlist = new Wantlist();
        wantlist.apply(List.of(BitswapMessage.Entry.want(a, 1, WantType.BLOCK, false),
                BitswapMessage.Entry.want(b, 1, WantType.BLOCK, false)), false);
        wantlist.apply(List.of(BitswapMessage.Entry.cancel(a)), false);
        assertEquals(List.of(b), wantlist.entries().stream().map(Wantlist.Want::cid).toList());
        wantlist.apply(List.of(BitswapMessage.Entry.want(c, 1, WantType.HAVE, false)), true);
        assertEquals(List.of(c), wantlist.entries().stream().map(Wantlist.Want::cid).toList());
    }
}
