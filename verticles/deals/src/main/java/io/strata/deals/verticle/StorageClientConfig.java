package io.strata.deals.verticle;

import io.strata.deals.ClientKey;
import io.strata.deals.EpochClock;
import io.strata.deals.MarketPolicy;
import io.strata.deals.ProvingSchedule;
import io.strata.deals.ScoringWeights;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A client node's settings.
 *
 * @param key                  signs the proposals; its address is the deals' client
 * @param nodeName             this node in deal records (its peer id): the node that tracks and challenges them
 * @param replicas             deals made per DAG unless a request says otherwise
 * @param durationEpochs       how long each deal lasts unless a request says otherwise
 * @param startDelayEpochs     epochs from proposing to the deal's start: time to transfer and seal
 * @param schedule             the proving periods the client challenges
 * @param challengeLeaves      leaves per challenge
 * @param weights              provider ranking weights
 * @param policy               market bounds (the provider collateral minimum)
 * @param clock                the chain epoch
 * @param tickMillis           how often the client looks at the epoch to challenge and settle
 * @param requestTimeoutMillis event-bus timeout of each request to a provider
 * @param retrievalDirectory   where retrieved payloads are written and checked before they are served
 */
public record StorageClientConfig(ClientKey key, String nodeName, int replicas, long durationEpochs,
                                  long startDelayEpochs, ProvingSchedule schedule, int challengeLeaves,
                                  ScoringWeights weights, MarketPolicy policy, EpochClock clock, long tickMillis,
                                  long requestTimeoutMillis, Path retrievalDirectory) {

    public StorageClientConfig {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(retrievalDirectory, "retrievalDirectory");
        if (replicas < 1 || durationEpochs < 1 || startDelayEpochs < 1 || challengeLeaves < 1 || tickMillis < 1
                || requestTimeoutMillis < 1) {
            throw new IllegalArgumentException("replicas, duration, start delay, challenge leaves, tick and timeout"
                    + " are positive");
        }
    }
}
