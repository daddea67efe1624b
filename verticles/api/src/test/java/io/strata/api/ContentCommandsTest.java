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
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** add, cat, ls, refs, resolve and block/* against a real RocksDB block store; CIDs from Kubo's sharness tests. */
class ContentCommandsTest extends ApiTestBase {

    @TempDir
    static Path repo;

    @Override
    List<Deployable> extraVerticles() {
        return List.of(new BlockStoreVerticle(new BlockStoreConfig(repo.resolve("blocks"), false, true, 2),
                new SimpleMeterRegistry(), DagLinks::links));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void addOneFileAnswersKuboEventWithItsCid() throws Exception {
        HttpResponse<Buffer> response = postMultipart("/api/v0/add",
                closing(filePart(Buffer.buffer(), "hello.txt", utf8("Hello Worlds!\n"))));

        assertEquals(200, response.statusCode());
        assertEquals("1", response.getHeader("X-Chunked-Output"));
        List<JsonObject> events = ndjson(response);
        assertEquals(1, events.size());
        JsonObject event = events.get(0);
        assertEquals(List.of("Name", "Hash", "Size"), List.copyOf(event.fieldNames()));
        assertEquals("hello.txt", event.getString("Name"));
        assertEquals("QmVr26fY1tKyspEJBniVhqxQeEjhF78XerGiqWAwraVLQH", event.getString("Hash"));
        assertTrue(event.getString("Size").matches("[0-9]+"));
    }

    @Test
    void inlineAddGivesKubosIdentityCidAndCatReadsIt() throws Exception {
        String cid = ndjson(postMultipart("/api/v0/add?inline=true&raw-leaves=true",
                singleFile(utf8("jkD98jkD975hkD8\n")))).get(0).getString("Hash");

        assertEquals("bafkqaedknncdsodknncdsnzvnbvuioak", cid);
        assertEquals("jkD98jkD975hkD8\n", post("/api/v0/cat?arg=" + cid).bodyAsString());
        assertEquals(500, postMultipart("/api/v0/add?inline=true&inline-limit=129", singleFile(utf8("x"))).statusCode());
    }

    @Test
    void cidBaseUpgradesPrintedCids() throws Exception {
        JsonObject event = ndjson(postMultipart("/api/v0/add?cid-base=base32",
                singleFile(utf8("Hello Worlds!\n")))).get(0);

        assertEquals(ndjson(post("/api/v0/cid/base32?arg=QmVr26fY1tKyspEJBniVhqxQeEjhF78XerGiqWAwraVLQH")).get(0)
                .getString("Formatted"), event.getString("Hash"));
    }

    @Test
    void silentAddAnswersNothingButStores() throws Exception {
        HttpResponse<Buffer> response = postMultipart("/api/v0/add?silent=true", singleFile(utf8("Helloo Worlds!\n")));

        assertEquals(200, response.statusCode());
        assertTrue(ndjson(response).isEmpty());
        assertEquals(200, post("/api/v0/block/stat?arg=Qmf35k66MZNW2GijohUmXQEWKZU4cCGTCwK6idfnt152wJ").statusCode());
    }

    @Test
    void addHonoursTrickleAndMultipleFiles() throws Exception {
        assertEquals("QmUkUQgxXeggyaD5Ckv8ZqfW8wHBX6cYyeiyqvVZYzq5Bi", ndjson(postMultipart("/api/v0/add?trickle=true",
                singleFile(utf8("Hello Worlds!\n")))).get(0).getString("Hash"));

        Buffer body = filePart(Buffer.buffer(), "hello.txt", utf8("Hello Worlds!\n"));
        body = closing(filePart(body, "hello2.txt", utf8("Helloo Worlds!\n")));
        List<JsonObject> events = ndjson(postMultipart("/api/v0/add", body));
        assertEquals(2, events.size());
        assertEquals("hello2.txt", events.get(1).getString("Name"));
        assertEquals("Qmf35k66MZNW2GijohUmXQEWKZU4cCGTCwK6idfnt152wJ", events.get(1).getString("Hash"));
    }

    @Test
    void addDirectoryWithCidV1() throws Exception {
        Buffer body = directoryPart(Buffer.buffer(), "test");
        body = filePart(body, "test/mfs1.txt", utf8("file1\n"));
        body = closing(filePart(body, "test/mfs2.txt", utf8("file2\n")));

        List<JsonObject> events = ndjson(postMultipart("/api/v0/add?cid-version=1", body));

        assertEquals("bafkreihm3rktn5z33luic3youqdsn326toaq3ekesmdvsa53sbrd3f5r3a", events.get(0).getString("Hash"));
        assertEquals("test/mfs1.txt", events.get(0).getString("Name"));
        assertEquals("bafkreidh5zkhr2vnwa2luwmuj24xo6l3jhfgvkgtk5cyp43oxs7owzpxby", events.get(1).getString("Hash"));
        JsonObject last = events.get(events.size() - 1);
        assertEquals("test", last.getString("Name"));
        assertEquals("bafybeic7xwqwovt4g4bax6d3udp6222i63vj2rblpbim7uy2uw4a5gahha", last.getString("Hash"));
        assertEquals(3, events.size());

        JsonObject listing = post("/api/v0/ls?arg=" + last.getString("Hash")).bodyAsJsonObject();
        JsonObject object = listing.getJsonArray("Objects").getJsonObject(0);
        assertEquals(last.getString("Hash"), object.getString("Hash"));
        JsonObject first = object.getJsonArray("Links").getJsonObject(0);
        assertEquals("mfs1.txt", first.getString("Name"));
        assertEquals(6, first.getLong("Size"));
        assertEquals(2, first.getInteger("Type"));
    }

    @Test
    void getSendsATarThatTarReads() throws Exception {
        Buffer body = directoryPart(Buffer.buffer(), "tree");
        body = filePart(body, "tree/a.txt", utf8("alpha\n"));
        body = closing(filePart(body, "tree/sub/b.txt", utf8("beta\n")));
        List<JsonObject> events = ndjson(postMultipart("/api/v0/add", body));
        String root = events.get(events.size() - 1).getString("Hash");

        HttpResponse<Buffer> response = post("/api/v0/get?arg=" + root);
        assertEquals("application/x-tar", response.getHeader("Content-Type"));
        Path archive = repo.resolve("get.tar");
        java.nio.file.Files.write(archive, response.body().getBytes());
        Path target = java.nio.file.Files.createDirectories(repo.resolve("extracted"));
        Process tar = new ProcessBuilder("tar", "-xf", archive.toString(), "-C", target.toString())
                .redirectErrorStream(true).start();
        assertEquals(0, tar.waitFor(), new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals("alpha\n", java.nio.file.Files.readString(target.resolve(root).resolve("a.txt")));
        assertEquals("beta\n", java.nio.file.Files.readString(target.resolve(root).resolve("sub/b.txt")));
    }

    @Test
    void wrapWithDirectoryThenCatThroughThePath() throws Exception {
        List<JsonObject> events = ndjson(postMultipart("/api/v0/add?wrap-with-directory=true",
                closing(filePart(Buffer.buffer(), "file.txt", utf8("IPFS\n")))));

        assertEquals("QmdFyxZXsFiP4csgfM5uPu99AvFiKH62CSPDw5TP92nr7w", events.get(0).getString("Hash"));
        JsonObject wrapper = events.get(1);
        assertEquals("", wrapper.getString("Name"));
        HttpResponse<Buffer> cat = post("/api/v0/cat?arg=/ipfs/" + wrapper.getString("Hash") + "/file.txt");
        assertEquals(200, cat.statusCode());
        assertEquals("1", cat.getHeader("X-Stream-Output"));
        assertEquals("5", cat.getHeader("X-Content-Length"));
        assertEquals("IPFS\n", cat.bodyAsString());
        assertEquals(new JsonObject().put("Path", "/ipfs/QmdFyxZXsFiP4csgfM5uPu99AvFiKH62CSPDw5TP92nr7w"),
                post("/api/v0/resolve?arg=/ipfs/" + wrapper.getString("Hash") + "/file.txt").bodyAsJsonObject());
    }

    @Test
    void catOfSeveralMebibytesAndOfSeveralFilesReturnsExactBytes() throws Exception {
        // larger than the writer's buffers together, so each is refilled while others are still being sent
        byte[] first = new byte[5 * 1024 * 1024 + 12_345];
        byte[] second = new byte[1_500_000];
        Random random = new Random(7);
        random.nextBytes(first);
        random.nextBytes(second);
        String firstCid = ndjson(postMultipart("/api/v0/add", singleFile(first))).get(0).getString("Hash");
        String secondCid = ndjson(postMultipart("/api/v0/add?raw-leaves=true", singleFile(second))).get(0).getString("Hash");

        assertArrayEquals(first, post("/api/v0/cat?arg=" + firstCid).body().getBytes());
        HttpResponse<Buffer> range = post("/api/v0/cat?arg=" + firstCid + "&offset=262143&length=3000001");
        assertEquals("3000001", range.getHeader("X-Content-Length"));
        assertArrayEquals(java.util.Arrays.copyOfRange(first, 262_143, 3_262_144), range.body().getBytes());

        HttpResponse<Buffer> both = post("/api/v0/cat?arg=" + firstCid + "&arg=" + secondCid
                + "&offset=" + (first.length - 1000) + "&length=1001000");
        byte[] expected = new byte[1_001_000];
        System.arraycopy(first, first.length - 1000, expected, 0, 1000);
        System.arraycopy(second, 0, expected, 1000, 1_000_000);
        assertArrayEquals(expected, both.body().getBytes());
    }

    @Test
    void catRangesOfAMultiBlockFile() throws Exception {
        byte[] content = new byte[700_000];
        new Random(42).nextBytes(content);
        String cid = ndjson(postMultipart("/api/v0/add?chunker=size-65536", singleFile(content))).get(0).getString("Hash");

        assertArrayEquals(content, post("/api/v0/cat?arg=" + cid).body().getBytes());
        HttpResponse<Buffer> range = post("/api/v0/cat?arg=" + cid + "&offset=100000&length=200000");
        assertEquals("200000", range.getHeader("X-Content-Length"));
        assertArrayEquals(java.util.Arrays.copyOfRange(content, 100_000, 300_000), range.body().getBytes());
        HttpResponse<Buffer> pastEnd = post("/api/v0/cat?arg=" + cid + "&offset=800000");
        assertEquals("0", pastEnd.getHeader("X-Content-Length"));
        assertTrue(pastEnd.body() == null || pastEnd.body().length() == 0);

        List<JsonObject> refs = ndjson(post("/api/v0/refs?arg=" + cid));
        assertEquals(11, refs.size());
        assertEquals("", refs.get(0).getString("Err"));
    }

    @Test
    void refsReadsEveryRefItPrintsRawLeavesToo() throws Exception {
        byte[] content = new byte[300_000];
        new Random(7).nextBytes(content);
        String cid = ndjson(postMultipart("/api/v0/add?chunker=size-65536&raw-leaves=true&pin=false", singleFile(content)))
                .get(0).getString("Hash");
        List<JsonObject> refs = ndjson(post("/api/v0/refs?arg=" + cid + "&recursive=true"));
        assertEquals(5, refs.size());
        String missingLeaf = refs.get(2).getString("Ref");
        assertTrue(missingLeaf.startsWith("bafkrei"), missingLeaf);
        assertEquals(200, post("/api/v0/block/rm?arg=" + missingLeaf).statusCode());

        HttpResponse<Buffer> response = post("/api/v0/refs?arg=" + cid + "&recursive=true");

        String error = response.statusCode() == 500 ? response.bodyAsJsonObject().getString("Message")
                : response.getTrailer("X-Stream-Error");
        assertTrue(error != null && error.contains(missingLeaf), "status " + response.statusCode() + ", body "
                + response.bodyAsString() + ", trailers " + response.trailers());
    }

    @Test
    void catErrorsUseKuboMessages() throws Exception {
        HttpResponse<Buffer> invalid = post("/api/v0/cat?arg=not-a-cid");
        assertEquals(500, invalid.statusCode());
        assertEquals(new JsonObject().put("Message", "invalid path \"not-a-cid\": path does not have enough components")
                .put("Code", 0).put("Type", "error"), invalid.bodyAsJsonObject());

        HttpResponse<Buffer> missing = post("/api/v0/cat?arg=QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");
        assertEquals(500, missing.statusCode());
        assertTrue(missing.bodyAsJsonObject().getString("Message").contains("not found"), missing.bodyAsString());

        String dir = ndjson(postMultipart("/api/v0/add?wrap-with-directory=true", singleFile(utf8("x")))).get(1)
                .getString("Hash");
        assertEquals("this dag node is a directory", post("/api/v0/cat?arg=" + dir).bodyAsJsonObject().getString("Message"));
        HttpResponse<Buffer> noLink = post("/api/v0/cat?arg=/ipfs/" + dir + "/nope");
        assertEquals(500, noLink.statusCode());

        assertEquals(400, post("/api/v0/cat").statusCode());
        assertEquals(200, post("/api/v0/version").statusCode());
    }

    @Test
    void addSymlinkPartMatchesKubo() throws Exception {
        Buffer body = Buffer.buffer("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bad\"\r\n"
                + "Content-Type: application/symlink\r\n\r\nfiles/does/not/exist\r\n--" + BOUNDARY + "--\r\n");

        List<JsonObject> events = ndjson(postMultipart("/api/v0/add", body));

        assertEquals("QmWYN8SEXCgNT2PSjB6BnxAx6NJQtazWoBkTRH9GRfPFFQ", events.get(0).getString("Hash"));
    }

    @Test
    void addWithoutBodyIsAClientError() throws Exception {
        HttpResponse<Buffer> response = post("/api/v0/add");

        assertEquals(400, response.statusCode());
        assertEquals("file argument 'path' is required\n", response.bodyAsString());
    }

    @Test
    void truncatedUploadFailsAndKeepsServing() throws Exception {
        Buffer body = Buffer.buffer("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\nhalf of a fi");

        HttpResponse<Buffer> response = postMultipart("/api/v0/add", body);

        assertEquals(500, response.statusCode());
        assertTrue(response.bodyAsJsonObject().getString("Message").contains("truncated"), response.bodyAsString());
        assertEquals(200, post("/api/v0/version").statusCode());
    }

    @Test
    void failureAfterTheFirstEventBecomesTheStreamErrorTrailer() throws Exception {
        Buffer body = filePart(Buffer.buffer(), "first.txt", utf8("complete"));
        body.appendString("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut\"\r\n\r\npart");

        HttpResponse<Buffer> response = postMultipart("/api/v0/add", body);

        assertEquals(200, response.statusCode());
        assertEquals("X-Stream-Error", response.getHeader("Trailer"));
        assertEquals("first.txt", ndjson(response).get(0).getString("Name"));
        assertTrue(response.getTrailer("X-Stream-Error").contains("truncated"), response.trailers().toString());
    }

    @Test
    void progressEventsReachTheResponseAndTheWebSocket() throws Exception {
        io.vertx.core.http.WebSocketClient sockets = vertx.createWebSocketClient();
        io.vertx.core.http.WebSocket socket = await(sockets.connect(port, "127.0.0.1", "/api/v0/ws"));
        java.util.concurrent.LinkedBlockingQueue<JsonObject> frames = new java.util.concurrent.LinkedBlockingQueue<>();
        socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
        socket.writeTextMessage(new JsonObject().put("op", "subscribe").put("topic", "add").encode());
        assertEquals("subscribed", frames.poll(10, java.util.concurrent.TimeUnit.SECONDS).getString("op"));

        byte[] content = new byte[600_000];
        List<JsonObject> events = ndjson(postMultipart("/api/v0/add?progress=true",
                closing(filePart(Buffer.buffer(), "big.bin", content))));

        assertEquals(new JsonObject().put("Name", "big.bin").put("Bytes", 262144), events.get(0));
        assertEquals(600_000, events.get(events.size() - 2).getLong("Bytes"));
        assertEquals("big.bin", events.get(events.size() - 1).getString("Name"));
        assertTrue(events.get(events.size() - 1).containsKey("Hash"));
        JsonObject frame = frames.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals("event", frame.getString("op"));
        assertEquals("add", frame.getString("topic"));
        assertEquals("big.bin", frame.getJsonObject("data").getString("Name"));
        await(socket.close());
        await(sockets.close());
    }

    @Test
    void blockPutGetStatRm() throws Exception {
        HttpResponse<Buffer> put = postMultipart("/api/v0/block/put", singleFile(utf8("hello world\n")));
        assertEquals(200, put.statusCode());
        JsonObject stat = ndjson(put).get(0);
        assertEquals(new JsonObject().put("Key", "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4")
                .put("Size", 12), stat);

        assertEquals(stat, post("/api/v0/block/stat?arg=" + stat.getString("Key")).bodyAsJsonObject());
        assertEquals("hello world\n", post("/api/v0/block/get?arg=" + stat.getString("Key")).bodyAsString());

        List<JsonObject> removed = ndjson(post("/api/v0/block/rm?arg=" + stat.getString("Key")));
        assertEquals(List.of(new JsonObject().put("Hash", stat.getString("Key"))), removed);
        assertTrue(ndjson(post("/api/v0/block/rm?arg=" + stat.getString("Key"))).get(0).containsKey("Error"));
        assertEquals(500, post("/api/v0/block/get?arg=" + stat.getString("Key")).statusCode());
    }

    @Test
    void blockRmOfAPinnedBlockSaysHowItIsPinnedAsKuboDoes() throws Exception {
        JsonObject stat = ndjson(postMultipart("/api/v0/block/put?pin=true", singleFile(utf8("kept\n")))).get(0);

        List<JsonObject> refused = ndjson(post("/api/v0/block/rm?arg=" + stat.getString("Key")));

        assertEquals(List.of(new JsonObject().put("Hash", stat.getString("Key")).put("Error", "pinned: recursive")),
                refused);
        assertEquals(200, post("/api/v0/block/stat?arg=" + stat.getString("Key")).statusCode());
    }

    @Test
    void blockPutWithCodecAndHash() throws Exception {
        JsonObject stat = ndjson(postMultipart("/api/v0/block/put?cid-codec=dag-pb&mhtype=sha2-256",
                singleFile(new byte[0]))).get(0);
        assertTrue(stat.getString("Key").startsWith("bafybei"), stat.encode());

        JsonObject legacy = ndjson(postMultipart("/api/v0/block/put?format=v0", singleFile(new byte[0]))).get(0);
        assertTrue(legacy.getString("Key").startsWith("Qm"), legacy.encode());
    }

    @Test
    void oversizedBlockIsRefused() throws Exception {
        HttpResponse<Buffer> response = postMultipart("/api/v0/block/put", singleFile(new byte[2 * 1024 * 1024 + 1]));

        assertEquals(500, response.statusCode());
        assertTrue(response.bodyAsJsonObject().getString("Message").startsWith("produced block is over 2MiB"));
    }
}
