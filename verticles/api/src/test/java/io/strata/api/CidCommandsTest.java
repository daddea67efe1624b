package io.strata.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Vectors from Kubo's own sharness tests (t0290-cid.sh). */
class CidCommandsTest extends ApiTestBase {

    private static final String CID_V0 = "QmS4ustL54uo8FzR9455qaxZwuMiUhyvMcX9Ba8nUH4uVv";
    private static final String CID_V1_BASE58 = "zdj7WZAAFKPvYPPzyJLso2hhxo8a7ZACFQ4DvvfrNXTHidofr";
    private static final String CID_BASE32 = "bafybeibxm2nsadl3fnxv2sxcxmxaco2jl53wpeorjdzidjwf5aqdg7wa6u";

    @Test
    void base32ConvertsEveryArgumentOnAChannel() throws Exception {
        HttpResponse<Buffer> response = post("/api/v0/cid/base32?arg=" + CID_V0 + "&arg=" + CID_V1_BASE58);

        assertEquals(200, response.statusCode());
        assertEquals("1", response.getHeader("X-Chunked-Output"));
        List<JsonObject> results = ndjson(response);
        assertEquals(new JsonObject().put("CidStr", CID_V0).put("Formatted", CID_BASE32).put("ErrorMsg", ""),
                results.get(0));
        assertEquals(CID_BASE32, results.get(1).getString("Formatted"));
    }

    @Test
    void formatConvertsVersionAndBase() throws Exception {
        assertEquals(CID_V1_BASE58, ndjson(post("/api/v0/cid/format?v=1&b=base58btc&arg=" + CID_V0)).get(0)
                .getString("Formatted"));
        assertEquals(CID_V0, ndjson(post("/api/v0/cid/format?v=0&arg=" + CID_BASE32)).get(0).getString("Formatted"));
        assertEquals("bafkreievd6mwe6vcwnkwo3eizs3h7w3a34opszbyfxziqdxguhjw7imdve",
                ndjson(post("/api/v0/cid/format?mc=raw&b=base32&arg=QmYNmQKp6SuaVrpgWRsPTgCQCnpxUYGq76YEKBXuj2N4H6"))
                        .get(0).getString("Formatted"));
        assertEquals("cidv0-dag-pb-sha2-256-32", ndjson(post("/api/v0/cid/format?f=%25P&arg=" + CID_V0)).get(0)
                .getString("Formatted"));
    }

    @Test
    void malformedCidIsReportedPerArgument() throws Exception {
        JsonObject result = ndjson(post("/api/v0/cid/base32?arg=not-a-cid")).get(0);

        assertEquals("not-a-cid", result.getString("CidStr"));
        assertEquals("", result.getString("Formatted"));
        assertFalse(result.getString("ErrorMsg").isEmpty());
    }

    @Test
    void missingArgumentIs400() throws Exception {
        HttpResponse<Buffer> response = post("/api/v0/cid/base32");

        assertEquals(400, response.statusCode());
        assertEquals("argument \"cid\" is required\n", response.bodyAsString());
    }

    @Test
    void invalidVersionIsACommandError() throws Exception {
        HttpResponse<Buffer> response = post("/api/v0/cid/format?v=7&arg=" + CID_V0);

        assertEquals(500, response.statusCode());
        assertEquals(new JsonObject().put("Message", "invalid cid version: \"7\"").put("Code", 0).put("Type", "error"),
                response.bodyAsJsonObject());
    }
}
