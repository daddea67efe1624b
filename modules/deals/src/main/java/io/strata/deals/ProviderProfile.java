package io.strata.deals;

import java.math.BigInteger;
import java.util.Objects;

/**
 * What a client knows of a storage provider when choosing one.
 *
 * @param ask             the provider's current ask
 * @param rawPower        bytes of storage the provider proves
 * @param successfulDeals deals it brought to Active and kept to their end
 * @param firstSeenEpoch  the epoch the provider first published an ask: its age counts from there
 */
public record ProviderProfile(StorageAsk ask, BigInteger rawPower, long successfulDeals, long firstSeenEpoch) {

    public ProviderProfile {
        Objects.requireNonNull(ask, "ask");
        Objects.requireNonNull(rawPower, "rawPower");
        if (rawPower.signum() < 0 || successfulDeals < 0) {
            throw new IllegalArgumentException("power and deal counts are not negative");
        }
    }

    public FilecoinAddress provider() {
        return ask.provider();
    }
}
