package io.strata.api;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.blockstore.verticle.BlockStoreConfig;
import io.strata.blockstore.verticle.BlockStoreVerticle;
import io.strata.blockstore.verticle.LocalObjectCodec;
import io.strata.cluster.PeerInfo;
import io.strata.dht.DhtContract;
import io.strata.dht.DhtContract.FindProvidersRequest;
import io.strata.dht.DhtContract.PutValueRequest;
import io.strata.dht.DhtError;
import io.strata.ipld.DagLinks;
import io.strata.multiformats.Cid;
import io.strata.multiformats.PeerId;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The routing commands against a stand-in DHT that answers {@link DhtContract} with fixed peers. */
class RoutingCommandsTest extends ApiTestBase {

    private static final PeerId PROVIDER = PeerId.parse("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq");
    private static final PeerInfo PROVIDER_INFO = new PeerInfo(PROVIDER,
            List.of("/ip4/10.0.0.5/tcp/4001", "/ip4/10.0.0.5/tcp/8080/http"), Map.of());

    @TempDir
    static Path repo;

    private final List<Cid> provided = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> values = new ConcurrentHashMap<>();

    @Override
    List<Deployable> extraVerticles() {
        return List.of(new BlockStoreVerticle(new BlockStoreConfig(repo.resolve("blocks"), false, true, 2),
                new SimpleMeterRegistry(), DagLinks::links), new StandInDht());
    }

    /** Answers like a DHT that knows one provider and one peer and stores values in memory. */
    private final class StandInDht extends VerticleBase {
        @Override
        public Future<?> start() {
            LocalObjectCodec.registerOn(vertx);
            DeliveryOptions local = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME);
            var bus = vertx.eventBus();
            bus.<FindProvidersRequest>localConsumer(DhtContract.FIND_PROVIDERS,
                    m -> m.reply(List.of(PROVIDER_INFO).subList(0, Math.min(1, m.body().count())), local));
            bus.<PeerId>localConsumer(DhtContract.FIND_PEER, m -> {
                if (m.body().equals(PROVIDER)) {
                    m.reply(PROVIDER_INFO, local);
                } else {
                    m.fail(DhtError.NOT_FOUND.failureCode(), "routing: not found");
                }
            });
            bus.<Cid>localConsumer(DhtContract.PROVIDE, m -> {
                provided.add(m.body());
                m.reply(null, local);
            });
            bus.<byte[]>localConsumer(DhtContract.GET_VALUE, m -> {
                byte[] value = values.get(HexFormat.of().formatHex(m.body()));
                if (value == null) {
                    m.fail(DhtError.NOT_FOUND.failureCode(), "routing: not found");
                } else {
                    m.reply(value, local);
                }
            });
            bus.<PutValueRequest>localConsumer(DhtContract.PUT_VALUE, m -> {
                if (new String(m.body().record(), StandardCharsets.UTF_8).startsWith("bad")) {
                    m.fail(DhtError.INVALID_RECORD.failureCode(), "record rejected by the validator");
                    return;
                }
                values.put(HexFormat.of().formatHex(m.body().key()), m.body().record());
                m.reply(3, local);
            });
            return Future.succeededFuture();
        }
    }

    @Test
    void findprovsStreamsProviderEvents() throws Exception {
        HttpResponse<Buffer> response = post("/api/v0/routing/findprovs?arg=QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o&num-providers=3");
        assertEquals(200, response.statusCode());
        assertEquals("1", response.getHeader("X-Chunked-Output"));
        assertEquals(List.of(new JsonObject().put("Extra", "").put("ID", "")
                        .put("Responses", new JsonArray().add(new JsonObject()
                                .put("Addrs", new JsonArray().add("/ip4/10.0.0.5/tcp/4001").add("/ip4/10.0.0.5/tcp/8080/http"))
                                .put("ID", PROVIDER.toBase58())))
                        .put("Type", 4)),
                ndjson(response));
        HttpResponse<Buffer> zero = post("/api/v0/routing/findprovs?arg=QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o&n=0");
        assertEquals(500, zero.statusCode());
        assertEquals("number of providers must be greater than 0", zero.bodyAsJsonObject().getString("Message"));
        assertEquals(500, post("/api/v0/routing/findprovs?arg=notacid").statusCode());
    }

    @Test
    void findpeerAnswersAFinalPeerEvent() throws Exception {
        List<JsonObject> events = ndjson(post("/api/v0/routing/findpeer?arg=" + PROVIDER.toBase58()));
        assertEquals(1, events.size());
        assertEquals(2, events.get(0).getInteger("Type"));
        assertEquals(PROVIDER.toBase58(), events.get(0).getJsonArray("Responses").getJsonObject(0).getString("ID"));
        HttpResponse<Buffer> missing = post("/api/v0/routing/findpeer?arg=QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC");
        assertEquals(500, missing.statusCode());
        assertEquals("routing: not found", missing.bodyAsJsonObject().getString("Message"));
    }

    @Test
    void provideNeedsTheBlocksAndWalksTheDagWhenRecursive() throws Exception {
        String root = ndjson(postMultipart("/api/v0/add?chunker=size-4&raw-leaves=true&pin=false",
                singleFile("0123456789ab".getBytes(StandardCharsets.UTF_8)))).get(0).getString("Hash");
        HttpResponse<Buffer> response = post("/api/v0/routing/provide?arg=" + root);
        assertEquals(200, response.statusCode());
        assertEquals(List.of(Cid.parse(root)), provided);
        provided.clear();
        post("/api/v0/routing/provide?recursive=true&arg=" + root);
        assertEquals(4, provided.size(), "the root and its three 4-byte leaves: " + provided);
        assertEquals(Cid.parse(root), provided.get(0));
        HttpResponse<Buffer> absent = post("/api/v0/routing/provide?arg=bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy");
        assertEquals(500, absent.statusCode());
        assertTrue(absent.bodyAsJsonObject().getString("Message").contains("not found locally, cannot provide"));
    }

    @Test
    void putThenGetARecordAsKuboEncodesIt() throws Exception {
        byte[] record = "ok:1".getBytes(StandardCharsets.UTF_8);
        String key = "/ipns/" + PROVIDER.toBase58();
        HttpResponse<Buffer> put = postMultipart("/api/v0/routing/put?arg=" + key, singleFile(record));
        assertEquals(200, put.statusCode(), put.bodyAsString());
        assertEquals(new JsonObject().put("Extra", "").put("ID", "12D3KooWTestPeer").putNull("Responses").put("Type", 5),
                put.bodyAsJsonObject());
        byte[] expectedKey = new byte[6 + PROVIDER.bytes().length];
        System.arraycopy("/ipns/".getBytes(StandardCharsets.UTF_8), 0, expectedKey, 0, 6);
        System.arraycopy(PROVIDER.bytes(), 0, expectedKey, 6, PROVIDER.bytes().length);
        assertTrue(values.containsKey(HexFormat.of().formatHex(expectedKey)), "the peer id is stored in binary");

        JsonObject got = post("/api/v0/routing/get?arg=" + key).bodyAsJsonObject();
        assertEquals(5, got.getInteger("Type"));
        assertArrayEquals(record, Base64.getDecoder().decode(got.getString("Extra")));

        HttpResponse<Buffer> bad = postMultipart("/api/v0/routing/put?arg=" + key, singleFile("bad".getBytes(StandardCharsets.UTF_8)));
        assertEquals(500, bad.statusCode());
        assertEquals("record rejected by the validator", bad.bodyAsJsonObject().getString("Message"));
        assertEquals(500, post("/api/v0/routing/get?arg=/ipns/" + PeerId.parse("QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC")).statusCode());
        assertEquals(500, post("/api/v0/routing/get?arg=nokey").statusCode());
    }
}
