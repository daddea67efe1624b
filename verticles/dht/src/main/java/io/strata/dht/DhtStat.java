package io.strata.dht;

import io.strata.multiformats.PeerId;

import java.util.List;

/**
 * A snapshot of this node's DHT.
 *
 * @param self              this node's peer id
 * @param routingTable      the peers of the routing table, nearest bucket last
 * @param providerRecords   provider records held for others (and for ourselves), expired ones included until swept
 * @param valueRecords      value records held
 * @param providedKeys      CIDs this node remembers announcing (the most recent 16,384; strategy all reprovides
 *                          every stored block without keeping them in memory)
 * @param reprovideStrategy the configured strategy
 */
public record DhtStat(PeerId self, List<PeerId> routingTable, int providerRecords, int valueRecords,
                      int providedKeys, ReprovideStrategy reprovideStrategy) {

    public DhtStat {
        routingTable = List.copyOf(routingTable);
    }
}
