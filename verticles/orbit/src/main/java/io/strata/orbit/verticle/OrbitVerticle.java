package io.strata.orbit.verticle;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.crdt.CrdtException;
import io.strata.crdt.log.LogEntry;
import io.strata.crypto.Secp256k1PrivateKey;
import io.strata.ipld.Block;
import io.strata.multiformats.Cid;
import io.strata.multiformats.MultiformatException;
import io.strata.orbit.AccessControllerManifest;
import io.strata.orbit.DatabaseManifest;
import io.strata.orbit.Identity;
import io.strata.orbit.OrbitAddress;
import io.strata.orbit.OrbitDatabase;
import io.strata.orbit.OrbitException;
import io.strata.orbit.OrbitIdentity;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Hosts this node's replicas of OrbitDB-format databases and replicates them over the clustered event bus
 * ({@link OrbitContract}). Each replica announces its heads (with its writers' identity blocks) on its
 * database's topic after local writes, when a replica says hello, and every
 * {@link OrbitConfig#announceInterval()}; a replica receiving heads joins them, fetching missing entries from
 * the announcing node, then through the {@link BlockFetcher}, verifying every signature and the write list
 * before merging. Entries, identities, manifests and heads are persisted in RocksDB, so a restarted node
 * reopens its databases from disk and only fetches what it missed. The replicas are driven on one ordered
 * worker (the logs are single-threaded); blocks are served to peers from RocksDB on other threads.
 */
public final class OrbitVerticle extends VerticleBase {

    private static final System.Logger LOG = System.getLogger(OrbitVerticle.class.getName());
    private static final long ANNOUNCE_DELAY_MILLIS = 20;
    /**
     * A snapshot writes the whole index, so a large log waits for this fraction of its size in new entries
     * before the next: the snapshot work per entry stays bounded, and a crash replays at most that fraction.
     */
    private static final long SNAPSHOT_LOG_FRACTION = 4;

    private final OrbitConfig config;
    private final BlockFetcher fallbackFetcher;
    private final OrbitMetrics metrics;
    private final String nodeId = UUID.randomUUID().toString();
    private final Map<String, Replica> replicas = new ConcurrentHashMap<>();
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();
    private final List<PendingRequest> pendingRequests = new ArrayList<>();
    private boolean performing;

    private OrbitStorage storage;
    private WorkerExecutor worker;
    private OrbitIdentity self;
    private long announceTimer = -1;

    /** One open database and what replication keeps beside it. */
    private final class Replica {
        final OrbitDatabase database;
        final Map<String, Identity> identities = new ConcurrentHashMap<>();
        final List<MessageConsumer<?>> consumers = new ArrayList<>();
        boolean announcePending;
        /** Entries persisted since the last snapshot of the index (worker only). */
        long sinceSnapshot;
        /** How many journal entries reopening this database decoded and folded into its snapshot. */
        long replayedOnOpen;

        Replica(DatabaseManifest manifest, AccessControllerManifest access, String indexBy, List<String> indexedFields) {
            this.identities.put(self.hash(), self.identity());
            this.database = OrbitDatabase.open(manifest, access, self, this::resolve, indexBy, indexedFields);
        }

        String address() {
            return database.address().toString();
        }

        Optional<Identity> resolve(String hash) {
            Identity known = identities.get(hash);
            if (known != null) {
                return Optional.of(known);
            }
            Cid cid;
            try {
                cid = Cid.parse(hash);
            } catch (MultiformatException e) {
                return Optional.empty();
            }
            Optional<Identity> found = fetchBlock(cid, null).flatMap(bytes -> {
                try {
                    return Optional.of(Identity.decode(cid, bytes));
                } catch (OrbitException e) {
                    return Optional.empty();
                }
            });
            found.ifPresent(identity -> remember(identity));
            return found;
        }

        void remember(Identity identity) {
            if (identities.putIfAbsent(identity.hash(), identity) == null) {
                storage.putBlocks(List.of(identity.toBlock()));
            }
        }
    }

    public OrbitVerticle(OrbitConfig config, BlockFetcher fallbackFetcher) {
        this(config, fallbackFetcher, new SimpleMeterRegistry());
    }

    /** As above, with store operations, log sizes and replication lag ({@link OrbitMetrics}) in {@code registry}. */
    public OrbitVerticle(OrbitConfig config, BlockFetcher fallbackFetcher, MeterRegistry registry) {
        this.config = config;
        this.fallbackFetcher = fallbackFetcher;
        this.metrics = new OrbitMetrics(registry);
    }

    @Override
    public Future<?> start() {
        worker = vertx.createSharedWorkerExecutor("strata-orbit-" + deploymentID(), 1,
                TimeUnit.HOURS.toNanos(1));
        return worker.executeBlocking(() -> {
                    storage = OrbitStorage.open(config.directory(), config.syncWrites());
                    self = loadIdentity();
                    List<Replica> reopened = new ArrayList<>();
                    storage.databases().forEach((address, record) -> reopened.add(reopen(address, record)));
                    return reopened;
                }, true)
                .compose(reopened -> {
                    consumers.add(vertx.eventBus().<JsonObject>localConsumer(OrbitContract.REQUEST, this::handleRequest));
                    consumers.add(vertx.eventBus().<JsonObject>consumer(OrbitContract.BLOCKS + nodeId, this::serveBlock));
                    List<Future<Void>> registered = new ArrayList<>();
                    consumers.forEach(consumer -> registered.add(consumer.completion()));
                    reopened.forEach(replica -> registered.add(register(replica)));
                    return Future.all(registered);
                })
                .onSuccess(ready -> {
                    announceTimer = vertx.setPeriodic(config.announceInterval().toMillis(), id ->
                            replicas.values().forEach(this::announce));
                    LOG.log(System.Logger.Level.INFO, "orbit open at {0} as {1} with {2} databases",
                            config.directory(), self.id(), replicas.size());
                })
                .recover(failure -> stop().transform(stopped -> Future.failedFuture(failure)));
    }

    /** The worker executor is not closed here: Vert.x closes it with the deployment, after its last task. */
    @Override
    public Future<?> stop() {
        vertx.cancelTimer(announceTimer);
        List<Future<Void>> unregistered = new ArrayList<>();
        consumers.forEach(consumer -> unregistered.add(consumer.unregister()));
        replicas.values().forEach(replica -> replica.consumers.forEach(consumer -> unregistered.add(consumer.unregister())));
        return Future.join(unregistered).transform(done -> worker == null ? Future.succeededFuture()
                : worker.executeBlocking(() -> {
                    if (storage != null) {
                        replicas.values().forEach(this::snapshotIfBehind);
                        storage.close();
                    }
                    return null;
                }, true));
    }

    /** Snapshots a database whose journal is not empty, so reopening it replays nothing. Runs on the worker. */
    private void snapshotIfBehind(Replica replica) {
        if (replica.sinceSnapshot > 0) {
            storage.putSnapshot(replica.address(), replica.database.store().snapshot());
            replica.sinceSnapshot = 0;
        }
    }

    private OrbitIdentity loadIdentity() {
        Optional<List<byte[]>> keys = storage.identityKeys();
        if (keys.isPresent()) {
            return OrbitIdentity.of(Secp256k1PrivateKey.fromRaw(keys.get().get(0)),
                    Secp256k1PrivateKey.fromRaw(keys.get().get(1)));
        }
        SecureRandom random = new SecureRandom();
        Secp256k1PrivateKey owner = Secp256k1PrivateKey.generate(random);
        Secp256k1PrivateKey signing = Secp256k1PrivateKey.generate(random);
        storage.putIdentityKeys(owner.raw(), signing.raw());
        OrbitIdentity identity = OrbitIdentity.of(owner, signing);
        storage.putBlocks(List.of(identity.identity().toBlock()));
        return identity;
    }

    private Replica reopen(String address, OrbitStorage.DatabaseRecord record) {
        DatabaseManifest manifest = DatabaseManifest.decode(storage.block(record.manifest()).orElseThrow(() ->
                new IllegalStateException("the manifest of " + address + " is missing from " + config.directory())));
        Cid accessCid = AccessControllerManifest.cidOf(manifest.accessController());
        AccessControllerManifest access = AccessControllerManifest.decode(storage.block(accessCid).orElseThrow(() ->
                new IllegalStateException("the access controller of " + address + " is missing")));
        Replica replica = new Replica(manifest, access, record.indexBy(), record.indexedFields());
        List<LogEntry> heads = new ArrayList<>();
        for (Cid head : storage.heads(address)) {
            heads.add(persistedEntry(address, head));
        }
        List<LogEntry> journal = new ArrayList<>();
        for (Cid cid : storage.journal(address)) {
            journal.add(persistedEntry(address, cid));
        }
        replica.database.store().resume(heads, cid -> storage.entry(address, cid),
                storage.snapshot(address).orElse(null), journal);
        replica.replayedOnOpen = journal.size();
        replica.sinceSnapshot = journal.size();
        return replica;
    }

    private LogEntry persistedEntry(String address, Cid cid) {
        return LogEntry.decode(cid, storage.entry(address, cid).orElseThrow(() ->
                new IllegalStateException("entry " + cid + " of " + address + " is missing from " + config.directory())));
    }

    private Future<Void> register(Replica replica) {
        String address = replica.address();
        replicas.put(address, replica);
        replica.consumers.add(vertx.eventBus().<JsonObject>consumer(OrbitContract.HEADS + address,
                message -> receiveHeads(replica, message.body())));
        replica.consumers.add(vertx.eventBus().<JsonObject>consumer(OrbitContract.HELLO + address, message -> {
            if (!nodeId.equals(message.body().getString("from"))) {
                announce(replica);
            }
        }));
        replica.consumers.add(vertx.eventBus().<JsonObject>consumer(OrbitContract.DATABASE_BLOCKS + address,
                this::serveBlock));
        List<Future<Void>> registered = new ArrayList<>();
        replica.consumers.forEach(consumer -> registered.add(consumer.completion()));
        return Future.all(registered).onSuccess(done -> {
            vertx.eventBus().publish(OrbitContract.HELLO + address, new JsonObject().put("from", nodeId));
            announce(replica);
        }).mapEmpty();
    }

    // ---- replication ------------------------------------------------------------------------------------

    private void scheduleAnnounce(Replica replica) {
        if (!replica.announcePending) {
            replica.announcePending = true;
            vertx.setTimer(ANNOUNCE_DELAY_MILLIS, id -> {
                replica.announcePending = false;
                announce(replica);
            });
        }
    }

    private void announce(Replica replica) {
        onWorker(() -> {
            JsonArray heads = new JsonArray();
            replica.database.heads().forEach(head -> heads.add(base64(head.bytes())));
            JsonArray identities = new JsonArray();
            replica.identities.values().forEach(identity -> identities.add(base64(identity.toBlock().data())));
            return new JsonObject().put("from", nodeId).put("heads", heads).put("identities", identities);
        }).onSuccess(announcement -> {
            if (replicas.get(replica.address()) == replica) {
                vertx.eventBus().publish(OrbitContract.HEADS + replica.address(), announcement);
            }
        });
    }

    private void receiveHeads(Replica replica, JsonObject announcement) {
        String from = announcement.getString("from");
        if (from == null || nodeId.equals(from)) {
            return;
        }
        long received = System.nanoTime();
        onWorker(() -> {
            try {
                joinAnnounced(replica, from, announcement, received);
            } catch (IllegalArgumentException | ClassCastException e) {
                // CrdtException and OrbitException (refused, malformed or unfetchable entries) included
                LOG.log(System.Logger.Level.WARNING, "heads of " + replica.address() + " from " + from
                        + " not joined: " + e.getMessage());
            }
            return null;
        });
    }

    /** Joins one announcement of heads; runs on the worker. */
    private void joinAnnounced(Replica replica, String from, JsonObject announcement, long receivedNanos) {
        for (Object encoded : announcement.getJsonArray("identities", new JsonArray())) {
            replica.remember(Identity.decode(Base64.getDecoder().decode((String) encoded)));
        }
        List<LogEntry> heads = new ArrayList<>();
        for (Object encoded : announcement.getJsonArray("heads", new JsonArray())) {
            heads.add(LogEntry.decode(Base64.getDecoder().decode((String) encoded)));
        }
        boolean wasSynced = replica.database.synced();
        List<LogEntry> joined = replica.database.receive(from, heads, cid -> fetchBlock(cid, from));
        persist(replica, joined);
        if (!joined.isEmpty()) {
            metrics.replicated(System.nanoTime() - receivedNanos);
        }
        if (replica.database.synced() && (!joined.isEmpty() || !wasSynced)) {
            vertx.eventBus().publish(OrbitContract.SYNCED + replica.address(),
                    new JsonObject().put("address", replica.address()).put("synced", true));
        }
    }

    /** A block from RocksDB, else from the node that announced it, else through the fallback fetcher. */
    private Optional<byte[]> fetchBlock(Cid cid, String from) {
        Optional<byte[]> local = storage.block(cid);
        if (local.isPresent()) {
            return local;
        }
        if (from != null) {
            Optional<byte[]> remote = await(vertx.eventBus().<JsonObject>request(OrbitContract.BLOCKS + from,
                    new JsonObject().put("cid", cid.toString()),
                    new DeliveryOptions().setSendTimeout(config.fetchTimeout().toMillis()))
                    .map(reply -> Optional.of(Base64.getDecoder().decode(reply.body().getString("bytes")))));
            if (remote.isPresent()) {
                return remote;
            }
        }
        return await(fallbackFetcher.fetch(cid));
    }

    private Optional<byte[]> await(Future<Optional<byte[]>> future) {
        try {
            return future.toCompletionStage().toCompletableFuture()
                    .get(config.fetchTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private void serveBlock(Message<JsonObject> message) {
        vertx.executeBlocking(() -> storage.block(Cid.parse(message.body().getString("cid"))), false)
                .onComplete(result -> {
                    if (result.succeeded() && result.result().isPresent()) {
                        message.reply(new JsonObject().put("bytes", base64(result.result().get())));
                    } else {
                        message.fail(OrbitError.NOT_FOUND.failureCode(), "no block " + message.body().getString("cid"));
                    }
                });
    }

    /**
     * Persists entries new to a replica in one batch (with a snapshot of its index when
     * {@link OrbitConfig#snapshotEvery()} entries, or a quarter of the log, have accumulated since the last)
     * and tells local subscribers about them. Runs on the worker.
     */
    private void persist(Replica replica, List<LogEntry> added) {
        if (added.isEmpty()) {
            return;
        }
        metrics.appended(added.size());
        List<Block> blocks = new ArrayList<>(added.size());
        added.forEach(entry -> blocks.add(new Block(entry.cid(), entry.bytes())));
        replica.sinceSnapshot += added.size();
        long due = Math.max(config.snapshotEvery(), replica.database.store().log().size() / SNAPSHOT_LOG_FRACTION);
        byte[] snapshot = replica.sinceSnapshot >= due ? replica.database.store().snapshot() : null;
        storage.putEntries(replica.address(), blocks, replica.database.heads().stream().map(LogEntry::cid).toList(),
                replica.database.store().log().size(), snapshot);
        if (snapshot != null) {
            replica.sinceSnapshot = 0;
        }
        for (LogEntry entry : added) {
            vertx.eventBus().publish(OrbitContract.UPDATES + replica.address(),
                    StoreOperations.update(replica.database, entry));
        }
    }

    // ---- requests ---------------------------------------------------------------------------------------

    private void handleRequest(Message<JsonObject> message) {
        JsonObject body = message.body();
        String action = body.getString("action", "");
        Future<JsonObject> reply = switch (action) {
            case "identity" -> Future.succeededFuture(new JsonObject().put("id", self.id())
                    .put("publicKey", self.clockId()).put("hash", self.hash()));
            case "open" -> open(body);
            case "list" -> Future.succeededFuture(list());
            case "drop" -> drop(body);
            default -> {
                Promise<JsonObject> performed = Promise.promise();
                pendingRequests.add(new PendingRequest(body, performed));
                performPending();
                yield performed.future();
            }
        };
        reply.onComplete(result -> {
            if (result.succeeded()) {
                message.reply(result.result());
            } else {
                Throwable failure = result.cause();
                OrbitError error = failure instanceof OrbitRequestException request ? request.error()
                        : failure instanceof OrbitException orbit ? StoreOperations.errorOf(orbit)
                        : failure instanceof CrdtException crdt && crdt.code() == CrdtException.Code.ENTRY_REFUSED
                        ? OrbitError.FORBIDDEN
                        : failure instanceof IllegalArgumentException ? OrbitError.BAD_REQUEST : OrbitError.INTERNAL;
                message.fail(error.failureCode(), String.valueOf(failure.getMessage()));
            }
        });
    }

    /** A store action waiting for the worker, and where its reply goes. */
    private record PendingRequest(JsonObject body, Promise<JsonObject> reply) {
    }

    /** The outcome of one store action: its reply or its failure. */
    private record Outcome(JsonObject reply, Throwable failure) {
    }

    /**
     * Group commit: store actions that arrived while the worker was busy are performed together, in arrival
     * order, and each database's new entries are written in one batch (one fsync with
     * {@link OrbitConfig#syncWrites()}) before any of them is answered. Runs on the event loop.
     */
    private void performPending() {
        if (performing || pendingRequests.isEmpty()) {
            return;
        }
        performing = true;
        List<PendingRequest> batch = List.copyOf(pendingRequests);
        pendingRequests.clear();
        onWorker(() -> perform(batch)).onComplete(done -> {
            performing = false;
            for (int i = 0; i < batch.size(); i++) {
                Outcome outcome = done.succeeded() ? done.result().get(i) : new Outcome(null, done.cause());
                if (outcome.failure() == null) {
                    batch.get(i).reply().complete(outcome.reply());
                } else {
                    batch.get(i).reply().fail(outcome.failure());
                }
            }
            if (done.succeeded()) {
                batch.stream().map(request -> replicas.get(request.body().getString("address")))
                        .filter(Objects::nonNull).distinct().forEach(this::scheduleAnnounce);
            }
            performPending();
        });
    }

    /** Performs a batch of store actions and persists what they appended; runs on the worker. */
    private List<Outcome> perform(List<PendingRequest> batch) {
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        Map<Replica, List<LogEntry>> appended = new LinkedHashMap<>();
        for (PendingRequest request : batch) {
            try {
                Replica replica = replica(request.body());
                String action = request.body().getString("action", "");
                StoreOperations.Result result = StoreOperations.perform(replica.database, action, request.body());
                if ("status".equals(action)) {
                    result.reply().put("replayedOnOpen", replica.replayedOnOpen);
                }
                appended.computeIfAbsent(replica, key -> new ArrayList<>()).addAll(result.appended());
                metrics.operation(replica.database.manifest().type(), action);
                outcomes.add(new Outcome(result.reply(), null));
            } catch (RuntimeException e) {
                outcomes.add(new Outcome(null, e));
                metrics.failedOperation();
            }
        }
        appended.forEach(this::persist);
        return outcomes;
    }

    private Replica replica(JsonObject body) {
        String address = body.getString("address");
        Replica replica = address == null ? null : replicas.get(address);
        if (replica == null) {
            throw new OrbitRequestException(OrbitError.NOT_FOUND, "no open database " + address);
        }
        return replica;
    }

    private JsonObject list() {
        JsonArray databases = new JsonArray();
        replicas.values().forEach(replica -> databases.add(describe(replica)));
        return new JsonObject().put("databases", databases);
    }

    private static JsonObject describe(Replica replica) {
        DatabaseManifest manifest = replica.database.manifest();
        return new JsonObject().put("address", replica.address()).put("name", manifest.name())
                .put("type", manifest.type());
    }

    private Future<JsonObject> open(JsonObject body) {
        String indexBy = body.getString("indexBy", "_id");
        List<String> indexedFields = new ArrayList<>();
        body.getJsonArray("indexedFields", new JsonArray()).forEach(field -> indexedFields.add(String.valueOf(field)));
        return onWorker(() -> {
            DatabaseManifest manifest;
            AccessControllerManifest access;
            if (body.containsKey("address")) {
                Cid manifestCid = OrbitAddress.parse(body.getString("address")).manifest();
                manifest = DatabaseManifest.decode(fetchBlock(manifestCid, null).or(() -> fetchFromReplicas(
                        body.getString("address"), manifestCid)).orElseThrow(() -> new OrbitRequestException(
                        OrbitError.NOT_FOUND, "the manifest of " + body.getString("address") + " was not found")));
                Cid accessCid = AccessControllerManifest.cidOf(manifest.accessController());
                access = AccessControllerManifest.decode(fetchBlock(accessCid, null).or(() -> fetchFromReplicas(
                        body.getString("address"), accessCid)).orElseThrow(() -> new OrbitRequestException(
                        OrbitError.NOT_FOUND, "the access controller " + manifest.accessController() + " was not found")));
            } else {
                String name = body.getString("name");
                String type = body.getString("type");
                if (name == null || type == null) {
                    throw new OrbitRequestException(OrbitError.BAD_REQUEST, "open needs an address, or a name and a type");
                }
                JsonArray write = body.getJsonArray("write", new JsonArray().add(self.id()));
                List<String> writers = new ArrayList<>();
                write.forEach(id -> writers.add(String.valueOf(id)));
                access = AccessControllerManifest.writers(writers);
                manifest = new DatabaseManifest(name, type, access.address());
            }
            String address = manifest.address().toString();
            Replica existing = replicas.get(address);
            if (existing != null) {
                return existing;
            }
            Replica replica = new Replica(manifest, access, indexBy, indexedFields);
            storage.putBlocks(List.of(manifest.toBlock(), access.toBlock(), self.identity().toBlock()));
            storage.putDatabase(address, new OrbitStorage.DatabaseRecord(manifest.toBlock().cid(), indexBy,
                    indexedFields));
            return replica;
        }).compose(replica -> {
            Replica existing = replicas.get(replica.address());
            return existing != null ? Future.succeededFuture(describe(existing))
                    : register(replica).map(done -> describe(replica));
        });
    }

    private Optional<byte[]> fetchFromReplicas(String address, Cid cid) {
        return await(vertx.eventBus().<JsonObject>request(OrbitContract.DATABASE_BLOCKS + address,
                        new JsonObject().put("cid", cid.toString()),
                        new DeliveryOptions().setSendTimeout(config.fetchTimeout().toMillis()))
                .map(reply -> Optional.of(Base64.getDecoder().decode(reply.body().getString("bytes")))));
    }

    private Future<JsonObject> drop(JsonObject body) {
        Replica replica;
        try {
            replica = replica(body);
        } catch (OrbitRequestException e) {
            return Future.failedFuture(e);
        }
        replicas.remove(replica.address());
        List<Future<Void>> unregistered = new ArrayList<>();
        replica.consumers.forEach(consumer -> unregistered.add(consumer.unregister()));
        return Future.join(unregistered).compose(done -> onWorker(() -> {
            storage.dropDatabase(replica.address());
            return new JsonObject();
        }));
    }

    private <T> Future<T> onWorker(Callable<T> task) {
        return worker.executeBlocking(task, true);
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
