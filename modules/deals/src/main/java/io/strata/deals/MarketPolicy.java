package io.strata.deals;

import java.math.BigInteger;
import java.util.Objects;

/**
 * The bounds Filecoin's market actor puts on a deal, with the network figures the provider collateral
 * minimum depends on. {@link #filecoin} gives the chain's values (labels up to 256 bytes, 180 to 540 days);
 * a private network may choose shorter durations.
 *
 * @param maxLabelSize          longest label in bytes
 * @param minDuration           shortest deal, in epochs
 * @param maxDuration           longest deal, in epochs
 * @param networkRawPower       the network's raw byte power
 * @param baselinePower         the network's baseline power
 * @param circulatingSupply     the circulating FIL supply
 */
public record MarketPolicy(int maxLabelSize, long minDuration, long maxDuration, BigInteger networkRawPower,
                           BigInteger baselinePower, TokenAmount circulatingSupply) {

    public static final int FILECOIN_MAX_LABEL_SIZE = 256;
    public static final long FILECOIN_MIN_DURATION = 180 * EpochClock.EPOCHS_PER_DAY;
    public static final long FILECOIN_MAX_DURATION = 540 * EpochClock.EPOCHS_PER_DAY;
    /** The share of the normalized circulating supply a provider must lock: 1 / 100. */
    private static final BigInteger COLLATERAL_PERCENT = BigInteger.ONE;
    private static final BigInteger PERCENT = BigInteger.valueOf(100);

    public MarketPolicy {
        if (maxLabelSize < 0 || minDuration < 0 || maxDuration < minDuration) {
            throw new IllegalArgumentException("a market policy needs a non-negative label size and 0 <= minDuration"
                    + " <= maxDuration; got " + maxLabelSize + ", " + minDuration + ", " + maxDuration);
        }
        Objects.requireNonNull(networkRawPower, "networkRawPower");
        Objects.requireNonNull(baselinePower, "baselinePower");
        Objects.requireNonNull(circulatingSupply, "circulatingSupply");
        if (networkRawPower.signum() < 0 || baselinePower.signum() < 0 || circulatingSupply.isNegative()) {
            throw new IllegalArgumentException("network power, baseline power and circulating supply are not"
                    + " negative");
        }
    }

    public static MarketPolicy filecoin(BigInteger networkRawPower, BigInteger baselinePower,
                                        TokenAmount circulatingSupply) {
        return new MarketPolicy(FILECOIN_MAX_LABEL_SIZE, FILECOIN_MIN_DURATION, FILECOIN_MAX_DURATION,
                networkRawPower, baselinePower, circulatingSupply);
    }

    public MarketPolicy withDurations(long minDuration, long maxDuration) {
        return new MarketPolicy(maxLabelSize, minDuration, maxDuration, networkRawPower, baselinePower,
                circulatingSupply);
    }

    /**
     * The least provider collateral for a piece of {@code pieceSize} padded bytes, as the market actor
     * computes it: 1% of the circulating supply times the deal's share of power,
     * {@code size / max(networkRawPower, baselinePower, size)}, rounded down.
     */
    public TokenAmount minProviderCollateral(long pieceSize) {
        BigInteger size = BigInteger.valueOf(pieceSize);
        BigInteger shareDenominator = networkRawPower.max(baselinePower).max(size);
        BigInteger numerator = size.multiply(circulatingSupply.attoFil().multiply(COLLATERAL_PERCENT));
        BigInteger denominator = shareDenominator.multiply(PERCENT);
        return TokenAmount.ofAtto(numerator.divide(denominator));
    }

    public TokenAmount maxProviderCollateral() {
        return TokenAmount.TOTAL_FILECOIN;
    }

    public TokenAmount maxClientCollateral() {
        return TokenAmount.TOTAL_FILECOIN;
    }

    public TokenAmount maxPricePerEpoch() {
        return TokenAmount.TOTAL_FILECOIN;
    }
}
