package io.strata.gateway;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.blockstore.verticle.BlockStoreContract;
import io.strata.blockstore.verticle.LocalObjectCodec;
import io.strata.cluster.ClusterContract;
import io.strata.cluster.PeerInfo;
import io.strata.dht.DhtContract;
import io.strata.dht.DhtContract.FindProvidersRequest;
import io.strata.dht.DhtError;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multibase;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.PeerId;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The delegated routing endpoints against a stand-in DHT and block store on a plain Vert.x. */
class DelegatedRoutingTest {

    private static final PeerId SELF = PeerId.parse("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq");
    private static final PeerId OTHER = PeerId.parse("QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC");
    private static final PeerInfo SELF_INFO = new PeerInfo(SELF, List.of("/ip4/127.0.0.1/tcp/8080/http"), Map.of());
    private static final PeerInfo OTHER_INFO = new PeerInfo(OTHER, List.of("/ip4/10.0.0.6/tcp/4001"), Map.of());
    private static final Cid HELD_HERE = raw("held here and elsewhere");
    private static final Cid HELD_ELSEWHERE = raw("held elsewhere");
    private static final Cid NOWHERE = raw("nowhere");

    private Vertx vertx;
    private int port;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        LocalObjectCodec.registerOn(vertx);
        DeliveryOptions local = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME);
        var bus = vertx.eventBus();
        bus.<Cid>localConsumer(BlockStoreContract.HAS, m -> m.reply(m.body().equals(HELD_HERE), local));
        bus.localConsumer(ClusterContract.SELF, m -> m.reply(SELF_INFO, local));
        bus.<FindProvidersRequest>localConsumer(DhtContract.FIND_PROVIDERS, m ->
                m.reply(m.body().cid().equals(NOWHERE) ? List.of() : List.of(OTHER_INFO), local));
        bus.<PeerId>localConsumer(DhtContract.FIND_PEER, m -> {
            if (m.body().equals(OTHER)) {
                m.reply(OTHER_INFO, local);
            } else {
                m.fail(DhtError.NOT_FOUND.failureCode(), "routing: not found");
            }
        });
        port = deployGateway();
    }

    private int deployGateway() throws Exception {
        GatewayVerticle gateway = new GatewayVerticle(new SimpleMeterRegistry());
        vertx.deployVerticle(gateway, new DeploymentOptions().setConfig(new JsonObject().put("port", 0)))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return gateway.actualPort();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void providersAsJsonWithThisNodeFirst() throws Exception {
        HttpResponse<String> response = get("/routing/v1/providers/" + HELD_HERE, null);
        assertEquals(200, response.statusCode());
        assertEquals("application/json", header(response, "Content-Type"));
        assertEquals("public, max-age=300, stale-while-revalidate=172800, stale-if-error=172800",
                header(response, "Cache-Control"));
        assertEquals("Accept", header(response, "Vary"));
        assertEquals("*", header(response, "Access-Control-Allow-Origin"));
        assertTrue(response.headers().firstValue("Last-Modified").orElse("").endsWith(" GMT"));
        assertEquals(new JsonObject().put("Providers", new JsonArray()
                        .add(new JsonObject().put("Schema", "peer").put("ID", SELF.toBase58())
                                .put("Addrs", new JsonArray().add("/ip4/127.0.0.1/tcp/8080/http"))
                                .put("Protocols", new JsonArray().add("transport-ipfs-gateway-http")))
                        .add(new JsonObject().put("Schema", "peer").put("ID", OTHER.toBase58())
                                .put("Addrs", new JsonArray().add("/ip4/10.0.0.6/tcp/4001"))
                                .put("Protocols", new JsonArray()))),
                new JsonObject(response.body()));
    }

    @Test
    void providersAsNdjsonWhenAsked() throws Exception {
        HttpResponse<String> response = get("/routing/v1/providers/" + HELD_ELSEWHERE.toString(Multibase.BASE36),
                "application/x-ndjson");
        assertEquals(200, response.statusCode());
        assertEquals("application/x-ndjson", header(response, "Content-Type"));
        List<String> lines = response.body().lines().toList();
        assertEquals(1, lines.size());
        assertEquals(OTHER.toBase58(), new JsonObject(lines.get(0)).getString("ID"));
    }

    @Test
    void nothingFoundIs404WithAShortCache() throws Exception {
        HttpResponse<String> response = get("/routing/v1/providers/" + NOWHERE, "application/json");
        assertEquals(404, response.statusCode());
        assertEquals("public, max-age=15, stale-while-revalidate=172800, stale-if-error=172800",
                header(response, "Cache-Control"));
        assertEquals(404, get("/routing/v1/providers/" + NOWHERE, "application/x-ndjson").statusCode());
        assertEquals(404, get("/routing/v1/peers/" + SELF.toString(Multibase.BASE36), null).statusCode());
    }

    @Test
    void peersInEveryIdForm() throws Exception {
        for (String id : List.of(OTHER.toBase58(), OTHER.toString(Multibase.BASE36), OTHER.toCid().toString())) {
            HttpResponse<String> response = get("/routing/v1/peers/" + id, null);
            assertEquals(200, response.statusCode(), id);
            JsonObject peer = new JsonObject(response.body()).getJsonArray("Peers").getJsonObject(0);
            assertEquals(OTHER.toBase58(), peer.getString("ID"));
            assertEquals("peer", peer.getString("Schema"));
        }
    }

    @Test
    void malformedRequestsAre400AndWritesAre501() throws Exception {
        HttpResponse<String> badCid = get("/routing/v1/providers/not-a-cid", null);
        assertEquals(400, badCid.statusCode());
        assertTrue(badCid.body().startsWith("unable to parse CID"), badCid.body());
        assertEquals(400, get("/routing/v1/peers/not-a-peer", null).statusCode());
        assertEquals(400, get("/routing/v1/unknown/x", null).statusCode());
        assertEquals(400, get("/routing/v1/providers/" + HELD_HERE, "text/html").statusCode());
        HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/routing/v1/providers/" + HELD_HERE))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(501, put.statusCode());
        HttpResponse<String> preflight = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/routing/v1/providers/" + HELD_HERE))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, preflight.statusCode());
        assertEquals("GET, PUT, OPTIONS", header(preflight, "Access-Control-Allow-Methods"));
    }

    @Test
    void withoutADhtOnlyThisNodesBlocksAreKnown() throws Exception {
        Vertx single = Vertx.vertx();
        try {
            LocalObjectCodec.registerOn(single);
            Vertx previous = vertx;
            vertx = single;
            int singlePort = deployGateway();
            vertx = previous;
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + singlePort + "/routing/v1/providers/" + HELD_HERE)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, response.statusCode());
        } finally {
            single.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private HttpResponse<String> get(String path, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private static Cid raw(String text) {
        return Cid.of(Multicodec.RAW, Multicodec.SHA2_256, text.getBytes(StandardCharsets.UTF_8));
    }
}
