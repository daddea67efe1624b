package io.strata.kademlia;

import java.time.Duration;

/**
 * Protocol parameters. Defaults follow the libp2p kad-dht spec and go-libp2p-kad-dht: k = 20
 * (bucket size and replication), alpha = 3 concurrent queries, provider records live 48 h and are
 * republished every 22 h so that a record is renewed twice before it can expire.
 */
public record KademliaConfig(int bucketSize, int alpha, Duration providerRecordTtl,
                             Duration providerRepublishInterval) {

    public static final KademliaConfig DEFAULT =
            new KademliaConfig(20, 3, Duration.ofHours(48), Duration.ofHours(22));

    public KademliaConfig {
        if (bucketSize < 1 || alpha < 1) {
            throw new KademliaException(KademliaException.Code.INVALID_ARGUMENT,
                    "bucketSize and alpha must be positive, got " + bucketSize + " and " + alpha);
        }
        if (providerRecordTtl.isNegative() || providerRecordTtl.isZero()
                || providerRepublishInterval.compareTo(providerRecordTtl) >= 0) {
            throw new KademliaException(KademliaException.Code.INVALID_ARGUMENT,
                    "the provider republish interval must be shorter than the positive record TTL");
        }
    }
}
