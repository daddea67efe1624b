package io.strata.ipns.verticle;

import io.vertx.core.Future;

/**
 * Where IPNS records are published and looked up across nodes: the DHT's value records under the routing key
 * {@code /ipns/<multihash>}. The node implements it with the DHT client; the IPNS verticle does not depend on the
 * DHT module. Implementations validate nothing themselves: the DHT applies the {@code /ipns/} validator.
 */
public interface NameRouting {

    /** Stores the record at the peers closest to the key; answers how many stored it. */
    Future<Integer> put(byte[] routingKey, byte[] record);

    /** The best record the network holds for the key; fails when there is none. */
    Future<byte[]> get(byte[] routingKey);
}
