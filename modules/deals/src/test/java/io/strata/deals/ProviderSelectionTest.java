package io.strata.deals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProviderSelectionTest {

    private static final long PIECE = 1 << 20;

    private static ProviderProfile provider(long id, long pricePerGiB, long power, long deals, long firstSeen) {
        StorageAsk ask = new StorageAsk(FilecoinAddress.id(id), TokenAmount.ofAtto(pricePerGiB), TokenAmount.ZERO,
                256, 1L << 30, TokenAmount.ZERO, 0, 1_000_000, 0);
        return new ProviderProfile(ask, BigInteger.valueOf(power), deals, firstSeen);
    }

    private static List<Long> ids(List<ProviderSelection.RankedProvider> ranked) {
        return ranked.stream().map(r -> r.profile().provider().actorId()).toList();
    }

    private final List<ProviderProfile> market = List.of(
            provider(1, 1L << 30, 100, 10, 0),      // middling price, power and deals, oldest
            provider(2, 1L << 29, 50, 0, 900),      // cheapest, small, new
            provider(3, 1L << 31, 400, 40, 100),    // expensive, most power and deals
            provider(4, 1L << 30, 100, 10, 0));     // identical to 1 but a later address

    @Test
    void eachFactorAloneOrdersByThatFactor() {
        long now = 1000;
        assertEquals(List.of(2L, 1L, 4L, 3L), ids(new ProviderSelection(new ScoringWeights(0, 0, 0, 1))
                .rank(market, PIECE, false, now, Set.of())));
        assertEquals(List.of(3L, 1L, 4L, 2L), ids(new ProviderSelection(new ScoringWeights(1, 0, 0, 0))
                .rank(market, PIECE, false, now, Set.of())));
        assertEquals(List.of(3L, 1L, 4L, 2L), ids(new ProviderSelection(new ScoringWeights(0, 1, 0, 0))
                .rank(market, PIECE, false, now, Set.of())));
        assertEquals(List.of(1L, 4L, 3L, 2L), ids(new ProviderSelection(new ScoringWeights(0, 0, 1, 0))
                .rank(market, PIECE, false, now, Set.of())));
    }

    @Test
    void scoresAreTheWeightedMeanOfTheFactors() {
        List<ProviderSelection.RankedProvider> ranked = new ProviderSelection(ScoringWeights.BALANCED)
                .rank(market, PIECE, false, 1000, Set.of());
        // Provider 3: power 1, deals 1, age 900/1000, price (2^19 / 2^31 = 0.25): (1 + 1 + 0.9 + 0.25) / 4.
        assertEquals(3L, ranked.get(0).profile().provider().actorId());
        assertEquals(0, new BigDecimal("0.7875").compareTo(ranked.get(0).score()));
        // Provider 2: power 0.125, deals 0, age 0.1, price 1: 1.225 / 4.
        ProviderSelection.RankedProvider two = ranked.stream()
                .filter(r -> r.profile().provider().actorId() == 2).findFirst().orElseThrow();
        assertEquals(0, new BigDecimal("0.30625").compareTo(two.score()));
        assertEquals(TokenAmount.ofAtto(1L << 19), two.pricePerEpoch());
    }

    @Test
    void equalScoresFallBackToPriceThenPowerThenAddress() {
        List<ProviderProfile> twins = List.of(provider(7, 1 << 30, 10, 0, 0), provider(5, 1 << 30, 10, 0, 0),
                provider(6, 1 << 30, 20, 0, 0));
        List<Long> order = ids(new ProviderSelection(new ScoringWeights(0, 0, 1, 0))
                .rank(twins, PIECE, false, 0, Set.of()));
        assertEquals(List.of(6L, 5L, 7L), order);
    }

    @Test
    void excludedExpiredAndUnfittingProvidersAreLeftOut() {
        List<ProviderProfile> candidates = new ArrayList<>(market);
        candidates.add(new ProviderProfile(new StorageAsk(FilecoinAddress.id(8), TokenAmount.ZERO, TokenAmount.ZERO,
                1L << 21, 1L << 30, TokenAmount.ZERO, 0, 1_000_000, 0), BigInteger.TEN, 0, 0));
        candidates.add(new ProviderProfile(new StorageAsk(FilecoinAddress.id(9), TokenAmount.ZERO, TokenAmount.ZERO,
                128, 1L << 30, TokenAmount.ZERO, 0, 999, 0), BigInteger.TEN, 0, 0));
        ProviderSelection selection = new ProviderSelection(ScoringWeights.BALANCED);
        List<Long> chosen = ids(selection.select(candidates, PIECE, false, 1000, Set.of(FilecoinAddress.id(3)), 10));
        assertEquals(Set.of(1L, 2L, 4L), Set.copyOf(chosen));
        assertEquals(2, selection.select(candidates, PIECE, false, 1000, Set.of(), 2).size());
        assertTrue(selection.rank(List.of(), PIECE, false, 0, Set.of()).isEmpty());
    }

    @Property(tries = 100)
    void theRankingDoesNotDependOnTheCandidatesOrder(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        Random random = new Random(seed);
        List<ProviderProfile> candidates = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            candidates.add(provider(i + 1, random.nextInt(4) << 20, random.nextInt(3), random.nextInt(3),
                    random.nextInt(3)));
        }
        ProviderSelection selection = new ProviderSelection(new ScoringWeights(random.nextInt(3), random.nextInt(3),
                random.nextInt(3), 1));
        List<Long> expected = ids(selection.rank(candidates, PIECE, false, 10, Set.of()));
        Collections.shuffle(candidates, random);
        assertEquals(expected, ids(selection.rank(candidates, PIECE, false, 10, Set.of())));
    }
}
