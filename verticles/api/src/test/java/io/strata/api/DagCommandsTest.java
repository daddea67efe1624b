package io.strata.api;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.blockstore.verticle.BlockStoreConfig;
import io.strata.blockstore.verticle.BlockStoreVerticle;
import io.strata.ipld.DagLinks;
import io.vertx.core.Deployable;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** dag/* with the vectors of Kubo's t0053-dag.sh. */
class DagCommandsTest extends ApiTestBase {

    private static final String DAG_PB_AS_JSON = "{\"Data\":{\"/\":{\"bytes\":\"AAECAwQ\"}},\"Links\":[]}";

    @TempDir
    static Path repo;

    @Override
    List<Deployable> extraVerticles() {
        return List.of(new BlockStoreVerticle(new BlockStoreConfig(repo.resolve("blocks"), false, true, 2),
                new SimpleMeterRegistry(), DagLinks::links));
    }

    private String addFile(String content) throws Exception {
        return ndjson(postMultipart("/api/v0/add?pin=false", singleFile(content.getBytes(StandardCharsets.UTF_8))))
                .get(0).getString("Hash");
    }

    private String dagPut(String query, String json) throws Exception {
        HttpResponse<Buffer> response = postMultipart("/api/v0/dag/put" + query, singleFile(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return ndjson(response).get(0).getJsonObject("Cid").getString("/");
    }

    @Test
    void dagPutMatchesKuboForEveryStoreCodec() throws Exception {
        String object = String.format("{\"hello\":\"world\",\"cats\":[{\"/\":\"%s\"},{\"water\":{\"/\":\"%s\"}}],"
                        + "\"magic\":{\"/\":\"%s\"},\"sub\":{\"dict\":\"ionary\",\"beep\":[0,\"bop\"]}}",
                addFile("foo\n"), addFile("bar\n"), addFile("baz\n"));

        assertEquals("bafyreiblwimnjbqcdoeafiobk6q27jcw64ew7n2fmmhdpldd63edmjecde", dagPut("", object));
        assertEquals("baguqeera6gviseelmbzn2ugoddo5vulxlshqs3kw5ymgsb6w4cabnoh4ldpa",
                dagPut("?input-codec=dag-json&store-codec=dag-json", object));
        assertEquals("bafyreieculsmrexh3ty5jentbvuku452o27mst4h2tq2rb2zntqhgcstji", dagPut("", DAG_PB_AS_JSON));
        assertEquals("baguqeerajwksxu3lxpomdwxvosl542zl3xknhjgxtq3277gafrhl6vdw5tcq",
                dagPut("?store-codec=dag-json", DAG_PB_AS_JSON));
        String pb = dagPut("?store-codec=dag-pb", DAG_PB_AS_JSON);
        assertEquals("bafybeibazl2z4vqp2tmwcfag6wirmtpnomxknqcgrauj7m2yisrz3qjbom", pb);

        HttpResponse<Buffer> get = post("/api/v0/dag/get?arg=" + pb);
        assertEquals("1", get.getHeader("X-Stream-Output"));
        assertEquals(DAG_PB_AS_JSON, get.bodyAsString());
    }

    @Test
    void dagResolveAndGetFollowPaths() throws Exception {
        String nested = dagPut("", "{\"data\":123}");
        String root = dagPut("", "{\"obj\":{\"/\":\"" + nested + "\"}}");

        assertEquals(new JsonObject().put("Cid", new JsonObject().put("/", root)).put("RemPath", ""),
                post("/api/v0/dag/resolve?arg=" + root).bodyAsJsonObject());
        assertEquals(new JsonObject().put("Cid", new JsonObject().put("/", nested)).put("RemPath", ""),
                post("/api/v0/dag/resolve?arg=" + root + "/obj").bodyAsJsonObject());
        assertEquals(new JsonObject().put("Cid", new JsonObject().put("/", nested)).put("RemPath", "data"),
                post("/api/v0/dag/resolve?arg=" + root + "/obj/data").bodyAsJsonObject());
        assertEquals("123", post("/api/v0/dag/get?arg=" + root + "/obj/data").bodyAsString());
        assertEquals(500, post("/api/v0/dag/get?arg=" + root + "/missing").statusCode());
    }

    @Test
    void exportThenImportRoundTripsAndPinsRoots() throws Exception {
        String nested = dagPut("", "{\"leaf\":true}");
        String root = dagPut("", "{\"child\":{\"/\":\"" + nested + "\"}}");

        HttpResponse<Buffer> car = post("/api/v0/dag/export?arg=" + root);
        assertEquals(200, car.statusCode());
        assertEquals("application/vnd.ipld.car", car.getHeader("Content-Type"));

        Buffer body = Buffer.buffer().appendString("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; "
                + "filename=\"dag.car\"\r\nContent-Type: application/octet-stream\r\n\r\n").appendBuffer(car.body())
                .appendString("\r\n--" + BOUNDARY + "--\r\n");
        List<JsonObject> imported = ndjson(postMultipart("/api/v0/dag/import?stats=true", body));
        assertEquals(new JsonObject().put("Root", new JsonObject().put("Cid", new JsonObject().put("/", root))
                .put("PinErrorMsg", "")), imported.get(0));
        assertEquals(new JsonObject().put("BlockCount", 2), new JsonObject().put("BlockCount",
                imported.get(1).getJsonObject("Stats").getInteger("BlockCount")));
        assertTrue(post("/api/v0/pin/ls?type=recursive").bodyAsJsonObject().getJsonObject("Keys").containsKey(root));

        JsonObject stat = ndjson(post("/api/v0/dag/stat?arg=" + root)).get(0);
        assertEquals(2, stat.getInteger("UniqueBlocks"));
        assertEquals(root, stat.getJsonArray("DagStats").getJsonObject(0).getString("Cid"));
    }

    @Test
    void malformedDagJsonIsAnError() throws Exception {
        HttpResponse<Buffer> response = postMultipart("/api/v0/dag/put", singleFile("{not json".getBytes(StandardCharsets.UTF_8)));

        assertEquals(500, response.statusCode());
        assertEquals("error", response.bodyAsJsonObject().getString("Type"));
    }
}
