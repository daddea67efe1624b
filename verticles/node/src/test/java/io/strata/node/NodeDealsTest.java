package io.strata.node;

import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.deals.EpochClock;
import io.strata.ipld.Block;
import io.strata.ipld.BlockGetter;
import io.strata.ipld.IpldException;
import io.strata.ipld.car.CarExporter;
import io.strata.ipld.car.DagScope;
import io.strata.ipld.unixfs.ImportOptions;
import io.strata.ipld.unixfs.ImportedNode;
import io.strata.ipld.unixfs.UnixFsImporter;
import io.strata.multiformats.Cid;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static io.strata.node.StrataNodeTest.await;
import static io.strata.testkit.LoopbackPorts.freePort;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two clustered nodes in this JVM, as the node wires them: one with {@code deals.provider.enabled}. A deal
 * made over the first node's RPC API goes active with the second, which lists it, streams its state changes
 * on the WebSocket, proves it when the injected epoch clock moves a period on, and serves the exact CAR back.
 */
class NodeDealsTest {

    @TempDir
    Path directory;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aDealMadeOnOneNodeIsActiveWithTheProviderNodeAndReportedEverywhere() throws Exception {
        AtomicLong epoch = new AtomicLong(1_000);
        EpochClock clock = epoch::get;
        String clusterName = "strata-node-deals-" + UUID.randomUUID();
        List<Integer> clusterPorts = List.of(freePort(), freePort());
        String members = "127.0.0.1:" + clusterPorts.get(0) + ",127.0.0.1:" + clusterPorts.get(1);
        List<StrataNode> nodes = new ArrayList<>();
        Vertx client = Vertx.vertx();
        try {
            StrataNode a = await(StrataNode.start(config("a", clusterName, clusterPorts.get(0), members, Map.of()), clock));
            nodes.add(a);
            StrataNode b = await(StrataNode.start(config("b", clusterName, clusterPorts.get(1), members, Map.of(
                    "deals.provider.enabled", "true", "deals.provider.actorId", "4321")), clock));
            nodes.add(b);

            byte[] content = new byte[3 << 20];
            new Random(3).nextBytes(content);
            Cid root = importInto(a, content);
            ByteArrayOutputStream car = new ByteArrayOutputStream();
            CarExporter.export(storeGetter(a), root, DagScope.ALL, car);

            JsonArray asks = new JsonArray(post(b, "/api/v0/deals/asks", 200));
            assertEquals(List.of("f04321"), asks.stream().map(ask -> ((JsonObject) ask).getString("provider")).toList());

            List<JsonObject> events = new CopyOnWriteArrayList<>();
            WebSocket socket = connect(client, b);
            socket.textMessageHandler(text -> events.add(new JsonObject(text)));
            socket.writeTextMessage(new JsonObject().put("op", "subscribe").put("topic", "deals").encode());
            awaitTrue("the deals subscription", () -> events.stream().anyMatch(e -> "subscribed".equals(e.getString("op"))));

            JsonObject proposed = new JsonObject(post(a, "/api/v0/deals/propose?arg=" + root + "&replicas=1", 200));
            JsonObject deal = proposed.getJsonArray("deals").getJsonObject(0);
            assertEquals("ACTIVE", deal.getString("state"), proposed.encodePrettily());
            assertEquals("f04321", deal.getString("provider"));
            String proposalCid = deal.getString("proposalCid");

            JsonArray listed = new JsonArray(post(b, "/api/v0/deals/list", 200));
            assertEquals(List.of(proposalCid), listed.stream().map(d -> ((JsonObject) d).getString("proposalCid")).toList());
            awaitTrue("the deal's changes on the WebSocket", () -> events.stream()
                    .filter(e -> "event".equals(e.getString("op")))
                    .map(e -> e.getJsonObject("data").getString("to")).toList()
                    .containsAll(List.of("PROPOSAL_ACCEPTED", "TRANSFERRING", "SEALING", "ACTIVE")));

            awaitTrue("a proof of period 0", () -> new JsonObject(post(b, "/api/v0/deals/status?arg=" + proposalCid, 200))
                    .getLong("lastProvenPeriod") >= 0);
            epoch.addAndGet(10);
            awaitTrue("a proof of period 1", () -> new JsonObject(post(b, "/api/v0/deals/status?arg=" + proposalCid, 200))
                    .getLong("lastProvenPeriod") >= 1);
            assertEquals(2.0, sample(a, "strata_deals_proofs_total{outcome=\"passed\"}"));
            assertEquals(0.0, sample(a, "strata_deals_proofs_total{outcome=\"missed\"}"));
            assertEquals(1.0, sample(a, "strata_deals_tracked_deals{role=\"client\",state=\"active\"}"));
            assertEquals(1.0, sample(b, "strata_deals_tracked_deals{role=\"provider\",state=\"active\"}"));
            assertEquals(car.size(), sample(b, "strata_deals_transferred_bytes_total"));

            HttpResponse<byte[]> retrieved = http.send(HttpRequest.newBuilder(uri(b, "/api/v0/deals/retrieve?arg=" + root))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, retrieved.statusCode());
            assertArrayEquals(car.toByteArray(), retrieved.body());
        } finally {
            for (StrataNode node : nodes) {
                await(node.stop());
            }
            await(client.close());
        }
    }

    private NodeConfig config(String name, String clusterName, int clusterPort, String members,
                              Map<String, String> extra) throws Exception {
        Map<String, String> overrides = new java.util.HashMap<>(Map.of(
                "repo", directory.resolve(name).toString(),
                "api.port", Integer.toString(freePort()),
                "gateway.port", Integer.toString(freePort()),
                "blockstore.syncWrites", "false",
                "cluster.enabled", "true",
                "cluster.name", clusterName,
                "cluster.host", "127.0.0.1",
                "cluster.port", Integer.toString(clusterPort),
                "cluster.members", members));
        overrides.putAll(Map.of("deals.minDurationEpochs", "10", "deals.durationEpochs", "10000",
                "deals.startDelayEpochs", "100", "deals.provingPeriodEpochs", "10", "deals.answerWindowEpochs", "5"));
        overrides.putAll(extra);
        return NodeConfig.load(Optional.empty(), Map.of(), overrides);
    }

    /** The deals topic's socket; a loaded machine has been seen to drop a handshake, so it is tried three times. */
    private static WebSocket connect(Vertx client, StrataNode node) throws Exception {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1")
                .setPort(node.config().api().getInteger("port")).setURI("/api/v0/ws");
        for (int attempt = 1; ; attempt++) {
            try {
                return await(client.createWebSocketClient().connect(options));
            } catch (java.util.concurrent.ExecutionException e) {
                if (attempt == 3) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    private static Cid importInto(StrataNode node, byte[] content) throws Exception {
        List<Block> blocks = new ArrayList<>();
        ImportedNode imported = new UnixFsImporter(ImportOptions.defaults()).importBytes(content, blocks::add);
        await(new BlockStoreClient(node.vertx()).putAll(blocks));
        return imported.cid();
    }

    private static BlockGetter storeGetter(StrataNode node) {
        BlockStoreClient blocks = new BlockStoreClient(node.vertx());
        return cid -> {
            try {
                return await(blocks.get(cid));
            } catch (Exception e) {
                throw new IpldException(IpldException.Code.BLOCK_NOT_FOUND, e.getMessage(), e);
            }
        };
    }

    /** The value of one series in the node's Prometheus scrape. */
    private double sample(StrataNode node, String series) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(node, "/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        for (String line : response.body().split("\n")) {
            if (line.replace(",}", "}").startsWith(series + " ")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError(series + " is not in the scrape of " + node.config().repo());
    }

    private static URI uri(StrataNode node, String path) {
        return URI.create("http://127.0.0.1:" + node.config().api().getInteger("port") + path);
    }

    private String post(StrataNode node, String path, int expectedStatus) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(node, path)).timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expectedStatus, response.statusCode(), path + ": " + response.body());
        return response.body();
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitTrue(String what, Check check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (check.holds()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
