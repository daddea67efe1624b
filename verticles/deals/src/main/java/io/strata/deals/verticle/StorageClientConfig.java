package io.strata.deals.verticle;

import io.strata.deals.ClientKey;
import io.strata.deals.EpochClock;
import io.strata.deals.FilecoinAddress;
import io.strata.deals.MarketPolicy;
import io.strata.deals.ProvingSchedule;
import io.strata.deals.ScoringWeights;

import java.util.List;
import java.util.Objects;

/**
 * A client node's settings.
 *
 * @param key              signs the proposals; its address is the deals' client
 * @param providers        the providers whose asks are considered
 * @param replicas         deals kept active per piece
 * @param durationEpochs   how long each deal lasts
 * @param startDelayEpochs epochs from proposing to the deal's start: time to transfer and seal
 * @param schedule         the proving periods the client challenges
 * @param challengeLeaves  leaves per challenge
 * @param weights          provider ranking weights
 * @param policy           market bounds (the provider collateral minimum)
 * @param clock            the chain epoch
 * @param tickMillis       how often the client looks at the epoch to challenge and settle
 * @param requestTimeoutMillis event-bus timeout of each request to a provider
 */
public record StorageClientConfig(ClientKey key, List<FilecoinAddress> providers, int replicas, long durationEpochs,
                                  long startDelayEpochs, ProvingSchedule schedule, int challengeLeaves,
                                  ScoringWeights weights, MarketPolicy policy, EpochClock clock, long tickMillis,
                                  long requestTimeoutMillis) {

    public StorageClientConfig {
        Objects.requireNonNull(key, "key");
        providers = List.copyOf(providers);
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(clock, "clock");
        if (replicas < 1 || durationEpochs < 1 || startDelayEpochs < 1 || challengeLeaves < 1 || tickMillis < 1
                || requestTimeoutMillis < 1) {
            throw new IllegalArgumentException("replicas, duration, start delay, challenge leaves, tick and timeout"
                    + " are positive");
        }
    }
}
