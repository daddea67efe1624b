package io.strata.ipns.verticle;

import io.strata.dht.DhtClient;
import io.vertx.core.Future;

/**
 * IPNS records in the node's DHT: value records under {@code /ipns/<multihash>}, validated and selected there by
 * {@link io.strata.ipns.IpnsDhtValidator}, which the node registers with the DHT verticle for namespace "ipns".
 */
public final class DhtNameRouting implements NameRouting {

    private final DhtClient dht;

    public DhtNameRouting(DhtClient dht) {
        this.dht = dht;
    }

    @Override
    public Future<Integer> put(byte[] routingKey, byte[] record) {
        return dht.putValue(routingKey, record);
    }

    @Override
    public Future<byte[]> get(byte[] routingKey) {
        return dht.getValue(routingKey);
    }
}
