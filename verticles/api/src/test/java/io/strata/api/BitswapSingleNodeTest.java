package io.strata.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Without a Bitswap verticle (single-node mode) the bitswap commands answer Kubo's offline-style error. */
class BitswapSingleNodeTest extends ApiTestBase {

    @Test
    void everyBitswapCommandExplainsThatBitswapIsNotRunning() throws Exception {
        for (String uri : new String[] {"/api/v0/bitswap/stat", "/api/v0/bitswap/wantlist",
                "/api/v0/bitswap/ledger?arg=12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA"}) {
            HttpResponse<Buffer> response = post(uri);
            assertEquals(500, response.statusCode(), uri);
            JsonObject error = response.bodyAsJsonObject();
            assertEquals("error", error.getString("Type"));
            assertTrue(error.getString("Message").startsWith("this action must be run in online mode"), error.encode());
        }
    }
}
