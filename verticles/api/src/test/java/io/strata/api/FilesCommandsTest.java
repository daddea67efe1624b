package io.strata.api;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.blockstore.verticle.BlockStoreConfig;
import io.strata.blockstore.verticle.BlockStoreVerticle;
import io.strata.ipld.DagLinks;
import io.vertx.core.Deployable;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FilesCommandsTest extends ApiTestBase {

    @TempDir
    static Path repo;

    @Override
    List<Deployable> extraVerticles() {
        return List.of(new BlockStoreVerticle(new BlockStoreConfig(repo.resolve("blocks"), false, true, 2),
                new SimpleMeterRegistry(), DagLinks::links));
    }

    private HttpResponse<Buffer> write(String query, String content) throws Exception {
        return postMultipart("/api/v0/files/write?" + query, singleFile(content.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void writeReadListStatAndRemove() throws Exception {
        assertEquals(200, post("/api/v0/files/mkdir?arg=/docs&parents=true").statusCode());
        assertEquals(200, write("arg=/docs/hello.txt&create=true", "hello world\n").statusCode());

        assertEquals("hello world\n", post("/api/v0/files/read?arg=/docs/hello.txt").bodyAsString());
        assertEquals("world", post("/api/v0/files/read?arg=/docs/hello.txt&offset=6&count=5").bodyAsString());
        JsonObject stat = post("/api/v0/files/stat?arg=/docs/hello.txt").bodyAsJsonObject();
        assertEquals("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o", stat.getString("Hash"));
        assertEquals("file", stat.getString("Type"));
        assertEquals(12, stat.getLong("Size"));

        JsonArray entries = post("/api/v0/files/ls?arg=/docs&long=true").bodyAsJsonObject().getJsonArray("Entries");
        assertEquals(new JsonObject().put("Name", "hello.txt").put("Type", 0).put("Size", 12)
                .put("Hash", "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o"), entries.getJsonObject(0));

        assertEquals(200, write("arg=/docs/hello.txt&offset=6", "WORLD").statusCode());
        assertEquals("hello WORLD\n", post("/api/v0/files/read?arg=/docs/hello.txt").bodyAsString());
        assertEquals(200, write("arg=/docs/hello.txt&truncate=true", "short").statusCode());
        assertEquals("short", post("/api/v0/files/read?arg=/docs/hello.txt").bodyAsString());

        assertEquals(200, post("/api/v0/files/mv?arg=/docs/hello.txt&arg=/docs/moved.txt").statusCode());
        assertEquals(500, post("/api/v0/files/read?arg=/docs/hello.txt").statusCode());
        assertEquals("short", post("/api/v0/files/read?arg=/docs/moved.txt").bodyAsString());

        assertTrue(post("/api/v0/files/rm?arg=/docs").bodyAsJsonObject().getString("Message").contains("use -r"));
        assertEquals(200, post("/api/v0/files/rm?arg=/docs&recursive=true").statusCode());
        JsonArray root = post("/api/v0/files/ls?arg=/").bodyAsJsonObject().getJsonArray("Entries");
        assertTrue(root.stream().noneMatch(entry -> ((JsonObject) entry).getString("Name").equals("docs")), root.encode());
        String rootCid = post("/api/v0/files/flush?arg=/").bodyAsJsonObject().getString("Cid");
        assertTrue(post("/api/v0/pin/ls?names=true").bodyAsJsonObject().getJsonObject("Keys").getJsonObject(rootCid)
                .getString("Name").equals("strata-mfs-root"));
    }

    @Test
    @Order(1)
    void freshRootIsKubosEmptyDirectory() throws Exception {
        assertEquals(new JsonArray(), post("/api/v0/files/ls?arg=/").bodyAsJsonObject().getJsonArray("Entries"));
        assertEquals("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn",
                post("/api/v0/files/flush").bodyAsJsonObject().getString("Cid"));
    }

    @Test
    void copyFromIpfsAndSurviveGarbageCollection() throws Exception {
        List<JsonObject> added = ndjson(postMultipart("/api/v0/add?pin=false",
                singleFile("kept by mfs".getBytes(StandardCharsets.UTF_8))));
        String cid = added.get(0).getString("Hash");

        assertEquals(200, post("/api/v0/files/cp?arg=/ipfs/" + cid + "&arg=/kept.txt").statusCode());
        post("/api/v0/repo/gc");

        assertEquals("kept by mfs", post("/api/v0/files/read?arg=/kept.txt").bodyAsString());
        assertEquals(400, post("/api/v0/files/write?arg=/missing.txt").statusCode());
        assertEquals("file does not exist", write("arg=/missing.txt", "x").bodyAsJsonObject().getString("Message"));
    }
}
