package io.strata.deals.verticle;

import io.strata.deals.EpochClock;
import io.strata.deals.FilecoinAddress;
import io.strata.deals.MarketPolicy;
import io.strata.deals.ProvingSchedule;
import io.strata.deals.StorageAsk;
import io.strata.deals.TokenAmount;
import io.vertx.core.json.JsonObject;

import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A node's {@code deals:} configuration section, typed (conf/strata.yaml documents every key). Amounts are
 * attoFIL as decimal strings, sizes are padded piece bytes, durations are epochs of 30 s.
 *
 * @param genesis          the start of epoch 0
 * @param replicas         deals made per DAG unless a request says otherwise
 * @param durationEpochs   deal length unless a request says otherwise
 * @param startDelayEpochs epochs from proposing to the deal's start: time to transfer and seal
 * @param schedule         how often deals are challenged and how long a provider has to answer
 * @param challengeLeaves  leaves per challenge
 * @param policy           the market bounds every node checks
 * @param requestTimeoutMillis timeout of each request to a provider
 * @param provider         the provider role's settings
 */
public record DealsConfig(Instant genesis, int replicas, long durationEpochs, long startDelayEpochs,
                          ProvingSchedule schedule, int challengeLeaves, MarketPolicy policy,
                          long requestTimeoutMillis, Provider provider) {

    /** Filecoin mainnet's genesis, so epochs here match the chain's. */
    public static final Instant FILECOIN_GENESIS = Instant.parse("2020-08-24T22:00:00Z");
    /** The market's power and supply figures used for the provider collateral minimum. */
    private static final BigInteger NETWORK_RAW_POWER = BigInteger.ONE.shiftLeft(60);
    private static final TokenAmount CIRCULATING_SUPPLY = TokenAmount.ofFil(500_000_000);

    /**
     * @param enabled             whether this node takes deals
     * @param actorId             its ID address f0&lt;actorId&gt;; 0 derives one from the node's peer id
     * @param pricePerGibPerEpoch its asking price
     * @param collateralPerGib    the collateral it offers
     * @param minPieceSize        smallest padded piece it takes
     * @param maxPieceSize        largest padded piece it takes
     * @param layerLevel          tree level kept per piece to answer challenges by reading 2^level leaves
     */
    public record Provider(boolean enabled, long actorId, TokenAmount pricePerGibPerEpoch, TokenAmount collateralPerGib,
                           long minPieceSize, long maxPieceSize, int layerLevel) {

        /** The ask this provider publishes at {@code epoch}, valid for a year of epochs. */
        public StorageAsk ask(FilecoinAddress address, long epoch) {
            return new StorageAsk(address, pricePerGibPerEpoch, pricePerGibPerEpoch, minPieceSize, maxPieceSize,
                    collateralPerGib, epoch, epoch + 365 * EpochClock.EPOCHS_PER_DAY, 0);
        }

        /** The configured ID address, or one derived from {@code nodeKey} (a peer id's bytes). */
        public FilecoinAddress address(byte[] nodeKey) {
            if (actorId > 0) {
                return FilecoinAddress.id(actorId);
            }
            long hash = 0;
            for (byte b : nodeKey) {
                hash = hash * 31 + (b & 0xff);
            }
            return FilecoinAddress.id(1000 + Math.floorMod(hash, 1_000_000_000L));
        }
    }

    public static DealsConfig from(JsonObject json) {
        JsonObject provider = json.getJsonObject("provider", new JsonObject());
        Instant genesis;
        try {
            genesis = Instant.parse(json.getString("genesis", FILECOIN_GENESIS.toString()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("genesis must be an ISO-8601 instant: " + e.getMessage(), e);
        }
        long minDuration = positive(json, "minDurationEpochs", MarketPolicy.FILECOIN_MIN_DURATION);
        long maxDuration = positive(json, "maxDurationEpochs", MarketPolicy.FILECOIN_MAX_DURATION);
        MarketPolicy policy = MarketPolicy.filecoin(NETWORK_RAW_POWER, NETWORK_RAW_POWER, CIRCULATING_SUPPLY)
                .withDurations(minDuration, maxDuration);
        ProvingSchedule schedule = new ProvingSchedule(positive(json, "provingPeriodEpochs", EpochClock.EPOCHS_PER_DAY),
                positive(json, "answerWindowEpochs", EpochClock.EPOCHS_PER_HOUR));
        Provider role = new Provider(provider.getBoolean("enabled", false), nonNegative(provider, "actorId", 0),
                amount(provider, "pricePerGibPerEpoch", "500000000"), amount(provider, "collateralPerGib",
                "1000000000000000000"), positive(provider, "minPieceSize", 256),
                positive(provider, "maxPieceSize", 32L << 30), (int) nonNegative(provider, "layerLevel", 10));
        // An ask checks its sizes (powers of two, min <= max): a bad section fails at start, not at the first deal.
        role.ask(FilecoinAddress.id(1000), 0);
        return new DealsConfig(genesis, (int) positive(json, "replicas", 2), positive(json, "durationEpochs", minDuration),
                positive(json, "startDelayEpochs", EpochClock.EPOCHS_PER_HOUR), schedule,
                (int) positive(json, "challengeLeaves", 16), policy, positive(json, "requestTimeoutMillis", 60_000),
                role);
    }

    private static long positive(JsonObject json, String key, long fallback) {
        long value = number(json, key, fallback);
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be positive, got " + value);
        }
        return value;
    }

    private static long nonNegative(JsonObject json, String key, long fallback) {
        long value = number(json, key, fallback);
        if (value < 0) {
            throw new IllegalArgumentException(key + " must not be negative, got " + value);
        }
        return value;
    }

    private static long number(JsonObject json, String key, long fallback) {
        Object value = json.getValue(key);
        if (value == null) {
            return fallback;
        }
        try {
            return value instanceof Number number ? number.longValue() : Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got " + value, e);
        }
    }

    private static TokenAmount amount(JsonObject json, String key, String fallback) {
        String text = String.valueOf(json.getValue(key, fallback)).trim();
        try {
            TokenAmount amount = TokenAmount.ofAtto(new BigInteger(text));
            if (amount.isNegative()) {
                throw new NumberFormatException("negative");
            }
            return amount;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a non-negative attoFIL amount, got " + text, e);
        }
    }
}
