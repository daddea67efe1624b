package io.strata.ipns.verticle;

import io.strata.crypto.KeyFormat;
import io.strata.crypto.KeyType;
import io.strata.crypto.Libp2pPrivateKey;
import io.strata.ipns.IpnsName;
import io.strata.ipns.IpnsRecord;
import io.strata.ipns.IpnsValidator;
import io.strata.ipns.verticle.IpnsContract.KeyInfo;
import io.strata.ipns.verticle.IpnsContract.PublishRequest;
import io.strata.ipns.verticle.IpnsContract.Published;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpnsVerticleTest {

    private static final String CID_A = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
    private static final String CID_B = "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<Vertx> nodes = new ArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.now());

    @AfterEach
    void closeNodes() throws Exception {
        for (Vertx vertx : nodes) {
            await(vertx.close());
        }
    }

    private IpnsClient node(Path repo, NameRouting routing, IpnsConfig config) throws Exception {
        Vertx vertx = Vertx.vertx();
        nodes.add(vertx);
        Libp2pPrivateKey identity = Libp2pPrivateKey.generate(KeyType.ED25519, 0, RANDOM);
        await(vertx.deployVerticle(new IpnsVerticle(identity, repo, routing, clock, config)));
        return new IpnsClient(vertx);
    }

    private IpnsClient node(Path repo, NameRouting routing) throws Exception {
        return node(repo, routing, IpnsConfig.DEFAULTS);
    }

    @Test
    void managesKeysAsKuboDoes(@TempDir Path repo) throws Exception {
        IpnsClient client = node(repo, null);
        KeyInfo generated = await(client.generateKey("mykey", KeyType.ED25519, 0));
        assertTrue(generated.ipnsName().toString().startsWith("k51"));
        await(client.generateKey("other", KeyType.SECP256K1, 0));
        List<KeyInfo> keys = await(client.listKeys());
        assertEquals(List.of("self", "mykey", "other"), keys.stream().map(KeyInfo::name).toList());

        assertEquals(IpnsError.KEY_EXISTS, failure(client.generateKey("mykey", KeyType.ED25519, 0)).error());
        assertEquals(IpnsError.INVALID_REQUEST, failure(client.generateKey("self", KeyType.ED25519, 0)).error());
        assertEquals(IpnsError.INVALID_REQUEST, failure(client.generateKey("a/b", KeyType.ED25519, 0)).error());

        IpnsContract.KeyRenamed renamed = await(client.renameKey("mykey", "other", true));
        assertTrue(renamed.overwritten());
        assertEquals(generated.id(), renamed.now().id());

        byte[] exported = await(client.exportKey("other", KeyFormat.PEM_PKCS8_CLEARTEXT));
        assertEquals(generated.id(), await(client.removeKey("other")).id());
        assertEquals(IpnsError.NO_SUCH_KEY, failure(client.removeKey("other")).error());
        assertEquals(generated.id(), await(client.importKey("back", exported, KeyFormat.PEM_PKCS8_CLEARTEXT)).id());
        assertEquals(IpnsError.INVALID_REQUEST, failure(client.exportKey("self", KeyFormat.LIBP2P_PROTOBUF_CLEARTEXT)).error());

        byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
        IpnsContract.Signed signed = await(client.sign("back", data));
        assertTrue(await(client.verify("back", data, signed.signature())).valid());
        assertFalse(await(client.verify("self", data, signed.signature())).valid());
        Libp2pPrivateKey key = KeyFormat.PEM_PKCS8_CLEARTEXT.decode(exported);
        byte[] payload = ("libp2p-key signed message:hello").getBytes(StandardCharsets.UTF_8);
        assertTrue(key.publicKey().verify(payload, signed.signature()));
    }

    @Test
    void singleNodePublishingNeedsAllowOffline(@TempDir Path repo) throws Exception {
        IpnsClient client = node(repo, null);
        IpnsClientException offline = failure(client.publish(publish("self", CID_A, false)));
        assertEquals(IpnsError.OFFLINE, offline.error());
        assertTrue(offline.getMessage().contains("--allow-offline"), offline.getMessage());

        Published first = await(client.publish(publish("self", CID_A, true)));
        assertEquals("/ipfs/" + CID_A, first.value());
        assertEquals(0, first.sequence());
        assertEquals("/ipfs/" + CID_A, await(client.resolve(first.name().path(), true, false)));
        assertEquals("/ipfs/" + CID_A + "/dir/file", await(client.resolve(first.name() + "/dir/file", true, false)));
        assertEquals("/ipfs/" + CID_A, await(client.resolve("self", true, false)));

        assertEquals(0, await(client.publish(publish("self", "/ipfs/" + CID_A, true))).sequence(), "same value, same sequence");
        assertEquals(1, await(client.publish(publish("self", CID_B, true))).sequence());
        assertEquals("/ipfs/" + CID_B, await(client.resolve(first.name().path(), true, true)));

        assertEquals(IpnsError.INVALID_REQUEST, failure(client.publish(publish("self", "not-a-cid", true))).error());
        assertEquals(IpnsError.NO_SUCH_KEY, failure(client.publish(publish("missing", CID_A, true))).error());
    }

    @Test
    void followsIpnsChainsUpToTheDepthLimit(@TempDir Path repo) throws Exception {
        IpnsClient client = node(repo, null);
        KeyInfo inner = await(client.generateKey("inner", KeyType.ED25519, 0));
        KeyInfo outer = await(client.generateKey("outer", KeyType.ED25519, 0));
        await(client.publish(publish("inner", CID_A, true)));
        await(client.publish(publish("outer", inner.ipnsName().path() + "/sub", true)));
        assertEquals("/ipfs/" + CID_A + "/sub", await(client.resolve(outer.ipnsName().path(), true, false)));
        assertEquals(inner.ipnsName().path() + "/sub", await(client.resolve(outer.ipnsName().path(), false, false)));

        KeyInfo loop = await(client.generateKey("loop", KeyType.ED25519, 0));
        await(client.publish(new PublishRequest("loop", loop.ipnsName().path(), Duration.ofHours(1), null, false, true)));
        assertEquals(IpnsError.DEPTH_EXCEEDED, failure(client.resolve(loop.ipnsName().path(), true, false)).error());
        IpnsClientException unresolvable = failure(client.publish(publish("outer", "/ipns/" + IpnsName.of(
                Libp2pPrivateKey.generate(KeyType.ED25519, 0, RANDOM).publicKey().peerId()), true)));
        assertEquals(IpnsError.NOT_FOUND, unresolvable.error());
    }

    @Test
    void publishOnOneNodeResolveOnAnotherWithinTheTtl(@TempDir Path repoA, @TempDir Path repoC) throws Exception {
        InMemoryNameRouting dht = new InMemoryNameRouting(clock);
        IpnsClient a = node(repoA, dht);
        IpnsClient c = node(repoC, dht);
        Published first = await(a.publish(new PublishRequest("self", CID_A, Duration.ofHours(48), Duration.ofMinutes(1), true, false)));
        assertEquals("/ipfs/" + CID_A, await(c.resolve(first.name().path(), true, false)));

        await(a.publish(new PublishRequest("self", CID_B, Duration.ofHours(48), Duration.ofMinutes(1), true, false)));
        // C's cache still holds the first record for its TTL, then sees the newer one
        assertEquals("/ipfs/" + CID_A, await(c.resolve(first.name().path(), true, false)));
        clock.advance(Duration.ofSeconds(61));
        assertEquals("/ipfs/" + CID_B, await(c.resolve(first.name().path(), true, false)));

        IpnsRecord record = IpnsRecord.unmarshal(await(c.getRecord(first.name())));
        assertEquals(1, record.sequence());
    }

    @Test
    void routingPutsAreValidatedAndNeverReplaceABetterRecord(@TempDir Path repoA, @TempDir Path repoC) throws Exception {
        InMemoryNameRouting dht = new InMemoryNameRouting(clock);
        IpnsClient c = node(repoC, dht);
        Libp2pPrivateKey key = Libp2pPrivateKey.generate(KeyType.ED25519, 0, RANDOM);
        IpnsName name = IpnsName.of(key.publicKey().peerId());
        Instant now = clock.instant();
        byte[] newer = IpnsRecord.create(key, "/ipfs/" + CID_B, 5, now.plus(Duration.ofHours(1)), Duration.ZERO).marshal();
        byte[] older = IpnsRecord.create(key, "/ipfs/" + CID_A, 4, now.plus(Duration.ofHours(2)), Duration.ZERO).marshal();
        byte[] expired = IpnsRecord.create(key, "/ipfs/" + CID_A, 9, now.minusSeconds(1), Duration.ZERO).marshal();
        byte[] forged = newer.clone();
        forged[forged.length - 70] ^= 1;

        await(c.putRecord(name, newer));
        IpnsClientException lower = failure(c.putRecord(name, older));
        assertEquals(IpnsError.INVALID_RECORD, lower.error());
        assertTrue(lower.getMessage().contains("better record"), lower.getMessage());
        assertEquals(IpnsError.INVALID_RECORD, failure(c.putRecord(name, expired)).error());
        assertEquals(IpnsError.INVALID_RECORD, failure(c.putRecord(name, forged)).error());
        assertEquals(IpnsError.INVALID_RECORD, failure(c.putRecord(name, new byte[IpnsRecord.MAX_SIZE + 1])).error());
        assertEquals("/ipfs/" + CID_B, await(c.resolve(name.path(), true, true)));
        assertEquals(5, IpnsRecord.unmarshal(await(c.getRecord(name))).sequence());
    }

    @Test
    void republishesOwnRecordsWithAFreshValidity(@TempDir Path repo) throws Exception {
        IpnsConfig config = new IpnsConfig(Duration.ofHours(48), Duration.ofHours(1), Duration.ofHours(4), Duration.ofMillis(300), 32, 16);
        IpnsClient client = node(repo, new InMemoryNameRouting(clock), config);
        Published published = await(client.publish(new PublishRequest("self", CID_A, Duration.ofMinutes(10), Duration.ofSeconds(30), true, false)));
        Instant firstValidity = IpnsRecord.unmarshal(await(client.getRecord(published.name()))).validity();
        assertTrue(firstValidity.isBefore(clock.instant().plus(Duration.ofMinutes(11))));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        IpnsRecord republished;
        do {
            Thread.sleep(100);
            republished = IpnsValidator.validate(published.name(), await(client.getRecord(published.name())), clock.instant());
            clock.advance(Duration.ofSeconds(31));
        } while (!republished.validity().isAfter(firstValidity.plus(Duration.ofHours(1))) && System.nanoTime() < deadline);
        assertTrue(republished.validity().isAfter(clock.instant().plus(Duration.ofHours(47))), republished.validityText());
        assertEquals(0, republished.sequence());
        assertEquals(Duration.ofSeconds(30), republished.ttl());
    }

    private static PublishRequest publish(String key, String value, boolean allowOffline) {
        return new PublishRequest(key, value, Duration.ofHours(48), null, true, allowOffline);
    }

    @Test
    void announcesAChangeFoundInTheDhtOnceTheTtlHasPassed(@TempDir Path repo) throws Exception {
        InMemoryNameRouting routing = new InMemoryNameRouting(clock);
        IpnsClient client = node(repo, routing);
        Vertx vertx = nodes.get(0);
        Libp2pPrivateKey foreign = Libp2pPrivateKey.generate(KeyType.ED25519, 0, RANDOM);
        IpnsName name = IpnsName.of(foreign.publicKey().peerId());
        Instant eol = clock.instant().plus(Duration.ofHours(1));
        await(routing.put(name.routingKey(), IpnsRecord.create(foreign, "/ipfs/" + CID_A, 0, eol, Duration.ofSeconds(1)).marshal()));

        LinkedBlockingQueue<IpnsContract.NameChanged> changes = new LinkedBlockingQueue<>();
        await(vertx.eventBus().<IpnsContract.NameChanged>localConsumer(IpnsContract.changesAddress(name),
                message -> changes.add(message.body())).completion());
        await(client.follow(name));
        await(routing.put(name.routingKey(), IpnsRecord.create(foreign, "/ipfs/" + CID_B, 1, eol, Duration.ofSeconds(1)).marshal()));

        IpnsContract.NameChanged change = changes.poll(15, TimeUnit.SECONDS);
        assertEquals(new IpnsContract.NameChanged(name, "/ipfs/" + CID_B, 1, IpnsRecord.unmarshal(await(client.getRecord(name))).validityText()),
                change);
        await(routing.put(name.routingKey(), IpnsRecord.create(foreign, "/ipfs/" + CID_B, 1, eol.plusSeconds(60), Duration.ofSeconds(1)).marshal()));
        assertEquals(null, changes.poll(2500, TimeUnit.MILLISECONDS), "a longer validity alone is no event");
        await(client.unfollow(name));
        await(routing.put(name.routingKey(), IpnsRecord.create(foreign, "/ipfs/" + CID_A, 2, eol, Duration.ofSeconds(1)).marshal()));
        assertEquals(null, changes.poll(3, TimeUnit.SECONDS), "a change after unfollowing is no event");
    }

    private static <T> T await(Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } catch (TimeoutException e) {
            throw new AssertionError("timed out", e);
        }
    }

    private static IpnsClientException failure(Future<?> future) {
        return assertThrows(IpnsClientException.class, () -> await(future));
    }
}
