package io.strata.api;

import io.strata.blockstore.verticle.LocalObjectCodec;
import io.strata.cluster.ClusterContract;
import io.strata.cluster.PeerInfo;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.Multihash;
import io.strata.multiformats.PeerId;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SwarmCommandsTest {

    static PeerId peerId(int n) {
        byte[] key = new byte[36];
        key[35] = (byte) n;
        return PeerId.fromMultihash(Multihash.of(Multicodec.IDENTITY, key));
    }

    /** Answers {@code peers} with a fixed list, as the membership verticle would. */
    static final class FixedMembers extends VerticleBase {
        private final List<PeerInfo> peers;

        FixedMembers(List<PeerInfo> peers) {
            this.peers = peers;
        }

        @Override
        public Future<?> start() {
            LocalObjectCodec.registerOn(vertx);
            return vertx.eventBus().localConsumer(ClusterContract.PEERS, message -> message.reply(peers,
                    new DeliveryOptions().setCodecName(LocalObjectCodec.NAME))).completion();
        }
    }

    @Nested
    class WithMembers extends ApiTestBase {
        final PeerInfo second = new PeerInfo(peerId(2), List.of("/ip4/127.0.0.1/tcp/5702", "/ip4/127.0.0.1/tcp/8082/http"), Map.of());
        final PeerInfo first = new PeerInfo(peerId(1), List.of("/ip4/127.0.0.1/tcp/8081/http", "/ip4/127.0.0.1/tcp/5701"),
                Map.of("region", "eu"));

        @Override
        List<Deployable> extraVerticles() {
            return List.of(new FixedMembers(List.of(second, first)));
        }

        @Test
        void listsMembersInKubosShapeByTransportAddress() throws Exception {
            HttpResponse<Buffer> response = post("/api/v0/swarm/peers");
            assertEquals(200, response.statusCode(), response.bodyAsString());
            JsonArray peers = response.bodyAsJsonObject().getJsonArray("Peers");
            List<JsonObject> expected = new ArrayList<>();
            for (PeerInfo peer : List.of(first, second)) {
                String transport = peer == first ? "/ip4/127.0.0.1/tcp/5701" : "/ip4/127.0.0.1/tcp/5702";
                expected.add(new JsonObject().put("Addr", transport).put("Peer", peer.peerId().toBase58())
                        .put("Latency", "").put("Muxer", "").put("Direction", 0).putNull("Streams"));
            }
            assertEquals(new JsonArray(new ArrayList<>(expected)), peers);
        }
    }

    @Nested
    class Alone extends ApiTestBase {
        @Override
        List<Deployable> extraVerticles() {
            return List.of(new FixedMembers(List.of()));
        }

        @Test
        void noMembersIsNullAsInKubo() throws Exception {
            HttpResponse<Buffer> response = post("/api/v0/swarm/peers");
            assertEquals(200, response.statusCode(), response.bodyAsString());
            JsonObject body = response.bodyAsJsonObject();
            assertEquals(List.of("Peers"), List.copyOf(body.fieldNames()));
            assertNull(body.getValue("Peers"));
        }
    }

    @Nested
    class WithoutMembership extends ApiTestBase {
        @Test
        void failsAsKuboDoesOffline() throws Exception {
            HttpResponse<Buffer> response = post("/api/v0/swarm/peers");
            assertEquals(500, response.statusCode());
            assertEquals("this action must be run in online mode, try running 'ipfs daemon' first",
                    response.bodyAsJsonObject().getString("Message"));
        }
    }
}
