package io.strata.pinning.verticle;

import io.strata.ipld.Block;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.pinning.service.PinningServiceConfig;
import io.strata.pinning.service.PinningServiceVerticle;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.strata.pinning.verticle.PinningTestCluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Pinning Service API as a client written against ipfs-pinning-service.yaml sees it: requests and the
 * expected {@code Pin}, {@code PinStatus}, {@code PinResults} and {@code Failure} shapes are written by hand
 * from the spec, against one clustered node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PinningServiceApiTest {

    private static final String TOKEN = "test-token-" + UUID.randomUUID();

    private final PinningTestCluster cluster = new PinningTestCluster();
    private final HttpClient http = HttpClient.newHttpClient();
    private PinningTestCluster.Node node;
    private Path repo;
    private String base;

    @BeforeAll
    void start() throws IOException {
        repo = Files.createTempDirectory("psa-test");
        node = cluster.start(PinningTestCluster.randomPeerId(), repo.resolve("repo"));
        PinningServiceVerticle service = new PinningServiceVerticle(PinningServiceConfig.from(new JsonObject()
                .put("port", 0).put("tokens", new JsonArray().add("another-token").add(TOKEN))));
        await(node.vertx().deployVerticle(service));
        base = "http://127.0.0.1:" + service.actualPort();
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    @Test
    void aMissingOrWrongTokenIsUnauthorized() throws Exception {
        HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(base + "/pins")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, none.statusCode());
        assertEquals("UNAUTHORIZED", new JsonObject(none.body()).getJsonObject("error").getString("reason"));

        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(base + "/pins"))
                .header("Authorization", "Bearer not-" + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, wrong.statusCode());
        JsonObject error = new JsonObject(wrong.body()).getJsonObject("error");
        assertEquals("UNAUTHORIZED", error.getString("reason"));
        assertTrue(error.getString("details").length() > 0);

        HttpResponse<String> post = send("POST", "/pins", "{\"cid\":\"" + storedBlock("x") + "\"}", "Basic " + TOKEN);
        assertEquals(401, post.statusCode());
    }

    @Test
    void badCidsAndBadParametersAreBadRequests() throws Exception {
        for (String body : List.of("{\"cid\":\"not-a-cid\"}", "{\"name\":\"no cid\"}", "{\"cid\":42}", "[1]",
                "{\"cid\":\"" + storedBlock("y") + "\",\"meta\":{\"n\":1}}",
                "{\"cid\":\"" + storedBlock("y") + "\",\"origins\":[\"not-a-multiaddr\"]}")) {
            HttpResponse<String> response = send("POST", "/pins", body);
            assertEquals(400, response.statusCode(), body);
            assertEquals("BAD_REQUEST", new JsonObject(response.body()).getJsonObject("error").getString("reason"));
        }
        for (String query : List.of("cid=bafy-nope", "limit=0", "limit=1001", "limit=ten", "status=pin_error",
                "match=fuzzy", "before=yesterday", "meta=" + encode("[1,2]"))) {
            HttpResponse<String> response = send("GET", "/pins?" + query, null);
            assertEquals(400, response.statusCode(), query);
            assertEquals("BAD_REQUEST", new JsonObject(response.body()).getJsonObject("error").getString("reason"));
        }
    }

    @Test
    void addsAPinAndReportsItsStatusUntilPinned() throws Exception {
        Cid cid = storedBlock("add");
        HttpResponse<String> added = send("POST", "/pins", "{\"cid\":\"" + cid + "\",\"name\":\"photo.jpg\","
                + "\"origins\":[\"/ip4/203.0.113.7/tcp/4001/p2p/12D3KooWQYzpKfk6GmVqvTbMBHmWjyMQANjBNEmF2fUp3Tf8VXhV\"],"
                + "\"meta\":{\"app\":\"album\"}}");
        assertEquals(202, added.statusCode(), added.body());
        JsonObject status = new JsonObject(added.body());
        assertEquals(cid.toString(), status.getString("requestid"));
        assertTrue(List.of("queued", "pinning", "pinned").contains(status.getString("status")), status.encode());
        assertEquals(new JsonObject().put("cid", cid.toString()).put("name", "photo.jpg")
                .put("origins", new JsonArray().add("/ip4/203.0.113.7/tcp/4001/p2p/12D3KooWQYzpKfk6GmVqvTbMBHmWjyMQANjBNEmF2fUp3Tf8VXhV"))
                .put("meta", new JsonObject().put("app", "album")), status.getJsonObject("pin"));
        assertTrue(status.getJsonArray("delegates").contains("/p2p/" + node.peerId().toBase58()), status.encode());
        Instant created = Instant.parse(status.getString("created"));
        assertTrue(Math.abs(created.toEpochMilli() - System.currentTimeMillis()) < 60_000, status.encode());

        JsonObject pinned = awaitStatus(cid, "pinned");
        assertEquals(status.getString("created"), pinned.getString("created"));
        assertEquals("pinned", pinned.getJsonObject("info").getString("node:" + node.peerId().toBase58()));
        assertTrue(await(node.blocks().isPinned(cid)).isPresent(), "the node's block store pins it");
    }

    @Test
    void listsNewestFirstWithFiltersAndPages() throws Exception {
        String suite = UUID.randomUUID().toString();
        Cid first = pinAndWait("Holiday-1", suite);
        Cid second = pinAndWait("holiday-2", suite);
        Cid third = pinAndWait("work", suite);
        String bySuite = "meta=" + encode("{\"suite\":\"" + suite + "\"}");

        JsonObject page = get("/pins?limit=2&" + bySuite);
        assertEquals(3, page.getInteger("count"));
        assertEquals(List.of(third.toString(), second.toString()), requestIds(page));
        String last = page.getJsonArray("results").getJsonObject(1).getString("created");
        JsonObject next = get("/pins?limit=2&before=" + encode(last) + "&" + bySuite);
        assertEquals(1, next.getInteger("count"));
        assertEquals(List.of(first.toString()), requestIds(next));
        JsonObject after = get("/pins?after=" + encode(last) + "&" + bySuite);
        assertEquals(List.of(third.toString()), requestIds(after));

        assertEquals(List.of(second.toString()), requestIds(get("/pins?name=holiday-2&" + bySuite)));
        assertEquals(List.of(), requestIds(get("/pins?name=HOLIDAY-2&" + bySuite)));
        assertEquals(List.of(second.toString(), first.toString()),
                requestIds(get("/pins?name=holiday&match=ipartial&" + bySuite)));
        assertEquals(List.of(second.toString()), requestIds(get("/pins?name=holiday&match=partial&" + bySuite)));
        assertEquals(List.of(third.toString(), first.toString()),
                requestIds(get("/pins?cid=" + first + "," + third + "&" + bySuite)));
        assertEquals(List.of(third.toString(), first.toString()),
                requestIds(get("/pins?cid=" + first + "&cid=" + third + "&" + bySuite)), "the spec's exploded form");
        assertEquals(List.of(third.toString()), requestIds(get("/pins?status=queued&status=pinned&cid=" + third)));
        JsonObject none = get("/pins?status=queued,pinning,failed&" + bySuite);
        assertEquals(new JsonObject().put("count", 0).put("results", new JsonArray()), none);
    }

    /**
     * The paging loop of the spec's clients (go-pinning-service-http-client's Ls): ask, then ask again with
     * {@code before} = the last result's {@code created} until {@code count} equals the results received.
     */
    @Test
    void aClientPagingUntilCountEqualsItsResultsReadsEveryMatchNewestFirst() throws Exception {
        String suite = UUID.randomUUID().toString();
        List<String> added = new java.util.ArrayList<>();
        for (int i = 0; i < 25; i++) {
            Cid cid = storedBlock("paged-" + i + suite);
            assertEquals(202, send("POST", "/pins", new JsonObject().put("cid", cid.toString())
                    .put("meta", new JsonObject().put("suite", suite)).encode()).statusCode());
            added.add(0, cid.toString());
        }
        String filter = "limit=10&status=queued,pinning,pinned,failed&meta=" + encode("{\"suite\":\"" + suite + "\"}");
        List<String> listed = new java.util.ArrayList<>();
        List<Integer> pageSizes = new java.util.ArrayList<>();
        JsonObject page = get("/pins?" + filter);
        while (true) {
            List<String> ids = requestIds(page);
            listed.addAll(ids);
            pageSizes.add(ids.size());
            if (page.getInteger("count") == ids.size()) {
                break;
            }
            assertTrue(page.getInteger("count") > ids.size(), page.encode());
            String last = page.getJsonArray("results").getJsonObject(ids.size() - 1).getString("created");
            page = get("/pins?" + filter + "&before=" + encode(last));
        }
        assertEquals(List.of(10, 10, 5), pageSizes);
        assertEquals(added, listed);
    }

    @Test
    void replacesAndRemovesAPinByItsRequestId() throws Exception {
        Cid old = pinAndWait("before", "replace");
        Cid replacement = storedBlock("replacement");
        HttpResponse<String> replaced = send("POST", "/pins/" + old, "{\"cid\":\"" + replacement + "\",\"name\":\"after\"}");
        assertEquals(202, replaced.statusCode(), replaced.body());
        JsonObject status = new JsonObject(replaced.body());
        assertEquals(replacement.toString(), status.getString("requestid"));
        assertEquals("after", status.getJsonObject("pin").getString("name"));
        assertEquals(404, send("GET", "/pins/" + old, null).statusCode());
        awaitStatus(replacement, "pinned");

        assertEquals(202, send("DELETE", "/pins/" + replacement, null).statusCode());
        HttpResponse<String> gone = send("GET", "/pins/" + replacement, null);
        assertEquals(404, gone.statusCode());
        assertEquals("NOT_FOUND", new JsonObject(gone.body()).getJsonObject("error").getString("reason"));
        assertEquals(404, send("DELETE", "/pins/" + replacement, null).statusCode());
        assertEquals(404, send("POST", "/pins/" + old, "{\"cid\":\"" + replacement + "\"}").statusCode());
        assertEquals(404, send("GET", "/pins/no-such-request", null).statusCode());
        HttpResponse<String> elsewhere = send("GET", "/pins/" + old + "/extra", null);
        assertEquals(404, elsewhere.statusCode());
        assertEquals("NOT_FOUND", new JsonObject(elsewhere.body()).getJsonObject("error").getString("reason"));
    }

    private Cid pinAndWait(String name, String suite) throws Exception {
        Cid cid = storedBlock(name + suite);
        HttpResponse<String> added = send("POST", "/pins", new JsonObject().put("cid", cid.toString()).put("name", name)
                .put("meta", new JsonObject().put("suite", suite)).encode());
        assertEquals(202, added.statusCode(), added.body());
        awaitStatus(cid, "pinned");
        return cid;
    }

    private JsonObject awaitStatus(Cid cid, String wanted) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        JsonObject status;
        do {
            Thread.sleep(50);
            status = get("/pins/" + cid);
        } while (!wanted.equals(status.getString("status")) && System.currentTimeMillis() < deadline);
        assertEquals(wanted, status.getString("status"), status.encode());
        return status;
    }

    private static List<String> requestIds(JsonObject results) {
        return results.getJsonArray("results").stream().map(result -> ((JsonObject) result).getString("requestid"))
                .toList();
    }

    private Cid storedBlock(String content) {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        Cid cid = Cid.of(Multicodec.RAW, Multicodec.SHA2_256, data);
        await(node.blocks().putAll(List.of(new Block(cid, data))));
        return cid;
    }

    private JsonObject get(String path) throws Exception {
        HttpResponse<String> response = send("GET", path, null);
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return new JsonObject(response.body());
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return send(method, path, body, "Bearer " + TOKEN);
    }

    private HttpResponse<String> send(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", authorization)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
