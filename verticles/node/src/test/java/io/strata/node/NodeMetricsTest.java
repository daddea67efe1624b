package io.strata.node;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NodeMetricsTest {

    @Test
    void peerIdsAndCidsInEventBusAddressesBecomeAPlaceholder() {
        assertEquals("strata.bitswap.{peer}",
                NodeMetrics.withoutIdentifiers("strata.bitswap.12D3KooWM8KqmXEZ4wRfehk6tYGMpbZNtQmTW3TPkkbb5Fymt3ch"));
        assertEquals("strata.dht.{peer}.rpc",
                NodeMetrics.withoutIdentifiers("strata.dht.QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N.rpc"));
        assertEquals("strata.db.{peer}",
                NodeMetrics.withoutIdentifiers("strata.db.bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"));
        assertEquals("strata.blocks.put", NodeMetrics.withoutIdentifiers("strata.blocks.put"));
    }
}
