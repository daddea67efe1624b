package io.strata.deals.verticle;

import io.strata.deals.FilecoinAddress;
import io.strata.deals.StorageAsk;
import io.strata.multiformats.Cid;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A directory for one JVM without a cluster. */
final class InMemoryDealDirectory implements DealDirectory {

    private final Map<Cid, DealRecord> deals = new ConcurrentHashMap<>();
    private final Map<FilecoinAddress, StorageAsk> asks = new ConcurrentHashMap<>();

    @Override
    public void putDeal(DealRecord record) {
        deals.put(record.proposalCid(), record);
    }

    @Override
    public Optional<DealRecord> deal(Cid proposalCid) {
        return Optional.ofNullable(deals.get(proposalCid));
    }

    @Override
    public List<DealRecord> deals() {
        return List.copyOf(deals.values());
    }

    @Override
    public void putAsk(StorageAsk ask) {
        asks.put(ask.provider(), ask);
    }

    @Override
    public void removeAsk(FilecoinAddress provider) {
        asks.remove(provider);
    }

    @Override
    public List<StorageAsk> asks() {
        return List.copyOf(asks.values());
    }
}
