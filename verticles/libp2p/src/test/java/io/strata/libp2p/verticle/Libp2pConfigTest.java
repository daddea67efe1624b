package io.strata.libp2p.verticle;

import io.strata.crypto.Ed25519PrivateKey;
import io.strata.multiformats.Multiaddr;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Libp2pConfigTest {

    private static String peer() {
        return Ed25519PrivateKey.generate(new SecureRandom()).publicKey().peerId().toBase58();
    }

    @Test
    void bootstrapReadsAYamlList() {
        String first = "/ip4/10.0.0.1/tcp/4001/p2p/" + peer();
        String second = "/dns4/boot.example.org/tcp/4001/p2p/" + peer();
        Libp2pConfig config = Libp2pConfig.fromJson(new JsonObject().put("bootstrap", new JsonArray().add(first).add(second)));
        assertEquals(List.of(Multiaddr.parse(first), Multiaddr.parse(second)), config.bootstrap());
    }

    @Test
    void bootstrapReadsCommaSeparatedTextSkippingBlanks() {
        String first = "/ip4/10.0.0.1/tcp/4001/p2p/" + peer();
        String second = "/ip4/10.0.0.2/tcp/4002/p2p/" + peer();
        Libp2pConfig config = Libp2pConfig.fromJson(new JsonObject().put("bootstrap", " " + first + " ,, " + second + ","));
        assertEquals(List.of(Multiaddr.parse(first), Multiaddr.parse(second)), config.bootstrap());
    }

    @Test
    void noBootstrapByDefault() {
        assertEquals(List.of(), Libp2pConfig.fromJson(new JsonObject()).bootstrap());
        assertEquals(List.of(), Libp2pConfig.fromJson(new JsonObject().put("bootstrap", "")).bootstrap());
        assertEquals(BootstrapBackoff.DEFAULT, Libp2pConfig.fromJson(new JsonObject()).bootstrapBackoff());
    }

    @Test
    void bootstrapEntriesMustNameAPeerOverTcp() {
        IllegalArgumentException withoutPeer = assertThrows(IllegalArgumentException.class,
                () -> Libp2pConfig.fromJson(new JsonObject().put("bootstrap", "/ip4/10.0.0.1/tcp/4001")));
        assertTrue(withoutPeer.getMessage().contains("names no /p2p/ peer id"), withoutPeer.getMessage());
        IllegalArgumentException garbage = assertThrows(IllegalArgumentException.class,
                () -> Libp2pConfig.fromJson(new JsonObject().put("bootstrap", new JsonArray().add("not-a-multiaddr"))));
        assertTrue(garbage.getMessage().contains("'not-a-multiaddr' is not a multiaddr"), garbage.getMessage());
        IllegalArgumentException number = assertThrows(IllegalArgumentException.class,
                () -> Libp2pConfig.fromJson(new JsonObject().put("bootstrap", 7)));
        assertTrue(number.getMessage().contains("must be a list of multiaddrs"), number.getMessage());
    }

    @Test
    void backoffSettingsAreRead() {
        Libp2pConfig config = Libp2pConfig.fromJson(new JsonObject()
                .put("bootstrapBackoffMillis", 250).put("bootstrapBackoffMaxMillis", 4_000));
        assertEquals(new BootstrapBackoff(250, 4_000), config.bootstrapBackoff());
    }

    @Test
    void backoffDoublesFromItsInitialWaitUpToItsMaximum() {
        BootstrapBackoff backoff = new BootstrapBackoff(100, 1_000);
        assertEquals(List.of(100L, 200L, 400L, 800L, 1_000L, 1_000L),
                List.of(backoff.delayMillis(0), backoff.delayMillis(1), backoff.delayMillis(2),
                        backoff.delayMillis(3), backoff.delayMillis(4), backoff.delayMillis(5)));
        assertEquals(1_000L, backoff.delayMillis(Integer.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, new BootstrapBackoff(3, Long.MAX_VALUE).delayMillis(Integer.MAX_VALUE));
    }

    @Test
    void backoffRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new BootstrapBackoff(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new BootstrapBackoff(100, 10));
        assertThrows(IllegalArgumentException.class, () -> new BootstrapBackoff(100, 1_000).delayMillis(-1));
    }
}
