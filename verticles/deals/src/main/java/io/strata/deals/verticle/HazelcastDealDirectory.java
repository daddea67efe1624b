package io.strata.deals.verticle;

import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.strata.deals.FilecoinAddress;
import io.strata.deals.StorageAsk;
import io.strata.multiformats.Cid;
import io.vertx.core.json.JsonObject;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Deal records and asks in Hazelcast maps ({@value DealsContract#DEALS_MAP}, {@value DealsContract#ASKS_MAP})
 * with one synchronous backup, so the loss of one member loses no record. Values are the records' JSON text.
 */
public final class HazelcastDealDirectory implements DealDirectory {

    private final IMap<String, String> deals;
    private final IMap<String, String> asks;

    public HazelcastDealDirectory(HazelcastInstance hazelcast) {
        for (String name : List.of(DealsContract.DEALS_MAP, DealsContract.ASKS_MAP)) {
            hazelcast.getConfig().addMapConfig(new MapConfig(name).setBackupCount(1));
        }
        this.deals = hazelcast.getMap(DealsContract.DEALS_MAP);
        this.asks = hazelcast.getMap(DealsContract.ASKS_MAP);
    }

    @Override
    public void putDeal(DealRecord record) {
        deals.set(record.proposalCid().toString(), record.toJson().encode());
    }

    @Override
    public Optional<DealRecord> deal(Cid proposalCid) {
        return Optional.ofNullable(deals.get(proposalCid.toString())).map(text -> DealRecord.fromJson(new JsonObject(text)));
    }

    @Override
    public List<DealRecord> deals() {
        return deals.values().stream().map(text -> DealRecord.fromJson(new JsonObject(text)))
                .sorted(Comparator.comparing(record -> record.proposalCid().toString())).toList();
    }

    @Override
    public void putAsk(StorageAsk ask) {
        asks.set(ask.provider().toString(), Asks.toJson(ask).encode());
    }

    @Override
    public void removeAsk(FilecoinAddress provider) {
        asks.delete(provider.toString());
    }

    @Override
    public List<StorageAsk> asks() {
        return asks.values().stream().map(text -> Asks.fromJson(new JsonObject(text)))
                .sorted(Comparator.comparing(ask -> ask.provider().actorId())).toList();
    }
}
