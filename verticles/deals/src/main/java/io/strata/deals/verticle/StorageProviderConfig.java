package io.strata.deals.verticle;

import io.strata.deals.ClientAuthenticator;
import io.strata.deals.EpochClock;
import io.strata.deals.MarketPolicy;
import io.strata.deals.StorageAsk;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A storage provider node's settings.
 *
 * @param ask           its published terms (the ask's provider is its ID address)
 * @param directory     where pieces' payloads are stored, one file per piece, named by its deal
 * @param policy        the market bounds proposals must meet
 * @param authenticator how clients' signatures are checked
 * @param clock         the chain epoch
 * @param layerLevel    the tree level stored per piece to answer challenges without rereading it whole
 */
public record StorageProviderConfig(StorageAsk ask, Path directory, MarketPolicy policy,
                                    ClientAuthenticator authenticator, EpochClock clock, int layerLevel) {

    public StorageProviderConfig {
        Objects.requireNonNull(ask, "ask");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(clock, "clock");
    }
}
