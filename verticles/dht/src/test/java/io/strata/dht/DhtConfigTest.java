package io.strata.dht;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DhtConfigTest {

    @Test
    void defaultsFollowKuboAndTheKadSpec() {
        DhtConfig config = DhtConfig.from(new JsonObject());
        assertEquals(20, config.bucketSize());
        assertEquals(3, config.alpha());
        assertEquals(Duration.ofHours(48), config.providerRecordTtl());
        assertEquals(Duration.ofHours(22), config.republishInterval());
        assertEquals(Duration.ofSeconds(5), config.rpcTimeout());
        assertEquals(ReprovideStrategy.ALL, config.reprovideStrategy());
        assertEquals(Duration.ofMinutes(1), config.initialReprovideDelay());
        assertEquals(1000, config.reprovidePageSize());
    }

    @Test
    void readsDurationsAndStrategies() {
        DhtConfig config = DhtConfig.from(new JsonObject().put("rpcTimeout", "750ms").put("providerRecordTtl", "2d")
                .put("republishInterval", "30h").put("tickInterval", "10s").put("reprovideStrategy", "roots")
                .put("initialReprovideDelay", "5s").put("reprovidePageSize", 50));
        assertEquals(Duration.ofMillis(750), config.rpcTimeout());
        assertEquals(Duration.ofDays(2), config.providerRecordTtl());
        assertEquals(Duration.ofHours(30), config.republishInterval());
        assertEquals(Duration.ofSeconds(10), config.tickInterval());
        assertEquals(ReprovideStrategy.ROOTS, config.reprovideStrategy());
        assertEquals(Duration.ofSeconds(5), config.initialReprovideDelay());
        assertEquals(50, config.reprovidePageSize());
        assertEquals(config, DhtConfig.from(config.toJson()));
    }

    @Test
    void rejectsBadValues() {
        assertMessage("must be a duration", new JsonObject().put("rpcTimeout", "5 seconds"));
        assertMessage("must be a duration", new JsonObject().put("rpcTimeout", "h"));
        assertMessage("unknown reprovide strategy 'flat'", new JsonObject().put("reprovideStrategy", "flat"));
        assertMessage("shorter than", new JsonObject().put("republishInterval", "49h"));
        assertMessage("must be positive", new JsonObject().put("rpcTimeout", "0s"));
        assertMessage("reprovidePageSize must be between 1 and", new JsonObject().put("reprovidePageSize", 0));
        assertMessage("reprovidePageSize must be between 1 and", new JsonObject().put("reprovidePageSize", 10_001));
    }

    private static void assertMessage(String fragment, JsonObject json) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> DhtConfig.from(json));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
