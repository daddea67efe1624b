package io.strata.deals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Ranks storage providers for a piece, deterministically. Candidates whose ask does not take the piece's
 * size, has expired, or who are excluded (a provider that already holds a replica, or just failed one) are
 * left out. Each remaining provider scores the weighted mean of four factors in [0, 1]: power, successful
 * deals and age, each divided by the best candidate's; and price, the cheapest candidate's price per epoch
 * divided by its own (1 when free). Arithmetic is decimal with 34 significant digits, so scores do not depend
 * on the platform. Equal scores are ordered by lower price, then higher power, then address bytes.
 */
public final class ProviderSelection {

    private static final MathContext PRECISION = MathContext.DECIMAL128;

    private final ScoringWeights weights;

    public ProviderSelection(ScoringWeights weights) {
        this.weights = Objects.requireNonNull(weights, "weights");
    }

    /** A candidate with its score and the price per epoch it charges for the piece. */
    public record RankedProvider(ProviderProfile profile, BigDecimal score, TokenAmount pricePerEpoch) {
    }

    public List<RankedProvider> rank(Collection<ProviderProfile> candidates, long pieceSize, boolean verified,
                                     long currentEpoch, Set<FilecoinAddress> excluded) {
        List<ProviderProfile> eligible = candidates.stream()
                .filter(p -> !excluded.contains(p.provider()))
                .filter(p -> p.ask().accepts(pieceSize) && p.ask().isValidAt(currentEpoch))
                .toList();
        if (eligible.isEmpty()) {
            return List.of();
        }
        BigInteger maxPower = eligible.stream().map(ProviderProfile::rawPower).reduce(BigInteger.ZERO, BigInteger::max);
        long maxDeals = eligible.stream().mapToLong(ProviderProfile::successfulDeals).max().orElse(0);
        long maxAge = eligible.stream().mapToLong(p -> age(p, currentEpoch)).max().orElse(0);
        BigInteger minPrice = eligible.stream().map(p -> p.ask().pricePerEpoch(pieceSize, verified).attoFil())
                .reduce(BigInteger::min).orElseThrow();
        BigDecimal total = BigDecimal.valueOf(weights.total());
        return eligible.stream()
                .map(p -> {
                    TokenAmount price = p.ask().pricePerEpoch(pieceSize, verified);
                    BigDecimal score = weighted(weights.power(), ratio(p.rawPower(), maxPower))
                            .add(weighted(weights.successfulDeals(),
                                    ratio(BigInteger.valueOf(p.successfulDeals()), BigInteger.valueOf(maxDeals))))
                            .add(weighted(weights.age(),
                                    ratio(BigInteger.valueOf(age(p, currentEpoch)), BigInteger.valueOf(maxAge))))
                            .add(weighted(weights.price(), priceFactor(minPrice, price.attoFil())))
                            .divide(total, PRECISION);
                    return new RankedProvider(p, score, price);
                })
                .sorted(Comparator.comparing(RankedProvider::score).reversed()
                        .thenComparing(RankedProvider::pricePerEpoch)
                        .thenComparing((RankedProvider r) -> r.profile().rawPower(), Comparator.reverseOrder())
                        .thenComparing((RankedProvider r) -> r.profile().provider().toBytes(), Arrays::compareUnsigned))
                .toList();
    }

    /** The best {@code count} providers, fewer if fewer are eligible. */
    public List<RankedProvider> select(Collection<ProviderProfile> candidates, long pieceSize, boolean verified,
                                       long currentEpoch, Set<FilecoinAddress> excluded, int count) {
        List<RankedProvider> ranked = rank(candidates, pieceSize, verified, currentEpoch, excluded);
        return ranked.subList(0, Math.min(count, ranked.size()));
    }

    private static long age(ProviderProfile profile, long currentEpoch) {
        return Math.max(0, currentEpoch - profile.firstSeenEpoch());
    }

    private static BigDecimal ratio(BigInteger value, BigInteger max) {
        return max.signum() == 0 ? BigDecimal.ZERO : new BigDecimal(value).divide(new BigDecimal(max), PRECISION);
    }

    private static BigDecimal priceFactor(BigInteger minPrice, BigInteger price) {
        return price.signum() == 0 ? BigDecimal.ONE : new BigDecimal(minPrice).divide(new BigDecimal(price), PRECISION);
    }

    private static BigDecimal weighted(double weight, BigDecimal factor) {
        return BigDecimal.valueOf(weight).multiply(factor, PRECISION);
    }
}
