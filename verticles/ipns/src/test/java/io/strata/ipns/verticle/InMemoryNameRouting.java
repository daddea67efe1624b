package io.strata.ipns.verticle;

import io.strata.ipns.IpnsDhtValidator;
import io.strata.kademlia.KademliaException;
import io.vertx.core.Future;

import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A one-table stand-in for the DHT that applies the /ipns/ validator on put and keeps the selected record, as DHT peers do. */
final class InMemoryNameRouting implements NameRouting {

    private final Map<String, byte[]> values = new ConcurrentHashMap<>();
    private final IpnsDhtValidator validator;

    InMemoryNameRouting(Clock clock) {
        this.validator = new IpnsDhtValidator(clock);
    }

    @Override
    public synchronized Future<Integer> put(byte[] routingKey, byte[] record) {
        try {
            validator.validate(routingKey, record);
        } catch (KademliaException e) {
            return Future.failedFuture(e);
        }
        String key = HexFormat.of().formatHex(routingKey);
        byte[] current = values.get(key);
        if (current == null || validator.select(routingKey, List.of(current, record)) == 1) {
            values.put(key, record);
        }
        return Future.succeededFuture(1);
    }

    @Override
    public Future<byte[]> get(byte[] routingKey) {
        byte[] record = values.get(HexFormat.of().formatHex(routingKey));
        return record == null ? Future.failedFuture("routing: not found") : Future.succeededFuture(record);
    }
}
