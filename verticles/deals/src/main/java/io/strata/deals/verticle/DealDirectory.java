package io.strata.deals.verticle;

import io.strata.deals.FilecoinAddress;
import io.strata.deals.StorageAsk;
import io.strata.multiformats.Cid;

import java.util.List;
import java.util.Optional;

/**
 * Where deal records and providers' asks live so that every node sees them: {@link HazelcastDealDirectory}
 * in a cluster. Every method may block on the network: call it from a worker.
 */
public interface DealDirectory {

    void putDeal(DealRecord record);

    Optional<DealRecord> deal(Cid proposalCid);

    List<DealRecord> deals();

    void putAsk(StorageAsk ask);

    void removeAsk(FilecoinAddress provider);

    List<StorageAsk> asks();
}
