package io.strata.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Single-node mode: no DHT verticle is deployed. */
class RoutingOfflineTest extends ApiTestBase {

    @ParameterizedTest
    @ValueSource(strings = {
            "routing/findprovs?arg=QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o",
            "routing/findpeer?arg=12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq",
            "routing/get?arg=/ipns/12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq"})
    void answersTheOnlineModeError(String command) throws Exception {
        HttpResponse<Buffer> response = post("/api/v0/" + command);
        assertEquals(500, response.statusCode());
        String message = response.bodyAsJsonObject().getString("Message");
        assertTrue(message.startsWith("this command must be run in online mode"), message);
        assertEquals(0, response.bodyAsJsonObject().getInteger("Code"));
    }
}
