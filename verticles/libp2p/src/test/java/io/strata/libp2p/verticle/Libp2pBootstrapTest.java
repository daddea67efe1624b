package io.strata.libp2p.verticle;

import io.strata.crypto.Ed25519PrivateKey;
import io.strata.crypto.NodeIdentity;
import io.strata.multiformats.Multiaddr;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A swarm with a bootstrap peer dials it on start and again, with backoff, after the peer restarts. */
class Libp2pBootstrapTest {

    private final SecureRandom random = new SecureRandom();
    private final Vertx vertxA = Vertx.vertx();
    private final Vertx vertxB = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        await(vertxA.close());
        await(vertxB.close());
    }

    @Test
    void dialsItsBootstrapPeerOnStartAndAgainAfterThePeerRestarts() throws Exception {
        NodeIdentity identityB = new NodeIdentity(Ed25519PrivateKey.generate(random));
        Libp2pVerticle b = new Libp2pVerticle(identityB, new Libp2pConfig("127.0.0.1", 0, 2_000, 16));
        String deploymentB = await(vertxB.deployVerticle(b));
        Multiaddr addressB = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + b.port() + "/p2p/" + b.peerId().toBase58());

        Libp2pVerticle a = new Libp2pVerticle(new NodeIdentity(Ed25519PrivateKey.generate(random)),
                new Libp2pConfig("127.0.0.1", 0, 2_000, 16, List.of(addressB), new BootstrapBackoff(50, 400)));
        await(vertxA.deployVerticle(a));
        waitUntil(() -> a.connectedPeers().contains(b.peerId()));
        waitUntil(() -> b.connectedPeers().contains(a.peerId()));
        assertEquals(new JsonArray().add(addressB.toString()),
                await(vertxA.eventBus().<JsonArray>request(Libp2pContract.BOOTSTRAP, null)).body());

        await(vertxB.undeploy(deploymentB));
        waitUntil(() -> !a.connectedPeers().contains(b.peerId()));
        // Long enough for several failed redials, so A is backing off when B comes back.
        Thread.sleep(600);
        assertFalse(a.connectedPeers().contains(b.peerId()));

        Libp2pVerticle restarted = new Libp2pVerticle(identityB, new Libp2pConfig("127.0.0.1", b.port(), 2_000, 16));
        await(vertxB.deployVerticle(restarted));
        waitUntil(() -> a.connectedPeers().contains(b.peerId()));
        waitUntil(() -> restarted.connectedPeers().contains(a.peerId()));
        assertTrue(restarted.connectedPeers().contains(a.peerId()));
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertFalse(System.nanoTime() > deadline, "condition not met within 10 s");
            Thread.sleep(10);
        }
    }
}
