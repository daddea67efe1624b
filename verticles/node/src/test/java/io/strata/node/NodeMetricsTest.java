package io.strata.node;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NodeMetricsTest {

    @Test
    void identifiersAndTopicsInEventBusAddressesBecomePlaceholders() {
        assertEquals("strata.bitswap.{id}",
                NodeMetrics.withoutIdentifiers("strata.bitswap.12D3KooWM8KqmXEZ4wRfehk6tYGMpbZNtQmTW3TPkkbb5Fymt3ch"));
        assertEquals("strata.dht.{id}.rpc",
                NodeMetrics.withoutIdentifiers("strata.dht.QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N.rpc"));
        assertEquals("strata.db.{id}",
                NodeMetrics.withoutIdentifiers("strata.db.bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"));
        assertEquals("strata.orbit.heads./orbitdb/{id}", NodeMetrics.withoutIdentifiers(
                "strata.orbit.heads./orbitdb/zdpuAnmwQRpYC4cHZRBvaDZTYXzuVoXYRgn5fhgJbHBbfLuKR"));
        assertEquals("strata.ipns.changed.{id}", NodeMetrics.withoutIdentifiers(
                "strata.ipns.changed.k51qzi5uqu5dlvj2baxnqndepeb86cbk3ng7n3i46uzyxzyqj2xjonzllnv0v8"));
        assertEquals("strata.pinning.events.{id}", NodeMetrics.withoutIdentifiers(
                "strata.pinning.events.QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o"));
        assertEquals("strata.pubsub.{topic}", NodeMetrics.withoutIdentifiers("strata.pubsub.bXktdG9waWM"));
        assertEquals("strata.blocks.put", NodeMetrics.withoutIdentifiers("strata.blocks.put"));
        assertEquals("strata.bitswap.local.fetch", NodeMetrics.withoutIdentifiers("strata.bitswap.local.fetch"));
    }
}
