package io.strata.bitswap.verticle;

import io.strata.bitswap.BitswapMessage;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BitswapConfigTest {

    @Test
    void clusterMembersAndLibp2pPeersHaveTheirOwnMessageTargets() {
        BitswapConfig defaults = BitswapConfig.defaults();
        assertEquals(256 * 1024, defaults.targetMessageBytes());
        assertEquals(BitswapMessage.MAX_MESSAGE_BYTES, defaults.libp2pTargetMessageBytes());

        BitswapConfig set = BitswapConfig.from(new JsonObject().put(BitswapConfig.TARGET_MESSAGE_BYTES, 1 << 20)
                .put(BitswapConfig.LIBP2P_TARGET_MESSAGE_BYTES, 2 << 20));
        assertEquals(1 << 20, set.targetMessageBytes());
        assertEquals(2 << 20, set.libp2pTargetMessageBytes());
    }

    @Test
    void aLibp2pTargetAboveTheMessageLimitIsRefusedByName() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> BitswapConfig.from(
                new JsonObject().put(BitswapConfig.LIBP2P_TARGET_MESSAGE_BYTES, BitswapMessage.MAX_MESSAGE_BYTES + 1)));
        assertTrue(error.getMessage().contains(BitswapConfig.LIBP2P_TARGET_MESSAGE_BYTES), error.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> BitswapConfig.from(new JsonObject().put(BitswapConfig.LIBP2P_TARGET_MESSAGE_BYTES, 0)));
    }
}
