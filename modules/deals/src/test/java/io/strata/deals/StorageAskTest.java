package io.strata.deals;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StorageAskTest {

    static final FilecoinAddress PROVIDER = FilecoinAddress.id(2000);

    static StorageAsk ask(long pricePerGiB, long minSize, long maxSize) {
        return new StorageAsk(PROVIDER, TokenAmount.ofAtto(pricePerGiB), TokenAmount.ofAtto(pricePerGiB / 10),
                minSize, maxSize, TokenAmount.ofAtto(1_000_000_000L), 0, 1_000_000, 1);
    }

    private static DealProposal.Builder proposal(long pieceSize, TokenAmount price) {
        return new DealProposal.Builder().pieceCid(DealProposalTest.PIECE).pieceSize(pieceSize)
                .client(FilecoinAddress.id(1000)).provider(PROVIDER).startEpoch(100).endEpoch(200)
                .storagePricePerEpoch(price).providerCollateral(TokenAmount.ofAtto(1));
    }

    @Test
    void pricePerEpochRoundsDownAsProvidersDo() {
        StorageAsk ask = ask(1_000_000_000L, 128, 1L << 36);
        // 10^9 * 2^20 / 2^30 = 976562.5
        assertEquals(TokenAmount.ofAtto(976_562), ask.pricePerEpoch(1 << 20, false));
        assertEquals(TokenAmount.ofAtto(97_656), ask.pricePerEpoch(1 << 20, true));
        assertEquals(TokenAmount.ofAtto(1_000_000_000L * 64), ask.pricePerEpoch(1L << 36, false));
        assertEquals(TokenAmount.ofAtto(119), ask.pricePerEpoch(128, false));
        assertEquals(TokenAmount.ofAtto(976_562), ask.collateral(1 << 20));
    }

    @Test
    void theAskingPriceItselfIsAccepted() {
        StorageAsk ask = ask(1_000_000_000L, 256, 1L << 30);
        assertDoesNotThrow(() -> ask.check(proposal(1 << 20, TokenAmount.ofAtto(976_562)).build(), 10));
        assertDoesNotThrow(() -> ask.check(proposal(1 << 20, TokenAmount.ofAtto(97_656)).verifiedDeal(true).build(),
                10));
    }

    @Test
    void eachShortfallIsRefusedWithTheNumbers() {
        StorageAsk ask = ask(1_000_000_000L, 256, 1L << 30);
        DealsException price = assertThrows(DealsException.class,
                () -> ask.check(proposal(1 << 20, TokenAmount.ofAtto(976_561)).build(), 10));
        assertEquals(DealsException.Code.ASK_NOT_MET, price.code());
        assertTrue(price.getMessage().contains("less than asking price: 976561 attoFIL < 976562 attoFIL"),
                price.getMessage());

        DealsException small = assertThrows(DealsException.class,
                () -> ask.check(proposal(128, TokenAmount.ofFil(1)).build(), 10));
        assertTrue(small.getMessage().contains("piece size less than minimum required size: 128 < 256"),
                small.getMessage());

        DealsException large = assertThrows(DealsException.class,
                () -> ask.check(proposal(1L << 31, TokenAmount.ofFil(1)).build(), 10));
        assertEquals(DealsException.Code.ASK_NOT_MET, large.code());
        assertTrue(large.getMessage().contains("more than maximum allowed size: 2147483648 > 1073741824"),
                large.getMessage());

        DealsException collateral = assertThrows(DealsException.class, () -> ask.check(
                proposal(1 << 20, TokenAmount.ofFil(1)).providerCollateral(TokenAmount.ofAtto(976_563)).build(), 10));
        assertTrue(collateral.getMessage().contains("above what the ask offers"), collateral.getMessage());

        DealsException expired = assertThrows(DealsException.class,
                () -> ask.check(proposal(1 << 20, TokenAmount.ofFil(1)).build(), 1_000_001));
        assertEquals(DealsException.Code.ASK_NOT_MET, expired.code());

        DealsException wrong = assertThrows(DealsException.class, () -> ask.check(
                proposal(1 << 20, TokenAmount.ofFil(1)).provider(FilecoinAddress.id(9)).build(), 10));
        assertEquals(DealsException.Code.WRONG_PROVIDER, wrong.code());
    }

    @Test
    void malformedAsksAreRefused() {
        assertThrows(DealsException.class, () -> ask(1, 100, 1 << 20));
        assertThrows(DealsException.class, () -> ask(1, 128, 3 << 20));
        assertThrows(IllegalArgumentException.class, () -> ask(1, 1 << 20, 1 << 10));
        assertThrows(IllegalArgumentException.class, () -> new StorageAsk(PROVIDER, TokenAmount.ofAtto(-1),
                TokenAmount.ZERO, 128, 256, TokenAmount.ZERO, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new StorageAsk(PROVIDER, TokenAmount.ZERO,
                TokenAmount.ZERO, 128, 256, TokenAmount.ZERO, 5, 4, 0));
        assertEquals(BigInteger.ZERO, ask(0, 128, 256).pricePerEpoch(256, false).attoFil());
    }
}
