package io.strata.api;

import io.strata.crypto.Ed25519PrivateKey;
import io.strata.crypto.NodeIdentity;
import io.strata.libp2p.verticle.Libp2pConfig;
import io.strata.libp2p.verticle.Libp2pVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Libp2pSwarmCommandsTest {

    private static Libp2pVerticle swarm() {
        return new Libp2pVerticle(new NodeIdentity(Ed25519PrivateKey.generate(new SecureRandom())),
                new Libp2pConfig("127.0.0.1", 0, 5_000, 16));
    }

    @Nested
    class WithSwarm extends ApiTestBase {
        final Libp2pVerticle ours = swarm();
        final Libp2pVerticle theirs = swarm();
        final Vertx theirVertx = Vertx.vertx();

        @Override
        List<Deployable> extraVerticles() {
            try {
                await(theirVertx.deployVerticle(theirs));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return List.of(ours);
        }

        @AfterAll
        void closeTheirs() throws Exception {
            await(theirVertx.close());
        }

        @Test
        void connectThenListAddresses() throws Exception {
            String target = "/ip4/127.0.0.1/tcp/" + theirs.port() + "/p2p/" + theirs.peerId().toBase58();
            HttpResponse<Buffer> connected = post("/api/v0/swarm/connect?arg=" + URLEncoder.encode(target, StandardCharsets.UTF_8));
            assertEquals(200, connected.statusCode(), connected.bodyAsString());
            assertEquals(new JsonArray().add("connect " + theirs.peerId().toBase58() + " success"),
                    connected.bodyAsJsonObject().getJsonArray("Strings"));

            HttpResponse<Buffer> addresses = post("/api/v0/swarm/addrs");
            assertEquals(200, addresses.statusCode(), addresses.bodyAsString());
            assertEquals(new JsonObject().put(theirs.peerId().toBase58(), new JsonArray().add("/ip4/127.0.0.1/tcp/" + theirs.port())),
                    addresses.bodyAsJsonObject().getJsonObject("Addrs"));

            HttpResponse<Buffer> local = post("/api/v0/swarm/addrs/local?id=true");
            assertEquals(200, local.statusCode(), local.bodyAsString());
            assertEquals(new JsonArray().add("/ip4/127.0.0.1/tcp/" + ours.port() + "/p2p/" + ours.peerId().toBase58()),
                    local.bodyAsJsonObject().getJsonArray("Strings"));
        }

        @Test
        void swarmPeersListsALibp2pPeerAfterConnect() throws Exception {
            String target = "/ip4/127.0.0.1/tcp/" + theirs.port() + "/p2p/" + theirs.peerId().toBase58();
            assertEquals(200, post("/api/v0/swarm/connect?arg=" + URLEncoder.encode(target, StandardCharsets.UTF_8)).statusCode());

            HttpResponse<Buffer> peers = post("/api/v0/swarm/peers");
            assertEquals(200, peers.statusCode(), peers.bodyAsString());
            assertEquals(new JsonArray().add(new JsonObject()
                            .put("Addr", "/ip4/127.0.0.1/tcp/" + theirs.port())
                            .put("Peer", theirs.peerId().toBase58())
                            .put("Latency", "").put("Muxer", "").put("Direction", 2).putNull("Streams")),
                    peers.bodyAsJsonObject().getJsonArray("Peers"));
        }

        @Test
        void idListsTheSwarmAddressesAndProtocols() throws Exception {
            JsonObject id = post("/api/v0/id").bodyAsJsonObject();
            assertTrue(id.getJsonArray("Addresses").contains("/ip4/127.0.0.1/tcp/" + ours.port() + "/p2p/" + ours.peerId().toBase58()),
                    id.encode());
            JsonArray protocols = id.getJsonArray("Protocols");
            for (String protocol : List.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0", "/ipfs/bitswap/1.2.0", "/ipfs/kad/1.0.0")) {
                assertTrue(protocols.contains(protocol), protocol + " missing from " + protocols);
            }
        }

        @Test
        void bootstrapListsNoPeersWhenNoneAreConfigured() throws Exception {
            HttpResponse<Buffer> response = post("/api/v0/bootstrap/list");
            assertEquals(200, response.statusCode(), response.bodyAsString());
            assertEquals(new JsonObject().put("Peers", new JsonArray()), response.bodyAsJsonObject());
        }

        @Test
        void connectingToNobodyFailsWithTheReason() throws Exception {
            String nobody = "/ip4/127.0.0.1/tcp/1/p2p/" + Ed25519PrivateKey.generate(new SecureRandom()).publicKey().peerId().toBase58();
            HttpResponse<Buffer> response = post("/api/v0/swarm/connect?arg=" + URLEncoder.encode(nobody, StandardCharsets.UTF_8));
            assertEquals(500, response.statusCode());
            assertTrue(response.bodyAsJsonObject().getString("Message").startsWith("connect " + nobody + " failure: "),
                    response.bodyAsString());
        }
    }

    @Nested
    class WithoutSwarm extends ApiTestBase {
        @Test
        void failsAsKuboDoesOffline() throws Exception {
            HttpResponse<Buffer> response = post("/api/v0/swarm/addrs/local");
            assertEquals(500, response.statusCode());
            assertEquals("this action must be run in online mode, try running 'ipfs daemon' first",
                    response.bodyAsJsonObject().getString("Message"));
        }
    }
}
