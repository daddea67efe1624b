package io.strata.api;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.blockstore.verticle.BlockStoreConfig;
import io.strata.blockstore.verticle.BlockStoreVerticle;
import io.strata.ipld.DagLinks;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.vertx.core.Deployable;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PinRepoCommandsTest extends ApiTestBase {

    @TempDir
    static Path repo;

    @Override
    List<Deployable> extraVerticles() {
        return List.of(new BlockStoreVerticle(new BlockStoreConfig(repo.resolve("blocks"), false, true, 2),
                new SimpleMeterRegistry(), DagLinks::links));
    }

    private String add(String query, String content) throws Exception {
        List<JsonObject> events = ndjson(postMultipart("/api/v0/add" + query,
                singleFile(content.getBytes(StandardCharsets.UTF_8))));
        return events.get(events.size() - 1).getString("Hash");
    }

    @Test
    void addPinsByDefaultAndPinRmUnpins() throws Exception {
        String cid = add("", "pinned by add");

        JsonObject keys = post("/api/v0/pin/ls?type=recursive").bodyAsJsonObject().getJsonObject("Keys");
        assertEquals(new JsonObject().put("Type", "recursive").put("Name", ""), keys.getJsonObject(cid));
        assertEquals(new JsonObject().put("Keys", new JsonObject().put(cid,
                        new JsonObject().put("Type", "recursive").put("Name", ""))),
                post("/api/v0/pin/ls?arg=" + cid).bodyAsJsonObject());

        assertEquals(new JsonObject().put("Pins", new JsonArray().add(cid)), post("/api/v0/pin/rm?arg=" + cid).bodyAsJsonObject());
        HttpResponse<Buffer> notPinned = post("/api/v0/pin/ls?arg=" + cid);
        assertEquals(500, notPinned.statusCode());
        assertEquals("path '" + cid + "' is not pinned", notPinned.bodyAsJsonObject().getString("Message"));
        assertEquals("not pinned or pinned indirectly", post("/api/v0/pin/rm?arg=" + cid).bodyAsJsonObject()
                .getString("Message"));
    }

    @Test
    void addWithoutPinThenPinAddWithNameAndStream() throws Exception {
        String cid = add("?pin=false", "pinned later");
        assertFalse(post("/api/v0/pin/ls").bodyAsJsonObject().getJsonObject("Keys").containsKey(cid));

        assertEquals(new JsonObject().put("Pins", new JsonArray().add(cid)),
                post("/api/v0/pin/add?arg=" + cid + "&name=later").bodyAsJsonObject());
        List<JsonObject> streamed = ndjson(post("/api/v0/pin/ls?stream=true&names=true&type=recursive"));
        assertTrue(streamed.contains(new JsonObject().put("Cid", cid).put("Name", "later").put("Type", "recursive")),
                streamed.toString());
    }

    @Test
    void refsLocalListsEveryStoredBlockAsARawCidV1() throws Exception {
        String small = add("", "listed by refs local");
        String large = add("?chunker=size-1024", "x".repeat(5000));

        List<JsonObject> refs = ndjson(post("/api/v0/refs/local"));
        Set<String> listed = refs.stream().map(ref -> ref.getString("Ref")).collect(Collectors.toSet());
        assertTrue(refs.stream().allMatch(ref -> "".equals(ref.getString("Err"))), refs.toString());
        assertEquals(refs.size(), listed.size(), "each block once");
        assertEquals(post("/api/v0/repo/stat").bodyAsJsonObject().getLong("NumObjects").intValue(), listed.size());
        for (String cid : List.of(small, large)) {
            assertTrue(listed.contains(Cid.v1(Multicodec.RAW, Cid.parse(cid).multihash()).toString()),
                    cid + " in " + listed);
        }
        assertTrue(listed.size() >= 6, "the large file's root and its five leaves, got " + listed.size());
    }

    @Test
    void onlyHashStoresAndPinsNothing() throws Exception {
        String cid = add("?only-hash=true", "hashed only");

        assertEquals(500, post("/api/v0/block/stat?arg=" + cid).statusCode());
        assertFalse(post("/api/v0/pin/ls").bodyAsJsonObject().getJsonObject("Keys").containsKey(cid));
    }

    @Test
    void truncatedUploadLeavesNoPin() throws Exception {
        Buffer body = filePart(Buffer.buffer(), "whole.txt", "complete file".getBytes(StandardCharsets.UTF_8));
        body.appendString("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut\"\r\n\r\npart");
        JsonObject before = post("/api/v0/pin/ls").bodyAsJsonObject().getJsonObject("Keys");

        HttpResponse<Buffer> response = postMultipart("/api/v0/add?wrap-with-directory=true", body);

        assertTrue(response.statusCode() == 500 || response.getTrailer("X-Stream-Error") != null,
                "status " + response.statusCode() + " body " + response.bodyAsString());
        assertEquals(before, post("/api/v0/pin/ls").bodyAsJsonObject().getJsonObject("Keys"));
    }

    @Test
    void pinUpdateAndVerify() throws Exception {
        String from = add("", "version one");
        String to = add("?pin=false", "version two");

        assertEquals(new JsonObject().put("Pins", new JsonArray().add(from).add(to)),
                post("/api/v0/pin/update?arg=" + from + "&arg=" + to).bodyAsJsonObject());
        JsonObject keys = post("/api/v0/pin/ls?type=recursive").bodyAsJsonObject().getJsonObject("Keys");
        assertTrue(keys.containsKey(to));
        assertFalse(keys.containsKey(from));

        List<JsonObject> verified = ndjson(post("/api/v0/pin/verify?verbose=true"));
        assertTrue(verified.contains(new JsonObject().put("Cid", to).put("Ok", true)), verified.toString());
    }

    @Test
    void repoStatGcAndVerify() throws Exception {
        String garbage = add("?pin=false", "garbage to collect");
        JsonObject stat = post("/api/v0/repo/stat").bodyAsJsonObject();
        assertEquals(List.of("RepoSize", "StorageMax", "NumObjects", "RepoPath", "Version"), List.copyOf(stat.fieldNames()));
        assertTrue(stat.getLong("NumObjects") >= 1);

        List<JsonObject> removed = ndjson(post("/api/v0/repo/gc"));
        assertTrue(removed.contains(new JsonObject().put("Key", new JsonObject().put("/", garbage))), removed.toString());
        assertEquals(500, post("/api/v0/block/stat?arg=" + garbage).statusCode());

        List<JsonObject> verify = ndjson(post("/api/v0/repo/verify"));
        assertEquals("verify complete, all blocks validated.", verify.get(verify.size() - 1).getString("Msg"));
    }
}
