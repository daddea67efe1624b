package io.strata.ipns.verticle;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.blockstore.verticle.LocalObjectCodec;
import io.strata.crypto.CryptoException;
import io.strata.crypto.KeyFormat;
import io.strata.crypto.Keystore;
import io.strata.crypto.Libp2pPrivateKey;
import io.strata.crypto.Libp2pPublicKey;
import io.strata.ipns.IpnsException;
import io.strata.ipns.IpnsName;
import io.strata.ipns.IpnsRecord;
import io.strata.ipns.IpnsValidator;
import io.strata.ipns.verticle.IpnsContract.KeyExportRequest;
import io.strata.ipns.verticle.IpnsContract.KeyGenRequest;
import io.strata.ipns.verticle.IpnsContract.KeyImportRequest;
import io.strata.ipns.verticle.IpnsContract.KeyInfo;
import io.strata.ipns.verticle.IpnsContract.KeyRenameRequest;
import io.strata.ipns.verticle.IpnsContract.KeyRenamed;
import io.strata.ipns.verticle.IpnsContract.NameChanged;
import io.strata.ipns.verticle.IpnsContract.PublishRequest;
import io.strata.ipns.verticle.IpnsContract.Published;
import io.strata.ipns.verticle.IpnsContract.PutRecordRequest;
import io.strata.ipns.verticle.IpnsContract.ResolveRequest;
import io.strata.ipns.verticle.IpnsContract.SignRequest;
import io.strata.ipns.verticle.IpnsContract.Signed;
import io.strata.ipns.verticle.IpnsContract.VerifyRequest;
import io.strata.ipns.verticle.IpnsContract.Verified;
import io.strata.multiformats.Cid;
import io.strata.multiformats.MultiformatException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * IPNS for one node: the keys (the node identity as "self" and a keystore in the repository), publishing signed
 * records to the local record store and, when the node has one, the DHT ({@link NameRouting}); resolving names
 * with a cache that honours each record's TTL; and republishing the node's own records every
 * {@link IpnsConfig#republishInterval()} so they never lapse; and watching followed names, announcing each change of
 * their value or sequence. Contract: {@link IpnsContract}.
 *
 * <p>File and key work runs in {@code executeBlocking}; the cache and timers belong to the event loop.
 */
public final class IpnsVerticle extends VerticleBase {

    /** A zero TTL would mean looking a followed name up without pause. */
    static final Duration MIN_FOLLOW_INTERVAL = Duration.ofSeconds(1);
    /** Records may carry TTLs far beyond what a timer holds; a daily look-up is plenty. */
    static final Duration MAX_FOLLOW_INTERVAL = Duration.ofDays(1);

    private final Libp2pPrivateKey identity;
    private final Path repository;
    private final NameRouting routing;
    private final Clock clock;
    private final IpnsConfig fixedConfig;
    private final SecureRandom random = new SecureRandom();
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();
    private final Map<IpnsName, Followed> followed = new HashMap<>();

    private IpnsConfig config;
    private Keystore keystore;
    private LocalRecordStore records;
    private ResolveCache cache;
    private long republishTimer = -1;
    private final IpnsMetrics metrics;

    /**
     * @param identity   the node's key, published under the name "self"
     * @param repository the repository directory; keys go to {@code keystore/}, records to {@code ipns/}
     * @param routing    the DHT, or null on a single node (then publishing needs allow-offline)
     * @param clock      the time records are signed and checked against
     * @param config     settings, or null to read them from the deployment config
     */
    public IpnsVerticle(Libp2pPrivateKey identity, Path repository, NameRouting routing, Clock clock, IpnsConfig config) {
        this(identity, repository, routing, clock, config, new SimpleMeterRegistry());
    }

    /** As above, counting publishes and resolves ({@link IpnsMetrics}) in {@code registry}. */
    public IpnsVerticle(Libp2pPrivateKey identity, Path repository, NameRouting routing, Clock clock, IpnsConfig config,
                        MeterRegistry registry) {
        this.metrics = new IpnsMetrics(registry);
        this.identity = identity;
        this.repository = repository;
        this.routing = routing;
        this.clock = clock;
        this.fixedConfig = config;
    }

    @Override
    public Future<?> start() {
        try {
            config = fixedConfig != null ? fixedConfig : IpnsConfig.from(config());
        } catch (RuntimeException e) {
            return Future.failedFuture(new IllegalArgumentException("invalid ipns config: " + e.getMessage(), e));
        }
        cache = new ResolveCache(config.cacheSize());
        LocalObjectCodec.registerOn(vertx);
        return vertx.executeBlocking(() -> {
            keystore = Keystore.open(repository.resolve("keystore"));
            records = new LocalRecordStore(repository.resolve("ipns"));
            return null;
        }).compose(ready -> {
            register(IpnsContract.KEY_GEN, this::generateKey);
            register(IpnsContract.KEY_LIST, ignored -> blocking(this::listKeys));
            register(IpnsContract.KEY_RM, this::removeKey);
            register(IpnsContract.KEY_RENAME, this::renameKey);
            register(IpnsContract.KEY_IMPORT, this::importKey);
            register(IpnsContract.KEY_EXPORT, this::exportKey);
            register(IpnsContract.KEY_SIGN, this::sign);
            register(IpnsContract.KEY_VERIFY, this::verify);
            register(IpnsContract.PUBLISH, (PublishRequest request) -> publish(request).onComplete(metrics::published));
            register(IpnsContract.RESOLVE, (ResolveRequest request) -> resolve(request.path(), request.recursive(),
                    request.noCache(), 0).onComplete(metrics::resolved));
            register(IpnsContract.GET_RECORD, (IpnsName name) -> bestRecord(name, false).map(IpnsRecord::marshal));
            register(IpnsContract.PUT_RECORD, this::putRecord);
            register(IpnsContract.FOLLOW, this::follow);
            register(IpnsContract.UNFOLLOW, this::unfollow);
            List<Future<Void>> registered = consumers.stream().map(MessageConsumer::completion).toList();
            return Future.all(registered);
        }).onSuccess(started -> republishTimer = vertx.setTimer(config.republishInitialDelay().toMillis(), first -> {
            republishAll();
            republishTimer = vertx.setPeriodic(config.republishInterval().toMillis(), tick -> republishAll());
        }));
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(republishTimer);
        followed.values().forEach(entry -> vertx.cancelTimer(entry.timer));
        followed.clear();
        return Future.all(consumers.stream().map(MessageConsumer::unregister).toList());
    }

    @SuppressWarnings("unchecked")
    private <T> void register(String address, Function<T, Future<?>> handler) {
        consumers.add(vertx.eventBus().<Object>localConsumer(address, message -> {
            Future<?> reply;
            try {
                reply = handler.apply((T) message.body());
            } catch (RuntimeException e) {
                reply = Future.failedFuture(e);
            }
            reply.onComplete(result -> {
                if (result.succeeded()) {
                    message.reply(result.result(), new DeliveryOptions().setCodecName(LocalObjectCodec.NAME));
                } else {
                    fail(message, result.cause());
                }
            });
        }));
    }

    private static void fail(Message<?> message, Throwable failure) {
        IpnsClientException error = toError(failure);
        message.fail(error.error().failureCode(), error.getMessage());
    }

    private static IpnsClientException toError(Throwable failure) {
        if (failure instanceof IpnsClientException client) {
            return client;
        }
        if (failure instanceof CryptoException crypto) {
            IpnsError error = switch (crypto.code()) {
                case NO_SUCH_KEY -> IpnsError.NO_SUCH_KEY;
                case KEY_EXISTS -> IpnsError.KEY_EXISTS;
                case INVALID_KEY_NAME, MALFORMED_KEY, UNSUPPORTED_KEY_TYPE -> IpnsError.INVALID_REQUEST;
                case KEY_FILE -> IpnsError.UNAVAILABLE;
            };
            return new IpnsClientException(error, crypto.getMessage(), crypto);
        }
        if (failure instanceof IpnsException ipns) {
            IpnsError error = switch (ipns.code()) {
                case INVALID_NAME, INVALID_VALUE -> IpnsError.INVALID_REQUEST;
                default -> IpnsError.INVALID_RECORD;
            };
            return new IpnsClientException(error, ipns.getMessage(), ipns);
        }
        if (failure instanceof IllegalArgumentException argument) {
            return new IpnsClientException(IpnsError.INVALID_REQUEST, argument.getMessage(), argument);
        }
        return new IpnsClientException(IpnsError.UNAVAILABLE, String.valueOf(failure.getMessage()), failure);
    }

    private <T> Future<T> blocking(Callable<T> work) {
        return vertx.executeBlocking(work, false);
    }


    private Libp2pPrivateKey privateKey(String name) {
        return Keystore.SELF.equals(name) ? identity : keystore.get(name);
    }

    private static KeyInfo info(String name, Libp2pPrivateKey key) {
        return new KeyInfo(name, key.publicKey().peerId());
    }

    private static void refuseSelf(String name, String action) {
        if (Keystore.SELF.equals(name)) {
            throw new IpnsClientException(IpnsError.INVALID_REQUEST, "cannot " + action + " key with name 'self'");
        }
    }

    private Future<KeyInfo> generateKey(KeyGenRequest request) {
        return blocking(() -> {
            refuseSelf(request.name(), "create");
            Keystore.validateName(request.name());
            if (keystore.has(request.name())) {
                throw new CryptoException(CryptoException.Code.KEY_EXISTS, "key with name '" + request.name() + "' already exists");
            }
            Libp2pPrivateKey key = Libp2pPrivateKey.generate(request.type(), request.rsaBits(), random);
            keystore.put(request.name(), key);
            return info(request.name(), key);
        });
    }

    private List<KeyInfo> listKeys() {
        List<KeyInfo> keys = new ArrayList<>();
        keys.add(info(Keystore.SELF, identity));
        for (String name : keystore.names()) {
            keys.add(info(name, keystore.get(name)));
        }
        return keys;
    }

    private Future<KeyInfo> removeKey(String name) {
        return blocking(() -> {
            refuseSelf(name, "remove");
            KeyInfo removed = info(name, keystore.get(name));
            keystore.delete(name);
            return removed;
        });
    }

    private Future<KeyRenamed> renameKey(KeyRenameRequest request) {
        return blocking(() -> {
            refuseSelf(request.from(), "rename");
            refuseSelf(request.to(), "overwrite");
            boolean overwritten = !request.from().equals(request.to()) && keystore.has(request.to());
            keystore.rename(request.from(), request.to(), request.force());
            return new KeyRenamed(request.from(), info(request.to(), keystore.get(request.to())), overwritten);
        });
    }

    private Future<KeyInfo> importKey(KeyImportRequest request) {
        return blocking(() -> {
            refuseSelf(request.name(), "import");
            Libp2pPrivateKey key = request.format().decode(request.key());
            if (key.publicKey().equals(identity.publicKey())) {
                throw new IpnsClientException(IpnsError.INVALID_REQUEST, "cannot import key with the same id as 'self'");
            }
            keystore.put(request.name(), key);
            return info(request.name(), key);
        });
    }

    private Future<byte[]> exportKey(KeyExportRequest request) {
        return blocking(() -> {
            if (Keystore.SELF.equals(request.name())) {
                throw new IpnsClientException(IpnsError.INVALID_REQUEST,
                        "the node identity 'self' is not exported over the API; copy identity.key from the repository instead");
            }
            KeyFormat format = request.format();
            return format.encode(keystore.get(request.name()));
        });
    }

    private static byte[] keySignaturePayload(byte[] data) {
        byte[] prefix = IpnsContract.KEY_SIGNATURE_PREFIX.getBytes(StandardCharsets.US_ASCII);
        byte[] payload = new byte[prefix.length + data.length];
        System.arraycopy(prefix, 0, payload, 0, prefix.length);
        System.arraycopy(data, 0, payload, prefix.length, data.length);
        return payload;
    }

    private Future<Signed> sign(SignRequest request) {
        return blocking(() -> {
            Libp2pPrivateKey key = privateKey(request.keyName());
            return new Signed(info(request.keyName(), key), key.sign(keySignaturePayload(request.data())));
        });
    }

    private Future<Verified> verify(VerifyRequest request) {
        return blocking(() -> {
            Libp2pPrivateKey key = privateKey(request.keyName());
            Libp2pPublicKey publicKey = key.publicKey();
            return new Verified(info(request.keyName(), key), publicKey.verify(keySignaturePayload(request.data()), request.signature()));
        });
    }


    private record Signer(String keyName, Libp2pPrivateKey key, IpnsName name, String value) {
    }

    private Future<Published> publish(PublishRequest request) {
        if (routing == null && !request.allowOffline()) {
            return Future.failedFuture(new IpnsClientException(IpnsError.OFFLINE,
                    "can't publish while offline: pass `--allow-offline` to override (this node has no DHT)"));
        }
        if (request.lifetime().isNegative() || request.lifetime().isZero()) {
            return Future.failedFuture(new IpnsClientException(IpnsError.INVALID_REQUEST, "the record lifetime must be positive"));
        }
        Duration ttl = request.ttl() != null ? request.ttl() : config.recordTtl();
        return blocking(() -> {
            Libp2pPrivateKey key = privateKey(request.keyName());
            return new Signer(request.keyName(), key, IpnsName.of(key.publicKey().peerId()), contentPath(request.value()));
        }).compose(signer -> (request.checkValue() && signer.value().startsWith(IpnsName.PATH_PREFIX)
                ? resolve(signer.value(), true, false, 1).map(signer) : Future.succeededFuture(signer)))
                .compose(signer -> signAndPut(signer, request.lifetime(), ttl, request.allowOffline()));
    }

    /** Signs the next record of the signer's name (sequence grows only when the value changes, as in Kubo) and stores it. */
    private Future<Published> signAndPut(Signer signer, Duration lifetime, Duration ttl, boolean allowOffline) {
        return previousRecord(signer.name()).compose(previous -> blocking(() -> {
            long sequence = previous.map(record -> record.value().equals(signer.value()) ? record.sequence() : record.sequence() + 1).orElse(0L);
            Instant now = clock.instant();
            IpnsRecord record = IpnsRecord.create(signer.key(), signer.value(), sequence, now.plus(lifetime), ttl);
            records.put(signer.name(), record.marshal());
            return record;
        })).compose(record -> {
            cache.put(signer.name(), record, clock.instant());
            recheckIfFollowed(signer.name());
            Published published = new Published(signer.name(), signer.value(), record.sequence());
            if (routing == null) {
                return Future.succeededFuture(published);
            }
            return routing.put(signer.name().routingKey(), record.marshal()).map(published).recover(failure -> allowOffline
                    ? Future.succeededFuture(published)
                    : Future.failedFuture(new IpnsClientException(IpnsError.UNAVAILABLE,
                            "the record is stored locally but publishing it to the DHT failed: " + failure.getMessage(), failure)));
        });
    }

    /** The newest record known for a name we sign for: our stored one (even expired) or the DHT's, whichever is better. */
    private Future<Optional<IpnsRecord>> previousRecord(IpnsName name) {
        Future<Optional<IpnsRecord>> stored = blocking(() -> records.get(name).flatMap(bytes -> parsed(bytes)));
        Future<Optional<IpnsRecord>> routed = routing == null ? Future.succeededFuture(Optional.empty())
                : routing.get(name.routingKey()).map(bytes -> valid(name, bytes, clock.instant())).otherwise(Optional.empty());
        return Future.all(stored, routed).map(both -> better(stored.result(), routed.result()));
    }

    private static Optional<IpnsRecord> parsed(byte[] bytes) {
        try {
            return Optional.of(IpnsRecord.unmarshal(bytes));
        } catch (IpnsException e) {
            return Optional.empty();
        }
    }

    private static Optional<IpnsRecord> valid(IpnsName name, byte[] bytes, Instant now) {
        try {
            return Optional.of(IpnsValidator.validate(name, bytes, now));
        } catch (IpnsException e) {
            return Optional.empty();
        }
    }

    private static Optional<IpnsRecord> better(Optional<IpnsRecord> first, Optional<IpnsRecord> second) {
        if (first.isEmpty()) {
            return second;
        }
        if (second.isEmpty()) {
            return first;
        }
        return IpnsValidator.isBetter(second.get(), first.get()) ? second : first;
    }

    /** A publishable value: a content path, or a bare CID read as {@code /ipfs/<cid>}. */
    static String contentPath(String value) {
        String path = value.strip();
        if (!path.startsWith("/")) {
            try {
                Cid.parse(path.contains("/") ? path.substring(0, path.indexOf('/')) : path);
                path = "/ipfs/" + path;
            } catch (MultiformatException e) {
                throw new IpnsClientException(IpnsError.INVALID_REQUEST, "invalid path \"" + value + "\": not a CID or a content path");
            }
        }
        String[] segments = path.split("/", 4);
        if (segments.length < 3 || segments[2].isEmpty()) {
            throw new IpnsClientException(IpnsError.INVALID_REQUEST, "invalid path \"" + value + "\": expected /ipfs/<cid> or /ipns/<name>");
        }
        switch (segments[1]) {
            case "ipfs" -> {
                try {
                    Cid.parse(segments[2]);
                } catch (MultiformatException e) {
                    throw new IpnsClientException(IpnsError.INVALID_REQUEST, "invalid path \"" + value + "\": " + e.getMessage());
                }
            }
            case "ipns" -> IpnsName.parse(segments[2]);
            default -> throw new IpnsClientException(IpnsError.INVALID_REQUEST,
                    "invalid path \"" + value + "\": unknown namespace \"" + segments[1] + "\"");
        }
        return path;
    }


    private Future<String> resolve(String path, boolean recursive, boolean noCache, int depth) {
        String trimmed = path.startsWith(IpnsName.PATH_PREFIX) ? path.substring(IpnsName.PATH_PREFIX.length()) : path;
        int slash = trimmed.indexOf('/');
        String nameText = slash < 0 ? trimmed : trimmed.substring(0, slash);
        String rest = slash < 0 ? "" : trimmed.substring(slash);
        IpnsName name;
        try {
            name = nameText.equals(Keystore.SELF) ? IpnsName.of(identity.publicKey().peerId()) : IpnsName.parse(nameText);
        } catch (IpnsException e) {
            return Future.failedFuture(new IpnsClientException(IpnsError.INVALID_REQUEST, e.getMessage(), e));
        }
        return bestRecord(name, noCache).compose(record -> {
            String value = record.value() + rest;
            if (!recursive || !value.startsWith(IpnsName.PATH_PREFIX)) {
                return Future.succeededFuture(value);
            }
            if (depth + 1 >= config.maxResolveDepth()) {
                return Future.failedFuture(new IpnsClientException(IpnsError.DEPTH_EXCEEDED,
                        "could not resolve name (recursion limit of " + config.maxResolveDepth() + " exceeded)"));
            }
            return resolve(value, true, noCache, depth + 1);
        });
    }

    /** The best valid record of a name: from the cache, else from our store and the DHT, which is then cached. */
    private Future<IpnsRecord> bestRecord(IpnsName name, boolean noCache) {
        Instant now = clock.instant();
        if (!noCache) {
            Optional<IpnsRecord> cached = cache.get(name, now);
            if (cached.isPresent()) {
                return Future.succeededFuture(cached.get());
            }
        }
        Future<Optional<IpnsRecord>> stored = blocking(() -> records.get(name).flatMap(bytes -> valid(name, bytes, now)));
        Future<Optional<IpnsRecord>> routed = routing == null ? Future.succeededFuture(Optional.empty())
                : routing.get(name.routingKey()).map(bytes -> valid(name, bytes, clock.instant())).otherwise(Optional.empty());
        return Future.all(stored, routed).compose(both -> {
            Optional<IpnsRecord> best = better(stored.result(), routed.result());
            if (best.isEmpty()) {
                return Future.failedFuture(new IpnsClientException(IpnsError.NOT_FOUND,
                        "could not resolve name: no valid record for " + name.path()));
            }
            cache.put(name, best.get(), clock.instant());
            return Future.succeededFuture(best.get());
        });
    }

    /** A record from outside (routing PUT): kept and passed to the DHT if valid and not worse than the one held. */
    private Future<Void> putRecord(PutRecordRequest request) {
        IpnsName name = request.name();
        return blocking(() -> {
            Instant now = clock.instant();
            IpnsRecord record = IpnsValidator.validate(name, request.record(), now);
            Optional<IpnsRecord> held = records.get(name).flatMap(bytes -> valid(name, bytes, now));
            if (held.isPresent() && IpnsValidator.isBetter(held.get(), record)) {
                throw new IpnsClientException(IpnsError.INVALID_RECORD, "a better record of " + name + " is already held (sequence "
                        + Long.toUnsignedString(held.get().sequence()) + ", valid until " + held.get().validityText()
                        + "); refusing sequence " + Long.toUnsignedString(record.sequence()));
            }
            records.put(name, record.marshal());
            return record;
        }).compose(record -> {
            cache.put(name, record, clock.instant());
            recheckIfFollowed(name);
            if (routing == null) {
                return Future.succeededFuture();
            }
            return routing.put(name.routingKey(), record.marshal()).<Void>mapEmpty().otherwiseEmpty();
        });
    }


    /** A followed name: how many followers it has, the record last seen (null before the first or when none was found). */
    private static final class Followed {
        int followers = 1;
        IpnsRecord last;
        long timer = -1;
    }

    private Future<Void> follow(IpnsName name) {
        Followed entry = followed.get(name);
        if (entry != null) {
            entry.followers++;
            return Future.succeededFuture();
        }
        Followed added = new Followed();
        followed.put(name, added);
        return recheck(name, added, false).otherwiseEmpty();
    }

    private Future<Void> unfollow(IpnsName name) {
        Followed entry = followed.get(name);
        if (entry != null && --entry.followers == 0) {
            vertx.cancelTimer(entry.timer);
            followed.remove(name);
        }
        return Future.succeededFuture();
    }

    private void recheckIfFollowed(IpnsName name) {
        Followed entry = followed.get(name);
        if (entry != null) {
            recheck(name, entry, true);
        }
    }

    /**
     * Looks the name up past the cache, announces a new value or sequence when {@code announce}, and schedules the next
     * look-up for when the record's TTL has passed. A result worse than the record already seen (a slower, older look-up
     * or a stale DHT copy) is ignored.
     */
    private Future<Void> recheck(IpnsName name, Followed entry, boolean announce) {
        return bestRecord(name, true).map(Optional::of)
                .recover(failure -> failure instanceof IpnsClientException client && client.error() == IpnsError.NOT_FOUND
                        ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(failure))
                .onComplete(result -> {
                    if (followed.get(name) != entry) {
                        return;
                    }
                    Optional<IpnsRecord> found = result.succeeded() ? result.result() : Optional.empty();
                    found.filter(record -> entry.last == null || !IpnsValidator.isBetter(entry.last, record)).ifPresent(record -> {
                        boolean changed = entry.last == null || !entry.last.value().equals(record.value())
                                || entry.last.sequence() != record.sequence();
                        entry.last = record;
                        if (announce && changed) {
                            vertx.eventBus().publish(IpnsContract.changesAddress(name),
                                    new NameChanged(name, record.value(), record.sequence(), record.validityText()),
                                    new DeliveryOptions().setCodecName(LocalObjectCodec.NAME));
                        }
                    });
                    vertx.cancelTimer(entry.timer);
                    entry.timer = vertx.setTimer(followInterval(entry.last).toMillis(), tick -> recheck(name, entry, true));
                }).mapEmpty();
    }

    /** The record's TTL, at least {@link #MIN_FOLLOW_INTERVAL}, at most {@link #MAX_FOLLOW_INTERVAL}; the default TTL without one. */
    private Duration followInterval(IpnsRecord last) {
        Duration ttl = last == null ? config.recordTtl() : last.ttl();
        if (ttl.compareTo(MIN_FOLLOW_INTERVAL) < 0) {
            return MIN_FOLLOW_INTERVAL;
        }
        return ttl.compareTo(MAX_FOLLOW_INTERVAL) > 0 ? MAX_FOLLOW_INTERVAL : ttl;
    }


    /** Re-signs every stored record of a key this node holds with a fresh validity; failures wait for the next round. */
    private void republishAll() {
        blocking(() -> {
            List<Signer> signers = new ArrayList<>();
            List<IpnsName> stored = records.names();
            List<String> keyNames = new ArrayList<>();
            keyNames.add(Keystore.SELF);
            keyNames.addAll(keystore.names());
            for (String keyName : keyNames) {
                Libp2pPrivateKey key = privateKey(keyName);
                IpnsName name = IpnsName.of(key.publicKey().peerId());
                if (stored.contains(name)) {
                    records.get(name).flatMap(IpnsVerticle::parsed)
                            .ifPresent(record -> signers.add(new Signer(keyName, key, name, record.value())));
                }
            }
            return signers;
        }).onSuccess(signers -> {
            for (Signer signer : signers) {
                blocking(() -> records.get(signer.name()).flatMap(IpnsVerticle::parsed).map(IpnsRecord::ttl).orElse(config.recordTtl()))
                        .compose(ttl -> signAndPut(signer, config.recordLifetime(), ttl, true));
            }
        });
    }
}
