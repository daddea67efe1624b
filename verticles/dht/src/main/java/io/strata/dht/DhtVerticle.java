package io.strata.dht;

import com.google.protobuf.ByteString;
import io.micrometer.core.instrument.MeterRegistry;
import io.strata.blockstore.KeyPage;
import io.strata.blockstore.PinStatus;
import io.strata.blockstore.PinType;
import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.blockstore.verticle.BlockStoreContract;
import io.strata.blockstore.verticle.LocalObjectCodec;
import io.strata.cluster.ClusterContract;
import io.strata.cluster.PeerInfo;
import io.strata.dht.DhtContract.FindProvidersRequest;
import io.strata.dht.DhtContract.PutValueRequest;
import io.strata.dht.DhtMetrics.Kind;
import io.strata.dht.DhtMetrics.Outcome;
import io.strata.kademlia.IterativeLookup;
import io.strata.kademlia.KademliaConfig;
import io.strata.kademlia.KademliaException;
import io.strata.kademlia.KademliaKey;
import io.strata.kademlia.KademliaPeer;
import io.strata.kademlia.KademliaRequestHandler;
import io.strata.kademlia.KademliaRoutingTable;
import io.strata.kademlia.KademliaWire;
import io.strata.kademlia.ProviderLookup;
import io.strata.kademlia.ProviderStore;
import io.strata.kademlia.RecordValidator;
import io.strata.kademlia.ValueLookup;
import io.strata.kademlia.ValueRecord;
import io.strata.kademlia.ValueStore;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multiaddr;
import io.strata.multiformats.MultiformatException;
import io.strata.multiformats.PeerId;
import io.strata.proto.kademlia.KademliaProtos.Message;
import io.strata.proto.kademlia.KademliaProtos.Record;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A Kademlia DHT among the cluster's nodes: the thin shell around modules/kademlia. It answers
 * {@code /ipfs/kad/1.0.0} requests on its node-addressed endpoint, runs iterative lookups (alpha parallel
 * queries, k closest) for the node-local requests of {@link DhtContract}, keeps provider and value records,
 * and republishes what this node provides.
 *
 * <p>The routing table is seeded from membership ({@link ClusterContract}: the live peers at start, then
 * joined and left events) and learns every peer that answers a query or queries us; a peer that fails an
 * RPC is dropped from it until it is heard from again, or, for a live member, until the next sweep. All
 * state lives on the verticle's event loop.
 *
 * <p>Time: record expiry and republishing follow the injected clock; the verticle's timer ticks every
 * {@link DhtConfig#tickInterval()} and compares the clock with the republish and sweep intervals. One more
 * timer, on the wall clock, runs the first reprovide {@link DhtConfig#initialReprovideDelay()} after start.
 *
 * <p>Reproviding ({@link ReprovideStrategy}): under {@code all} the block store is walked a page of
 * {@link DhtConfig#reprovidePageSize()} CIDs at a time ({@code strata.blocks.keys}), each page provided with
 * at most {@link DhtConfig#provideConcurrency()} provides in flight before the next is read, so memory holds
 * one page, not the store.
 * Configuration: {@link DhtConfig} from the deployment config. Metrics: {@link DhtMetrics}.
 */
public final class DhtVerticle extends VerticleBase {

    private static final System.Logger LOG = System.getLogger(DhtVerticle.class.getName());
    private static final Duration MEMBERSHIP_TIMEOUT = Duration.ofSeconds(10);
    /** Recently announced CIDs remembered, so a block stored again is not announced again too soon. */
    private static final int RECENT_PROVIDES = 16_384;
    /** CIDs provided explicitly that are reprovided every sweep; beyond this the oldest are forgotten. */
    private static final int EXPLICIT_PROVIDES = 65_536;
    /**
     * How long a lookup that met the whole network stands in for the lookups after it. While it does, a new
     * peer elsewhere in a small network (one that joined another node only) is missed by announcements, as a
     * peer that joined just after a lookup would be; republishing reaches it.
     */
    private static final long WHOLE_NETWORK_FRESH_MILLIS = 10_000;

    private final NamespacedValidator validator;
    private final MeterRegistry registry;
    private final LongSupplier clock;

    private DhtConfig config;
    private KademliaConfig kademlia;
    private DhtMetrics metrics;
    private BlockStoreClient blocks;
    private PeerInfo selfInfo;
    private KademliaPeer self;
    private KademliaRoutingTable routingTable;
    private ProviderStore providerStore;
    private ValueStore valueStore;
    private KademliaRequestHandler requestHandler;
    private final Map<KademliaPeer, List<String>> addressBook = new HashMap<>();
    private final Map<PeerId, PeerInfo> members = new HashMap<>();
    /** The clock time of the last announcement of the most recently announced CIDs, oldest first. */
    private final Map<Cid, Long> recentlyProvided = boundedMap(RECENT_PROVIDES);
    /** CIDs asked for through {@link DhtContract#PROVIDE}, reprovided whatever the strategy. */
    private final Set<Cid> explicitlyProvided = Collections.newSetFromMap(boundedMap(EXPLICIT_PROVIDES));
    private final ArrayDeque<Cid> provideQueue = new ArrayDeque<>();
    /** Each queued or running provide, completed (never failed) when it is done. */
    private final Map<Cid, Promise<Void>> queued = new HashMap<>();
    /**
     * Every peer of a network smaller than k, as a lookup that met them all found it (nearest to nothing in
     * particular), or null: while fresh, and while the routing table holds the same number of peers, any
     * FIND_NODE lookup would end with exactly these peers, so provides to a small cluster skip it.
     */
    private List<KademliaPeer> wholeNetwork;
    private long wholeNetworkSeenAt;
    private int wholeNetworkTableSize;
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();
    private int activeProvides;
    private long lastReprovide;
    private long lastSweep;
    private long tickTimer = -1;
    private long initialReprovideTimer = -1;
    private boolean reproviding;
    private boolean draining;

    /**
     * @param validators record validators by key namespace ({@code "ipns"} for {@code /ipns/...} keys); a key
     *                   in no registered namespace is refused by GET_VALUE and PUT_VALUE
     * @param registry   where the {@code strata_dht_*} meters go
     * @param clock      milliseconds since the epoch; tests pass a controllable one
     */
    public DhtVerticle(Map<String, RecordValidator> validators, MeterRegistry registry, LongSupplier clock) {
        this.validator = new NamespacedValidator(validators);
        this.registry = registry;
        this.clock = clock;
    }

    /** A DHT on the system clock. */
    public DhtVerticle(Map<String, RecordValidator> validators, MeterRegistry registry) {
        this(validators, registry, System::currentTimeMillis);
    }

    @Override
    public Future<?> start() {
        try {
            config = DhtConfig.from(config());
        } catch (RuntimeException e) {
            return Future.failedFuture(new IllegalArgumentException("invalid dht config: " + e.getMessage(), e));
        }
        kademlia = config.kademlia();
        LocalObjectCodec.registerOn(vertx);
        metrics = new DhtMetrics(registry);
        blocks = new BlockStoreClient(vertx);
        DeliveryOptions local = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME)
                .setSendTimeout(MEMBERSHIP_TIMEOUT.toMillis());
        return vertx.eventBus().<PeerInfo>request(ClusterContract.SELF, null, local)
                .recover(failure -> Future.failedFuture(new IllegalStateException(
                        "the DHT needs the membership verticle (" + ClusterContract.SELF + "): " + failure.getMessage(),
                        failure)))
                .compose(reply -> {
                    initialise(reply.body());
                    return registerConsumers();
                })
                .compose(registered -> vertx.eventBus().<List<PeerInfo>>request(ClusterContract.PEERS, null, local))
                .map(reply -> {
                    reply.body().forEach(this::memberJoined);
                    long now = clock.getAsLong();
                    lastReprovide = now;
                    lastSweep = now;
                    tickTimer = vertx.setPeriodic(config.tickInterval().toMillis(), id -> tick());
                    initialReprovideTimer = vertx.setTimer(config.initialReprovideDelay().toMillis(), id -> {
                        if (!reproviding) {
                            lastReprovide = clock.getAsLong();
                            reprovide();
                        }
                    });
                    LOG.log(System.Logger.Level.INFO, "DHT of {0} started with {1} peers",
                            selfInfo.peerId().toBase58(), routingTable.size());
                    return null;
                });
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(tickTimer);
        vertx.cancelTimer(initialReprovideTimer);
        return Future.join(consumers.stream().map(MessageConsumer::unregister).toList());
    }

    private void initialise(PeerInfo info) {
        selfInfo = info;
        self = KademliaPeer.of(info.peerId().bytes());
        routingTable = new KademliaRoutingTable(self.key(), kademlia.bucketSize());
        providerStore = new ProviderStore(kademlia.providerRecordTtl());
        valueStore = new ValueStore(validator);
        requestHandler = new KademliaRequestHandler(routingTable, providerStore, valueStore, this::binaryAddresses);
    }

    private Future<Void> registerConsumers() {
        var bus = vertx.eventBus();
        MessageConsumer<Buffer> rpc = bus.consumer(DhtContract.peerAddress(selfInfo.peerId()), this::answerRpc);
        consumers.add(rpc);
        serve(DhtContract.PROVIDE, Cid.class, this::provideExplicitly);
        serve(DhtContract.FIND_PROVIDERS, FindProvidersRequest.class, this::findProviders);
        serve(DhtContract.FIND_PEER, PeerId.class, this::findPeer);
        serve(DhtContract.GET_VALUE, byte[].class, this::getValue);
        serve(DhtContract.PUT_VALUE, PutValueRequest.class, this::putValue);
        consumers.add(bus.localConsumer(DhtContract.STAT, message -> reply(message, Future.succeededFuture(stat()))));
        consumers.add(bus.<PeerInfo>localConsumer(ClusterContract.JOINED, message -> memberJoined(message.body())));
        consumers.add(bus.<PeerInfo>localConsumer(ClusterContract.LEFT, message -> memberLeft(message.body())));
        consumers.add(bus.<List<Cid>>localConsumer(BlockStoreContract.BLOCKS_ADDED, message -> blocksAdded(message.body())));
        return rpc.completion();
    }

    private <T> void serve(String address, Class<T> type, Function<T, Future<?>> operation) {
        consumers.add(vertx.eventBus().localConsumer(address, message -> {
            if (!type.isInstance(message.body())) {
                message.fail(DhtError.INVALID_REQUEST.failureCode(), address + " expects a " + type.getSimpleName()
                        + ", got " + (message.body() == null ? "null" : message.body().getClass().getSimpleName()));
                return;
            }
            reply(message, operation.apply(type.cast(message.body())));
        }));
    }

    // ---- node-local requests

    private Future<Void> provideExplicitly(Cid cid) {
        explicitlyProvided.add(cid);
        return announce(cid);
    }

    /** Records this node as a provider of {@code cid} and sends ADD_PROVIDER to the k closest peers. */
    private Future<Void> announce(Cid cid) {
        long now = clock.getAsLong();
        KademliaKey key = KademliaKey.ofMultihash(cid.multihash());
        providerStore.addProvider(key, self, now);
        recentlyProvided.remove(cid);
        recentlyProvided.put(cid, now);
        metrics.providerRecords(providerStore.size());
        ByteString wireKey = ByteString.copyFrom(cid.multihash().bytes());
        Message addProvider = Message.newBuilder().setType(Message.MessageType.ADD_PROVIDER).setKey(wireKey)
                .addProviderPeers(toWire(self)).build();
        return closestPeers(key, wireKey, Kind.PROVIDE).compose(closest -> {
            List<Future<Message>> sent = closest.stream().map(peer -> rpc(peer, addProvider)).toList();
            return Future.join(sent).otherwiseEmpty().map(all -> {
                long stored = sent.stream().filter(Future::succeeded).count();
                metrics.provided();
                metrics.outcome(Kind.PROVIDE, stored > 0 ? Outcome.FOUND : Outcome.NOT_FOUND);
                return null;
            });
        });
    }

    private Future<List<PeerInfo>> findProviders(FindProvidersRequest request) {
        long now = clock.getAsLong();
        KademliaKey key = KademliaKey.ofMultihash(request.cid().multihash());
        Set<KademliaPeer> found = new LinkedHashSet<>(providerStore.providers(key, now));
        found.remove(self);
        if (found.size() >= request.count()) {
            return Future.succeededFuture(peerInfos(found, request.count()));
        }
        // Other nodes may name this node as a provider; ask for one more so that it does not use up the count.
        ProviderLookup lookup = new ProviderLookup(self, key, seeds(key), kademlia, request.count() + 1);
        Message query = Message.newBuilder().setType(Message.MessageType.GET_PROVIDERS)
                .setKey(ByteString.copyFrom(request.cid().multihash().bytes())).build();
        return run(lookup, query, (peer, reply) -> lookup.onResponse(peer,
                KademliaWire.peers(reply.getCloserPeersList()), KademliaWire.peers(reply.getProviderPeersList())))
                .map(done -> {
                    found.addAll(done.providers());
                    found.remove(self);
                    metrics.lookup(Kind.FIND_PROVIDERS, found.isEmpty() ? Outcome.NOT_FOUND : Outcome.FOUND, done.hops());
                    return peerInfos(found, request.count());
                });
    }

    private Future<PeerInfo> findPeer(PeerId target) {
        if (target.equals(selfInfo.peerId())) {
            return Future.succeededFuture(selfInfo);
        }
        PeerInfo member = members.get(target);
        if (member != null) {
            metrics.outcome(Kind.FIND_PEER, Outcome.FOUND);
            return Future.succeededFuture(member);
        }
        KademliaPeer wanted = KademliaPeer.of(target.bytes());
        IterativeLookup lookup = new IterativeLookup(self, wanted.key(), seeds(wanted.key()), kademlia);
        Message query = Message.newBuilder().setType(Message.MessageType.FIND_NODE)
                .setKey(ByteString.copyFrom(target.bytes())).build();
        return run(lookup, query, (peer, reply) -> lookup.onResponse(peer, KademliaWire.peers(reply.getCloserPeersList())))
                .compose(done -> {
                    boolean reached = done.closestPeers().contains(wanted);
                    List<String> addresses = addressBook.get(wanted);
                    if (!reached && (addresses == null || addresses.isEmpty())) {
                        metrics.lookup(Kind.FIND_PEER, Outcome.NOT_FOUND, done.hops());
                        return Future.failedFuture(new DhtFailure(DhtError.NOT_FOUND, "routing: not found"));
                    }
                    metrics.lookup(Kind.FIND_PEER, Outcome.FOUND, done.hops());
                    return Future.succeededFuture(peerInfo(wanted));
                });
    }

    private Future<byte[]> getValue(byte[] key) {
        if (!validator.accepts(key)) {
            return Future.failedFuture(new DhtFailure(DhtError.INVALID_REQUEST, invalidKeyMessage(key)));
        }
        ValueLookup lookup = new ValueLookup(self, key, seeds(KademliaKey.ofKey(key)), kademlia, validator,
                config.getValueQuorum());
        Message query = Message.newBuilder().setType(Message.MessageType.GET_VALUE).setKey(ByteString.copyFrom(key)).build();
        ByteString wireKey = query.getKey();
        return run(lookup, query, (peer, reply) -> {
            byte[] value = reply.hasRecord() && reply.getRecord().getKey().equals(wireKey)
                    ? reply.getRecord().getValue().toByteArray() : null;
            lookup.onResponse(peer, KademliaWire.peers(reply.getCloserPeersList()), value);
        }).compose(done -> {
            List<byte[]> candidates = new ArrayList<>(2);
            done.bestValue().ifPresent(candidates::add);
            valueStore.get(key).map(ValueRecord::value).ifPresent(candidates::add);
            if (candidates.isEmpty()) {
                metrics.lookup(Kind.GET_VALUE, Outcome.NOT_FOUND, done.hops());
                return Future.failedFuture(new DhtFailure(DhtError.NOT_FOUND, "routing: not found"));
            }
            metrics.lookup(Kind.GET_VALUE, Outcome.FOUND, done.hops());
            return Future.succeededFuture(candidates.get(validator.select(key, candidates)));
        });
    }

    private Future<Integer> putValue(PutValueRequest request) {
        byte[] key = request.key();
        byte[] value = request.record();
        if (!validator.accepts(key)) {
            return Future.failedFuture(new DhtFailure(DhtError.INVALID_REQUEST, invalidKeyMessage(key)));
        }
        try {
            if (!valueStore.put(key, value, clock.getAsLong())) {
                return Future.failedFuture(new DhtFailure(DhtError.INVALID_RECORD,
                        "can't replace a newer value with an older value"));
            }
        } catch (KademliaException e) {
            return Future.failedFuture(new DhtFailure(DhtError.INVALID_RECORD, e.getMessage()));
        }
        ByteString wireKey = ByteString.copyFrom(key);
        Message put = Message.newBuilder().setType(Message.MessageType.PUT_VALUE).setKey(wireKey)
                .setRecord(Record.newBuilder().setKey(wireKey).setValue(ByteString.copyFrom(value))).build();
        return closestPeers(KademliaKey.ofKey(key), wireKey, Kind.PUT_VALUE).compose(closest -> {
            List<Future<Message>> sent = closest.stream().map(peer -> rpc(peer, put)).toList();
            return Future.join(sent).otherwiseEmpty().map(all -> {
                int stored = (int) sent.stream().filter(Future::succeeded).count();
                metrics.outcome(Kind.PUT_VALUE, stored > 0 ? Outcome.FOUND : Outcome.NOT_FOUND);
                return stored;
            });
        });
    }

    private DhtStat stat() {
        List<PeerId> peers = new ArrayList<>(routingTable.size());
        for (int i = 0; i < KademliaKey.BITS; i++) {
            routingTable.bucket(i).forEach(peer -> peers.add(PeerId.fromBytes(peer.id())));
        }
        return new DhtStat(selfInfo.peerId(), peers, providerStore.size(), valueStore.size(), recentlyProvided.size(),
                config.reprovideStrategy());
    }

    // ---- lookups

    /** FIND_NODE toward {@code key}: the k closest peers that answered. */
    private Future<List<KademliaPeer>> closestPeers(KademliaKey key, ByteString wireKey, Kind kind) {
        long now = clock.getAsLong();
        if (wholeNetwork != null && now - wholeNetworkSeenAt < WHOLE_NETWORK_FRESH_MILLIS
                && routingTable.size() == wholeNetworkTableSize) {
            return Future.succeededFuture(wholeNetwork);
        }
        int tableSize = routingTable.size();
        List<KademliaPeer> seeds = seeds(key);
        IterativeLookup lookup = new IterativeLookup(self, key, seeds, kademlia);
        Message query = Message.newBuilder().setType(Message.MessageType.FIND_NODE).setKey(wireKey).build();
        return run(lookup, query, (peer, reply) -> lookup.onResponse(peer, KademliaWire.peers(reply.getCloserPeersList())))
                .map(done -> {
                    metrics.lookup(Kind.FIND_NODE, done.closestPeers().isEmpty() ? Outcome.NOT_FOUND : Outcome.FOUND,
                            done.hops());
                    // Seeded with the whole routing table, a lookup that met every reachable peer met the network.
                    if (seeds.size() == tableSize && done.metEveryReachablePeer() && routingTable.size() == tableSize) {
                        wholeNetwork = List.copyOf(done.closestPeers());
                        wholeNetworkSeenAt = now;
                        wholeNetworkTableSize = tableSize;
                    }
                    return done.closestPeers();
                });
    }

    private List<KademliaPeer> seeds(KademliaKey key) {
        return routingTable.closest(key, kademlia.bucketSize());
    }

    /**
     * Drives a lookup state machine: sends the query to the peers it asks for, feeds each answer (or failure)
     * back, and completes once it is finished. Answers arriving after that are ignored.
     */
    private <L extends IterativeLookup> Future<L> run(L lookup, Message query, BiConsumer<KademliaPeer, Message> onAnswer) {
        Promise<L> done = Promise.promise();
        pump(lookup, query, onAnswer, done);
        return done.future();
    }

    private <L extends IterativeLookup> void pump(L lookup, Message query, BiConsumer<KademliaPeer, Message> onAnswer,
                                                  Promise<L> done) {
        if (done.future().isComplete()) {
            return;
        }
        List<KademliaPeer> batch = lookup.next();
        if (lookup.isFinished() || (batch.isEmpty() && lookup.inFlight() == 0)) {
            done.complete(lookup);
            return;
        }
        for (KademliaPeer peer : batch) {
            rpc(peer, query).onComplete(answer -> {
                if (done.future().isComplete()) {
                    return;
                }
                boolean answered = answer.succeeded();
                if (answered) {
                    try {
                        onAnswer.accept(peer, answer.result());
                    } catch (KademliaException malformed) {
                        answered = false;
                    }
                }
                if (!answered) {
                    lookup.onFailure(peer);
                }
                pump(lookup, query, onAnswer, done);
            });
        }
    }

    // ---- transport

    /** One request/reply with a peer; a failure or timeout drops the peer from the routing table. */
    private Future<Message> rpc(KademliaPeer peer, Message request) {
        PeerId peerId = PeerId.fromBytes(peer.id());
        DeliveryOptions options = new DeliveryOptions()
                .addHeader(DhtContract.FROM_HEADER, selfInfo.peerId().toBase58())
                .setSendTimeout(config.rpcTimeout().toMillis());
        return vertx.eventBus().<Buffer>request(DhtContract.peerAddress(peerId), Buffer.buffer(request.toByteArray()), options)
                .map(reply -> {
                    Buffer body = reply.body();
                    Message response = body == null || body.length() == 0
                            ? Message.newBuilder().setType(request.getType()).build()
                            : KademliaWire.parse(body.getBytes());
                    heardFrom(peer);
                    learnAddresses(response.getCloserPeersList());
                    learnAddresses(response.getProviderPeersList());
                    return response;
                })
                .onFailure(failure -> {
                    metrics.rpcFailure(request.getType().name());
                    if (routingTable.remove(peer)) {
                        metrics.routingTablePeers(routingTable.size());
                    }
                });
    }

    private void answerRpc(io.vertx.core.eventbus.Message<Buffer> message) {
        KademliaPeer requester;
        Message request;
        try {
            PeerId from = PeerId.parse(message.headers().get(DhtContract.FROM_HEADER));
            requester = KademliaPeer.of(from.bytes());
            request = KademliaWire.parse(message.body().getBytes());
        } catch (MultiformatException | KademliaException | NullPointerException e) {
            message.fail(DhtError.INVALID_REQUEST.failureCode(), "malformed DHT request: " + e.getMessage());
            return;
        }
        metrics.requestReceived(request.getType().name());
        try {
            if (request.getType() == Message.MessageType.ADD_PROVIDER) {
                learnAddresses(request.getProviderPeersList().stream()
                        .filter(wire -> wire.getId().equals(ByteString.copyFrom(requester.id()))).toList());
            }
            Optional<Message> response = requestHandler.handle(requester, request, clock.getAsLong());
            heardFrom(requester);
            metrics.providerRecords(providerStore.size());
            message.reply(response.map(reply -> Buffer.buffer(reply.toByteArray())).orElse(Buffer.buffer()));
        } catch (KademliaException e) {
            DhtError error = e.code() == KademliaException.Code.INVALID_RECORD ? DhtError.INVALID_RECORD
                    : DhtError.INVALID_REQUEST;
            message.fail(error.failureCode(), e.getMessage());
        }
    }

    private void heardFrom(KademliaPeer peer) {
        routingTable.seen(peer);
        metrics.routingTablePeers(routingTable.size());
    }

    private void learnAddresses(Collection<Message.Peer> wirePeers) {
        for (Message.Peer wire : wirePeers) {
            if (wire.getId().isEmpty() || wire.getAddrsCount() == 0) {
                continue;
            }
            KademliaPeer peer = KademliaPeer.of(wire.getId().toByteArray());
            if (peer.equals(self) || members.containsKey(PeerId.fromBytes(peer.id()))) {
                continue;
            }
            List<String> addresses = new ArrayList<>(wire.getAddrsCount());
            for (ByteString binary : wire.getAddrsList()) {
                try {
                    addresses.add(Multiaddr.fromBytes(binary.toByteArray()).toString());
                } catch (MultiformatException unreadable) {
                    // Addresses of protocols we do not speak are of no use to our callers.
                }
            }
            if (!addresses.isEmpty()) {
                addressBook.put(peer, List.copyOf(addresses));
            }
        }
    }

    private List<byte[]> binaryAddresses(KademliaPeer peer) {
        List<String> texts = peer.equals(self) ? selfInfo.addresses() : addressBook.getOrDefault(peer, List.of());
        List<byte[]> binary = new ArrayList<>(texts.size());
        for (String text : texts) {
            try {
                binary.add(Multiaddr.parse(text).bytes());
            } catch (MultiformatException unreadable) {
                // An address we cannot encode is left out rather than sent malformed.
            }
        }
        return binary;
    }

    private Message.Peer toWire(KademliaPeer peer) {
        Message.Peer.Builder wire = Message.Peer.newBuilder().setId(ByteString.copyFrom(peer.id()))
                .setConnection(Message.ConnectionType.CONNECTED);
        binaryAddresses(peer).forEach(address -> wire.addAddrs(ByteString.copyFrom(address)));
        return wire.build();
    }

    private PeerInfo peerInfo(KademliaPeer peer) {
        PeerId id = PeerId.fromBytes(peer.id());
        PeerInfo member = members.get(id);
        return member != null ? member : new PeerInfo(id, addressBook.getOrDefault(peer, List.of()), Map.of());
    }

    private List<PeerInfo> peerInfos(Collection<KademliaPeer> peers, int limit) {
        return peers.stream().limit(limit).map(this::peerInfo).toList();
    }

    // ---- membership, announcements, republishing

    private void memberJoined(PeerInfo member) {
        if (member.peerId().equals(selfInfo.peerId())) {
            return;
        }
        members.put(member.peerId(), member);
        wholeNetwork = null;
        KademliaPeer peer = KademliaPeer.of(member.peerId().bytes());
        addressBook.put(peer, member.addresses());
        heardFrom(peer);
    }

    private void memberLeft(PeerInfo member) {
        members.remove(member.peerId());
        wholeNetwork = null;
        KademliaPeer peer = KademliaPeer.of(member.peerId().bytes());
        addressBook.remove(peer);
        routingTable.remove(peer);
        metrics.routingTablePeers(routingTable.size());
    }

    /** Under strategy all, provides new blocks; a block announced less than half a republish interval ago is skipped. */
    private void blocksAdded(List<Cid> cids) {
        if (config.reprovideStrategy() == ReprovideStrategy.ALL) {
            provideAll(cids);
        }
    }

    /**
     * Queues a provide of every CID not announced in the last half republish interval; the future completes
     * once they are all done, successfully or not.
     */
    private Future<Void> provideAll(Collection<Cid> cids) {
        long now = clock.getAsLong();
        long fresh = config.republishInterval().toMillis() / 2;
        List<Future<Void>> provides = new ArrayList<>();
        for (Cid cid : cids) {
            Long last = recentlyProvided.get(cid);
            if (last == null || now - last >= fresh) {
                provides.add(enqueueProvide(cid));
            }
        }
        return Future.join(provides).mapEmpty();
    }

    private Future<Void> enqueueProvide(Cid cid) {
        Promise<Void> pending = queued.get(cid);
        if (pending == null) {
            pending = Promise.promise();
            queued.put(cid, pending);
            provideQueue.add(cid);
            drainProvides();
        }
        return pending.future();
    }

    /**
     * Runs queued provides, at most {@link DhtConfig#provideConcurrency()} at a time. Not reentered: a provide
     * that completes at once (no peers to ask) is followed by the loop, not by a deeper call.
     */
    private void drainProvides() {
        if (draining) {
            return;
        }
        draining = true;
        try {
            while (activeProvides < config.provideConcurrency() && !provideQueue.isEmpty()) {
                Cid cid = provideQueue.poll();
                activeProvides++;
                announce(cid).onComplete(done -> {
                    activeProvides--;
                    if (done.failed()) {
                        LOG.log(System.Logger.Level.DEBUG, "providing {0} failed: {1}", cid, done.cause().getMessage());
                    }
                    queued.remove(cid).complete();
                    drainProvides();
                });
            }
        } finally {
            draining = false;
        }
    }

    private void tick() {
        long now = clock.getAsLong();
        if (now - lastSweep >= config.sweepInterval().toMillis()) {
            lastSweep = now;
            providerStore.removeExpired(now);
            metrics.providerRecords(providerStore.size());
            // Members dropped after a failed RPC (a pause, a slow moment) get their place back.
            members.values().forEach(member -> heardFrom(KademliaPeer.of(member.peerId().bytes())));
        }
        if (!reproviding && now - lastReprovide >= config.republishInterval().toMillis()) {
            lastReprovide = now;
            reprovide();
        }
    }

    /** Announces again every CID of the strategy, then every CID provided explicitly. */
    private void reprovide() {
        reproviding = true;
        Future<Void> strategy = switch (config.reprovideStrategy()) {
            case ALL -> provideStore();
            case PINNED -> providePins(Set.of(PinType.RECURSIVE, PinType.DIRECT, PinType.INDIRECT));
            case ROOTS -> providePins(Set.of(PinType.RECURSIVE, PinType.DIRECT));
        };
        strategy.recover(failure -> {
                    LOG.log(System.Logger.Level.WARNING, "reprovide ({0}) incomplete: {1}",
                            config.reprovideStrategy().configName(), failure.getMessage());
                    return Future.succeededFuture();
                })
                .compose(done -> provideAll(List.copyOf(explicitlyProvided)))
                .onComplete(done -> reproviding = false);
    }

    private Future<Void> providePins(Set<PinType> types) {
        return blocks.pinLs(types).compose(pins -> provideAll(pins.stream().map(PinStatus::cid).toList()));
    }

    /** Kubo's strategy all: every block in the store, read a page at a time, each page provided before the next is read. */
    private Future<Void> provideStore() {
        Promise<Void> walked = Promise.promise();
        provideStoreAfter(null, walked);
        return walked.future();
    }

    private void provideStoreAfter(Cid after, Promise<Void> walked) {
        blocks.keys(after, config.reprovidePageSize()).onComplete(read -> {
            if (read.failed()) {
                walked.fail(read.cause());
                return;
            }
            KeyPage page = read.result();
            provideAll(page.cids()).onComplete(provided -> {
                if (page.more()) {
                    provideStoreAfter(page.last().orElseThrow(), walked);
                } else {
                    walked.complete();
                }
            });
        });
    }

    private static <K, V> Map<K, V> boundedMap(int capacity) {
        return new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    // ---- replies

    private void reply(io.vertx.core.eventbus.Message<?> message, Future<?> result) {
        DeliveryOptions options = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME);
        result.onSuccess(value -> message.reply(value, options)).onFailure(failure -> {
            if (failure instanceof DhtFailure known) {
                message.fail(known.error.failureCode(), known.getMessage());
            } else {
                LOG.log(System.Logger.Level.WARNING, "DHT request failed", failure);
                message.fail(DhtError.INTERNAL.failureCode(), String.valueOf(failure.getMessage()));
            }
        });
    }

    private static String invalidKeyMessage(byte[] key) {
        return NamespacedValidator.namespace(key)
                .map(namespace -> "invalid record keytype: no validator for namespace '" + namespace + "'")
                .orElse("invalid record key: it must look like /<namespace>/<key>");
    }

    /** A failure with a known {@link DhtError}, replied as is. */
    private static final class DhtFailure extends RuntimeException {
        private final DhtError error;

        DhtFailure(DhtError error, String message) {
            super(message, null, false, false);
            this.error = error;
        }
    }
}
