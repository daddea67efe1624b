package io.strata.deals.verticle;

import io.strata.crypto.Secp256k1PrivateKey;
import io.strata.deals.EpochClock;
import io.strata.deals.FilecoinAddress;
import io.strata.deals.MarketPolicy;
import io.strata.deals.PieceCommitment;
import io.strata.deals.ProvingSchedule;
import io.strata.deals.ScoringWeights;
import io.strata.deals.Secp256k1Accounts;
import io.strata.deals.Secp256k1ClientKey;
import io.strata.deals.StorageAsk;
import io.strata.deals.TokenAmount;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three providers and a client on one Vert.x, with epochs of 20 ms: a piece is stored with two replicas,
 * proven each period, one provider's copy is corrupted, its deal is slashed and repaired with the third
 * provider, and the payload comes back exact throughout.
 */
class DealsVerticleTest {

    private static final long EPOCH_MILLIS = 20;
    private static final List<FilecoinAddress> PROVIDERS = List.of(FilecoinAddress.id(2001), FilecoinAddress.id(2002),
            FilecoinAddress.id(2003));

    @TempDir
    Path directory;

    private Vertx vertx;
    private final List<JsonObject> events = new ArrayList<>();

    @BeforeEach
    void deploy() throws Exception {
        vertx = Vertx.vertx();
        long t0 = System.currentTimeMillis();
        EpochClock clock = () -> (System.currentTimeMillis() - t0) / EPOCH_MILLIS;
        MarketPolicy policy = MarketPolicy.filecoin(BigInteger.ONE.shiftLeft(50), BigInteger.ONE.shiftLeft(50),
                TokenAmount.ofFil(1000)).withDurations(10, 10_000_000);
        for (FilecoinAddress provider : PROVIDERS) {
            StorageAsk ask = new StorageAsk(provider, TokenAmount.ofAtto(1_000_000), TokenAmount.ZERO, 256, 1L << 30,
                    TokenAmount.ofAtto(1_000_000_000_000_000L), 0, 100_000_000, 0);
            StorageProviderConfig config = new StorageProviderConfig(ask, directory.resolve("provider-" + provider),
                    policy, Secp256k1Accounts.create(), clock, 8);
            vertx.deployVerticle(new StorageProviderVerticle(config)).await(30, TimeUnit.SECONDS);
        }
        StorageClientConfig client = new StorageClientConfig(
                new Secp256k1ClientKey(Secp256k1PrivateKey.generate(new SecureRandom())), PROVIDERS, 2, 1_000_000,
                1500, new ProvingSchedule(50, 45), 16, ScoringWeights.BALANCED, policy, clock, 100, 30_000);
        vertx.eventBus().<JsonObject>consumer(DealsContract.EVENTS, m -> events.add(m.body()));
        vertx.deployVerticle(new StorageClientVerticle(client)).await(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
    }

    private JsonArray status() throws Exception {
        return vertx.eventBus().<JsonArray>request(DealsContract.CLIENT_STATUS, null).await(30, TimeUnit.SECONDS).body();
    }

    private List<JsonObject> deals(Predicate<JsonObject> filter) throws Exception {
        return status().stream().map(JsonObject.class::cast).filter(filter).toList();
    }

    private void awaitDeals(String what, Predicate<List<JsonObject>> condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.test(deals(d -> true))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what + "; deals: " + status().encodePrettily());
    }

    private byte[] retrieve(String pieceCid) throws Exception {
        return vertx.eventBus().<Buffer>request(DealsContract.CLIENT_RETRIEVE, pieceCid,
                new DeliveryOptions().setSendTimeout(30_000)).await(30, TimeUnit.SECONDS).body().getBytes();
    }

    @Test
    void twoReplicasAreProvenASlashedOneIsRepairedAndRetrievalStaysExact() throws Exception {
        byte[] payload = new byte[3 << 20];
        new Random(7).nextBytes(payload);
        Path file = directory.resolve("payload.car");
        Files.write(file, payload);

        JsonObject stored = vertx.eventBus().<JsonObject>request(DealsContract.CLIENT_STORE,
                new JsonObject().put("path", file.toString()), new DeliveryOptions().setSendTimeout(60_000))
                .await(60, TimeUnit.SECONDS).body();
        String pieceCid = stored.getString("pieceCid");
        assertEquals(PieceCommitment.of(payload).toV2().toString(), pieceCid);
        assertEquals(2, stored.getJsonArray("deals").size(), status().encodePrettily());
        assertEquals(List.of("f02001", "f02002"), stored.getJsonArray("deals").stream()
                .map(d -> ((JsonObject) d).getString("provider")).sorted().toList());

        awaitDeals("two proofs on each replica", list -> list.stream()
                .filter(d -> "ACTIVE".equals(d.getString("state")) && d.getLong("lastProvenPeriod") >= 1).count() == 2,
                Duration.ofSeconds(60));
        assertArrayEquals(payload, retrieve(pieceCid));

        Path corrupted;
        try (Stream<Path> files = Files.list(directory.resolve("provider-f02001"))) {
            corrupted = files.findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(corrupted);
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] ^= (byte) 0xff;
        }
        Files.write(corrupted, bytes);

        awaitDeals("the corrupted replica slashed and a repair deal active with f02003", list ->
                list.stream().anyMatch(d -> "f02001".equals(d.getString("provider"))
                        && "SLASHED".equals(d.getString("state")))
                        && list.stream().anyMatch(d -> "f02003".equals(d.getString("provider"))
                        && "ACTIVE".equals(d.getString("state")) && d.getLong("lastProvenPeriod") >= 0),
                Duration.ofSeconds(60));
        JsonObject slashed = deals(d -> "SLASHED".equals(d.getString("state"))).get(0);
        assertTrue(slashed.getString("reason").contains("rejected"), slashed.getString("reason"));
        assertEquals(2, deals(d -> "ACTIVE".equals(d.getString("state"))).size());
        assertArrayEquals(payload, retrieve(pieceCid));
        assertTrue(events.stream().anyMatch(e -> "SLASHED".equals(e.getString("to"))
                && "f02001".equals(e.getString("provider"))), events.toString());
    }
}
