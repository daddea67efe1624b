package io.strata.bitswap.verticle;

import io.micrometer.core.instrument.MeterRegistry;
import io.strata.bitswap.BitswapClient;
import io.strata.bitswap.BitswapException;
import io.strata.bitswap.BitswapMessage;
import io.strata.bitswap.BitswapMessageCodec;
import io.strata.bitswap.BitswapNetwork;
import io.strata.bitswap.BitswapServer;
import io.strata.bitswap.PeerLedger;
import io.strata.bitswap.Wantlist;
import io.strata.bitswap.verticle.BitswapContract.BitswapStat;
import io.strata.bitswap.verticle.BitswapContract.LedgerReceipt;
import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.blockstore.verticle.BlockStoreClientException;
import io.strata.blockstore.verticle.BlockStoreContract;
import io.strata.blockstore.verticle.BlockStoreError;
import io.strata.blockstore.verticle.LocalObjectCodec;
import io.strata.cluster.ClusterContract;
import io.strata.cluster.PeerInfo;
import io.strata.ipld.Block;
import io.strata.ipld.BlockSink;
import io.strata.multiformats.Cid;
import io.strata.multiformats.PeerId;
import io.strata.proto.bitswap.BitswapProtos;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.buffer.BufferInternal;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Bitswap between the cluster's nodes: serves this node's blocks to peers that want them and fetches missing
 * blocks for local callers ({@link BitswapContract}, {@link BitswapExchange}). A thin shell around the engines
 * of {@code io.strata.bitswap}: one {@link BitswapServer} keeps every peer's wantlist, ledger and task queue;
 * fetches run in {@link BitswapClient} sessions that ask the cluster members and the providers the routing
 * names.
 *
 * <p>Everything runs on this verticle's event loop except decoding (which hashes every block) and the block
 * store's reads and writes. The server's lookups are synchronous, so the blocks a message asks for are loaded
 * from the store first and handed to the server for that one call. Messages from one peer are handled in the
 * order they arrived.
 *
 * <p>Metrics (Prometheus names, no CID or peer labels): {@code strata_bitswap_blocks_received_total},
 * {@code strata_bitswap_data_received_bytes_total}, {@code strata_bitswap_blocks_sent_total},
 * {@code strata_bitswap_data_sent_bytes_total}, {@code strata_bitswap_blocks_duplicate_total},
 * {@code strata_bitswap_data_duplicate_bytes_total}, {@code strata_bitswap_messages_received_total},
 * {@code strata_bitswap_messages_refused_total} (reason too_large|malformed),
 * {@code strata_bitswap_blocks_rejected_total} (reason too_large|mismatch), gauges
 * {@code strata_bitswap_wantlist_entries}, {@code strata_bitswap_active_sessions} and
 * {@code strata_bitswap_provide_buffer_blocks}.
 */
public final class BitswapVerticle extends VerticleBase {

    private static final System.Logger LOG = System.getLogger(BitswapVerticle.class.getName());
    /** CIDs remembered as recently stored or given up, so a late copy counts as a duplicate, not an attack. */
    private static final int RECENT_CIDS = 65_536;
    private static final int SESSION_PRIORITY = 1;
    /**
     * The importer's default chunk with its CID and protobuf framing: how many wants fill one answer is reckoned
     * in blocks of this size, so that sixteen 256 KiB blocks, one more than a 4 MiB message holds, are not cut
     * into a full message and one of a single block.
     */
    private static final int TYPICAL_ANSWERED_BLOCK_BYTES = 256 * 1024 + 64;
    private static final Duration LOCAL_TIMEOUT = Duration.ofSeconds(10);

    private final PeerId self;
    private final BitswapConfig config;
    private final ProviderRouting routing;
    private final BitswapMetrics metrics;

    private final PendingFetches<Promise<byte[]>> pending = new PendingFetches<>();
    private final List<Session> sessions = new ArrayList<>();
    private final Set<Cid> storing = new HashSet<>();
    /** Received blocks waiting for the store write in flight to finish. */
    private final List<Block> unwritten = new ArrayList<>();
    private boolean writing;
    private long writeStarted;
    private final Set<Cid> recent = java.util.Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Cid, Boolean> eldest) {
            return size() > RECENT_CIDS;
        }
    });
    private final Map<PeerId, Future<Void>> inbound = new HashMap<>();
    private final Set<PeerId> members = new LinkedHashSet<>();
    private final Set<PeerId> partners = new LinkedHashSet<>();
    private final Deque<Cid> provideBuffer = new ArrayDeque<>();
    private final PrefetchedBlocks prefetched;
    private final DeliveryOptions localOptions = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME)
            .setSendTimeout(LOCAL_TIMEOUT.toMillis());

    private Context context;
    private BlockStoreClient blocks;
    private BitswapServer server;
    private DeliveryOptions peerOptions;
    /** What the server may read during one synchronous call; empty between calls. */
    private Map<Cid, byte[]> serverView = Map.of();
    private Session current;
    private int providesInFlight;
    private long tickTimer = -1;

    /**
     * @param self this node's peer id: its messages are received on {@code strata.bitswap.<self>}
     * @param routing where providers are found and this node's new blocks announced (the node passes its DHT)
     * @param registry where the {@code strata_bitswap_*} meters go
     */
    public BitswapVerticle(PeerId self, BitswapConfig config, ProviderRouting routing, MeterRegistry registry) {
        this.self = self;
        this.config = config;
        this.routing = routing;
        this.metrics = new BitswapMetrics(registry);
        this.prefetched = new PrefetchedBlocks(config.prefetchCacheBytes());
    }

    @Override
    public Future<?> start() {
        context = vertx.getOrCreateContext();
        LocalObjectCodec.registerOn(vertx);
        BitswapWireCodec.registerOn(vertx);
        blocks = new BlockStoreClient(vertx);
        peerOptions = new DeliveryOptions().setCodecName(BitswapWireCodec.NAME)
                .addHeader(BitswapContract.FROM_HEADER, self.toBase58());
        server = new BitswapServer(cid -> Optional.ofNullable(serverView.get(cid)), this::sendServerMessage,
                new BitswapServer.Config(config.maxMessageBytes(), 1024, config.maxMessageBytes(),
                        config.targetMessageBytes()), this::targetMessageBytes);
        metrics.registerGauges(() -> pending.size(), sessions::size, provideBuffer::size);

        MessageConsumer<Buffer> network = vertx.eventBus().consumer(BitswapContract.peerAddress(self), this::onPeerMessage);
        local(BitswapContract.FETCH, this::onFetch);
        local(BitswapContract.WANT, this::onWant);
        local(BitswapContract.STAT, message -> message.reply(stat(), localOptions));
        local(BitswapContract.WANTLIST, this::onWantlist);
        local(BitswapContract.LEDGER, this::onLedger);
        vertx.eventBus().<List<Cid>>localConsumer(BlockStoreContract.BLOCKS_ADDED, message -> onBlocksAdded(message.body()));
        vertx.eventBus().<PeerInfo>localConsumer(ClusterContract.JOINED, message -> memberJoined(message.body().peerId()));
        vertx.eventBus().<PeerInfo>localConsumer(ClusterContract.LEFT, message -> memberLeft(message.body().peerId()));
        vertx.eventBus().<PeerId>localConsumer(BitswapContract.PEER_DISCONNECTED, message -> memberLeft(message.body()));
        tickTimer = vertx.setPeriodic(config.tickMillis(), id -> tick());
        return network.completion().onSuccess(registered -> refreshMembers().onSuccess(this::greet));
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(tickTimer);
        BitswapExchangeException stopping = new BitswapExchangeException(BitswapError.UNAVAILABLE, "Bitswap is stopping");
        for (Cid cid : pending.cids()) {
            pending.complete(cid).forEach(waiter -> waiter.tryFail(stopping));
        }
        sessions.forEach(session -> session.client.close());
        sessions.clear();
        return Future.succeededFuture();
    }

    private void local(String address, Consumer<Message<Object>> handler) {
        vertx.eventBus().localConsumer(address, handler::accept);
    }

    // ---- the node-addressed transport -------------------------------------------------------------------

    private void onPeerMessage(Message<Buffer> message) {
        PeerId from;
        try {
            from = PeerId.parse(message.headers().get(BitswapContract.FROM_HEADER));
        } catch (RuntimeException e) {
            metrics.messageRefused("malformed");
            LOG.log(System.Logger.Level.DEBUG, "Bitswap message without a valid " + BitswapContract.FROM_HEADER + " header");
            return;
        }
        Buffer body = message.body();
        if (body == null) {
            metrics.messageRefused("malformed");
            return;
        }
        if (body.length() > BitswapMessage.MAX_MESSAGE_BYTES) {
            metrics.messageRefused("too_large");
            LOG.log(System.Logger.Level.WARNING, "refused a Bitswap message of {0} bytes from {1}; the limit is {2}",
                    body.length(), from, BitswapMessage.MAX_MESSAGE_BYTES);
            return;
        }
        metrics.messageReceived();
        // Decoded in place: the body is this message's own slice of the frame the event bus read, never reused.
        ByteBuffer bytes = ((BufferInternal) body).getByteBuf().nioBuffer();
        Future<BitswapMessage> decoded = vertx.executeBlocking(() -> BitswapMessageCodec.decode(bytes), false);
        Future<Void> previous = inbound.getOrDefault(from, Future.succeededFuture());
        Future<Void> handled = previous.transform(ignored -> decoded.transform(result -> {
            if (result.failed()) {
                refuse(from, result.cause());
                return Future.succeededFuture();
            }
            return handle(from, result.result());
        }));
        inbound.put(from, handled);
        handled.onComplete(done -> inbound.remove(from, handled));
    }

    private void refuse(PeerId from, Throwable failure) {
        if (failure instanceof BitswapException e && e.code() == BitswapException.Code.BLOCK_TOO_LARGE) {
            metrics.blockRejected("too_large");
        } else if (failure instanceof BitswapException e && e.code() == BitswapException.Code.MESSAGE_TOO_LARGE) {
            metrics.messageRefused("too_large");
        } else {
            metrics.messageRefused("malformed");
        }
        LOG.log(System.Logger.Level.WARNING, "refused a Bitswap message from " + from + ": " + failure.getMessage());
    }

    private Future<Void> handle(PeerId from, BitswapMessage message) {
        partners.add(from);
        if (isGreeting(message)) {
            sessions.forEach(session -> session.client.resendWantlist(from));
        }
        receiveBlocksAndPresences(from, message);
        List<BitswapMessage> parts = splitWantlist(from, message);
        List<Future<Map<Cid, byte[]>>> reads = parts.stream().map(part -> load(part.wantlist().stream()
                .filter(entry -> !entry.cancel()).map(BitswapMessage.Entry::cid).distinct().toList())).toList();
        Future<Void> answered = Future.succeededFuture();
        for (int i = 0; i < parts.size(); i++) {
            BitswapMessage part = parts.get(i);
            Future<Map<Cid, byte[]>> read = reads.get(i);
            answered = answered.compose(previous -> read.map(loaded -> {
                withServerView(loaded, () -> {
                    server.receive(from, part);
                    server.serve();
                });
                return null;
            }));
        }
        return answered;
    }

    /**
     * Cuts a long wantlist into parts answered one after another, so the first blocks leave while later ones
     * are still being read, instead of after every read of a deep wantlist. Entries keep their order; only
     * the first part carries the full-wantlist flag, the blocks and the presences (the ledger counts each
     * part as a message).
     */
    private List<BitswapMessage> splitWantlist(PeerId from, BitswapMessage message) {
        List<BitswapMessage.Entry> entries = message.wantlist();
        int wantsPerPart = Math.max(1, targetMessageBytes(from) / TYPICAL_ANSWERED_BLOCK_BYTES);
        if (entries.size() <= wantsPerPart) {
            return List.of(message);
        }
        List<BitswapMessage> parts = new ArrayList<>();
        parts.add(new BitswapMessage(entries.subList(0, wantsPerPart), message.fullWantlist(), message.blocks(),
                message.presences(), message.pendingBytes()));
        for (int start = wantsPerPart; start < entries.size(); start += wantsPerPart) {
            parts.add(BitswapMessage.wants(entries.subList(start, Math.min(entries.size(), start + wantsPerPart)), false));
        }
        return parts;
    }

    /** Cluster members get the cluster's message size; every other peer is reached over libp2p. */
    private int targetMessageBytes(PeerId peer) {
        return members.contains(peer) ? config.targetMessageBytes() : config.libp2pTargetMessageBytes();
    }

    private void sendServerMessage(PeerId peer, BitswapMessage message) {
        for (Block block : message.blocks()) {
            metrics.blockSent(block.data().length);
        }
        transmit(peer, message);
    }

    /** Wants go out through here: the server's ledger counts every message exchanged, not only its answers. */
    private final BitswapNetwork clientNetwork = (peer, message) -> {
        server.ledger().sent(peer, message);
        transmit(peer, message);
    };

    private void transmit(PeerId peer, BitswapMessage message) {
        if (peer.equals(self)) {
            return;
        }
        BitswapProtos.Message proto;
        try {
            proto = BitswapMessageCodec.toProto(message);
        } catch (BitswapException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot send a Bitswap message to " + peer + ": " + e.getMessage());
            return;
        }
        partners.add(peer);
        metrics.messageSent();
        vertx.eventBus().send(BitswapContract.peerAddress(peer), proto, peerOptions);
    }

    // ---- serving -------------------------------------------------------------------------------------------

    /** Reads the blocks the server is about to be asked about; a missing block is simply absent from the map. */
    private Future<Map<Cid, byte[]>> load(List<Cid> cids) {
        if (cids.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        List<Future<byte[]>> reads = cids.stream()
                .map(cid -> blocks.get(cid).otherwise(failure -> null))
                .toList();
        return Future.join(reads).transform(done -> {
            Map<Cid, byte[]> loaded = new HashMap<>();
            for (int i = 0; i < cids.size(); i++) {
                byte[] data = reads.get(i).result();
                if (data != null) {
                    loaded.put(cids.get(i), data);
                }
            }
            return Future.succeededFuture(loaded);
        });
    }

    private void withServerView(Map<Cid, byte[]> loaded, Runnable call) {
        serverView = loaded;
        try {
            call.run();
        } finally {
            serverView = Map.of();
        }
    }

    private void onBlocksAdded(List<Cid> added) {
        for (Cid cid : added) {
            if (pending.contains(cid) && !storing.contains(cid)) {
                arrivedLocally(cid);
            }
        }
        List<Cid> wanted = added.stream().filter(server::isWanted).toList();
        if (!wanted.isEmpty()) {
            load(wanted).onSuccess(loaded -> withServerView(loaded, () -> {
                server.blocksAdded(wanted);
                server.serve();
            }));
        }
    }

    /** A block someone is fetching was stored by other means (a local add): answer from the store, stop wanting it. */
    private void arrivedLocally(Cid cid) {
        cancelWants(List.of(cid));
        blocks.get(cid).onComplete(read -> {
            List<Promise<byte[]>> waiters = pending.complete(cid);
            if (read.succeeded()) {
                waiters.forEach(waiter -> waiter.tryComplete(read.result()));
            } else {
                waiters.forEach(waiter -> waiter.tryFail(unavailable(cid, read.cause())));
            }
        });
    }

    // ---- fetching ------------------------------------------------------------------------------------------

    private void onFetch(Message<Object> message) {
        if (!(message.body() instanceof Cid cid)) {
            invalid(message, "a Cid");
            return;
        }
        byte[] ready = prefetched.take(cid);
        if (ready != null) {
            message.reply(ready, localOptions);
            return;
        }
        readOrFetch(cid, true).onComplete(fetched -> {
            if (fetched.succeeded()) {
                message.reply(fetched.result(), localOptions);
            } else {
                fail(message, fetched.cause());
            }
        });
    }

    /**
     * The block from the store, else from the network. A block that arrived while the store was being read
     * (prefetched, or stored since) is taken from there instead of being wanted again.
     */
    private Future<byte[]> readOrFetch(Cid cid, boolean mayReread) {
        return blocks.get(cid).recover(failure -> {
            if (!isNotFound(failure)) {
                return Future.failedFuture(unavailable(cid, failure));
            }
            byte[] arrived = prefetched.take(cid);
            if (arrived != null) {
                return Future.succeededFuture(arrived);
            }
            if (mayReread && recent.contains(cid) && !storing.contains(cid)) {
                return readOrFetch(cid, false);
            }
            Promise<byte[]> promise = Promise.promise();
            pending.await(cid, promise, now() + config.retrievalTimeoutMillis());
            startWants(List.of(cid));
            return promise.future();
        });
    }

    private void onWant(Message<Object> message) {
        if (!(message.body() instanceof List<?> list) || !list.stream().allMatch(Cid.class::isInstance)) {
            invalid(message, "a List<Cid>");
            return;
        }
        message.reply(null, localOptions);
        long deadline = now() + config.retrievalTimeoutMillis();
        List<Cid> fresh = new ArrayList<>();
        for (Object element : list) {
            Cid cid = (Cid) element;
            if (pending.hint(cid, deadline)) {
                fresh.add(cid);
            }
        }
        List<Future<Boolean>> checks = fresh.stream().map(cid -> blocks.has(cid).otherwise(false)).toList();
        Future.join(checks).onComplete(done -> {
            List<Cid> missing = new ArrayList<>();
            for (int i = 0; i < fresh.size(); i++) {
                Cid cid = fresh.get(i);
                if (Boolean.TRUE.equals(checks.get(i).result())) {
                    if (pending.contains(cid) && !storing.contains(cid)) {
                        arrivedLocally(cid);
                    }
                } else {
                    missing.add(cid);
                }
            }
            startWants(missing);
        });
    }

    /** Wants the CIDs not already wanted: in the current session, or a new one when that one cannot take them. */
    private void startWants(Collection<Cid> cids) {
        List<Cid> fresh = cids.stream()
                .filter(cid -> pending.contains(cid) && !storing.contains(cid) && sessionWanting(cid) == null)
                .distinct().toList();
        if (fresh.isEmpty()) {
            return;
        }
        boolean newSession = current == null || fresh.stream().anyMatch(current.client::hasReceived);
        if (newSession) {
            current = new Session();
            sessions.add(current);
        }
        current.client.want(fresh, now());
        if (newSession) {
            discoverProviders(current, fresh.get(0));
        }
    }

    private Session sessionWanting(Cid cid) {
        for (Session session : sessions) {
            if (session.client.isPending(cid)) {
                return session;
            }
        }
        return null;
    }

    /** Offers the session every cluster member at once, then whoever the routing names as a provider. */
    private void discoverProviders(Session session, Cid sample) {
        session.lastDiscovery = now();
        List.copyOf(members).forEach(peer -> addProvider(session, peer));
        refreshMembers();
        routing.findProviders(sample, config.providersPerLookup()).onComplete(found -> context.runOnContext(ignored -> {
            if (found.succeeded()) {
                found.result().forEach(peer -> addProvider(session, peer));
            } else {
                LOG.log(System.Logger.Level.DEBUG, "provider lookup for " + sample + " failed: " + found.cause().getMessage());
            }
        }));
    }

    private void addProvider(Session session, PeerId peer) {
        if (!peer.equals(self) && sessions.contains(session)) {
            session.client.addProvider(peer, now());
        }
    }

    /**
     * Tells the members that this node's Bitswap has just started, with an empty full wantlist, once its endpoint
     * is registered: a member that wanted blocks of this peer id sent them to the previous incarnation, or to
     * nobody while this one was starting (the cluster announces a member before its verticles are up), and sends
     * them again on the greeting.
     */
    private void greet(List<PeerInfo> members) {
        for (PeerInfo member : members) {
            if (!member.peerId().equals(self)) {
                clientNetwork.send(member.peerId(), BitswapMessage.wants(List.of(), true));
            }
        }
    }

    /** An empty full wantlist and nothing else: the sender's Bitswap has just started (see greet). */
    private static boolean isGreeting(BitswapMessage message) {
        return message.fullWantlist() && message.wantlist().isEmpty() && message.blocks().isEmpty()
                && message.presences().isEmpty();
    }

    /** Asks the cluster for its members and takes in those not known yet; answers the whole list. */
    private Future<List<PeerInfo>> refreshMembers() {
        return vertx.eventBus().<List<PeerInfo>>request(ClusterContract.PEERS, null, localOptions).map(reply -> {
            for (PeerInfo member : reply.body()) {
                memberJoined(member.peerId());
            }
            return reply.body();
        });
    }

    /**
     * A member that (re)joined: a new incarnation of a peer that left knows none of the wants sent to the old
     * one, nor those sent while it was away, so each session sends it its whole wantlist again.
     */
    private void memberJoined(PeerId peer) {
        if (!peer.equals(self) && members.add(peer)) {
            sessions.forEach(session -> {
                addProvider(session, peer);
                session.client.resendWantlist(peer);
            });
        }
    }

    private void memberLeft(PeerId peer) {
        members.remove(peer);
        partners.remove(peer);
        server.peerDisconnected(peer);
    }

    /**
     * Hands each block to the session that wants it. A block nobody wants and nobody recently stored did not
     * hash to any CID asked for: it is rejected, and every session drops its sender.
     */
    private void receiveBlocksAndPresences(PeerId from, BitswapMessage message) {
        if (message.blocks().isEmpty() && message.presences().isEmpty()) {
            return;
        }
        Map<Session, List<Block>> routed = new HashMap<>();
        List<Block> rejected = new ArrayList<>();
        for (Block block : message.blocks()) {
            Session owner = sessionWanting(block.cid());
            if (owner != null) {
                routed.computeIfAbsent(owner, s -> new ArrayList<>()).add(block);
            } else if (storing.contains(block.cid()) || recent.contains(block.cid())) {
                metrics.duplicateReceived(block.data().length);
            } else {
                rejected.add(block);
                metrics.blockRejected("mismatch");
            }
        }
        if (!rejected.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "{0} sent {1} block(s) whose bytes match no wanted CID; dropped it from the sessions",
                    from, rejected.size());
        }
        long now = now();
        for (Session session : List.copyOf(sessions)) {
            List<Block> own = new ArrayList<>(routed.getOrDefault(session, List.of()));
            own.addAll(rejected);
            if (!own.isEmpty() || !message.presences().isEmpty()) {
                session.client.receiveDecoded(from, new BitswapMessage(List.of(), false, own, message.presences(), 0), now);
            }
        }
        retireCompleteSessions();
    }

    /** A session's newly received blocks go to the store; only once they are written are their callers answered. */
    private void store(List<Block> batch) {
        batch.forEach(block -> storing.add(block.cid()));
        unwritten.addAll(batch);
        writeUnwritten();
    }

    /**
     * One write at a time, each taking every block that arrived during the one before: the store syncs to disk
     * once per write, so a fast transfer pays for a few large writes rather than one per message.
     */
    private void writeUnwritten() {
        if (writing || unwritten.isEmpty()) {
            return;
        }
        List<Block> batch = List.copyOf(unwritten);
        unwritten.clear();
        writing = true;
        writeStarted = now();
        blocks.putAll(batch).onComplete(stored -> {
            writing = false;
            for (Block block : batch) {
                storing.remove(block.cid());
                recent.add(block.cid());
                List<Promise<byte[]>> waiters = pending.complete(block.cid());
                if (stored.succeeded()) {
                    metrics.blockReceived(block.data().length);
                    waiters.forEach(waiter -> waiter.tryComplete(block.data()));
                    if (waiters.isEmpty()) {
                        prefetched.put(block.cid(), block.data());
                    }
                    provideBuffer.add(block.cid());
                } else {
                    waiters.forEach(waiter -> waiter.tryFail(unavailable(block.cid(), stored.cause())));
                }
            }
            if (stored.failed()) {
                LOG.log(System.Logger.Level.ERROR, "could not store " + batch.size() + " fetched block(s): "
                        + stored.cause().getMessage());
            }
            pumpProvides();
            writeUnwritten();
        });
    }

    private void pumpProvides() {
        while (providesInFlight < config.provideConcurrency() && !provideBuffer.isEmpty()) {
            Cid cid = provideBuffer.poll();
            providesInFlight++;
            routing.provide(cid).onComplete(done -> context.runOnContext(ignored -> {
                providesInFlight--;
                if (done.failed()) {
                    LOG.log(System.Logger.Level.DEBUG, "providing " + cid + " failed: " + done.cause().getMessage());
                }
                pumpProvides();
            }));
        }
    }

    private void tick() {
        long now = now();
        Map<Session, List<Cid>> abandoned = new HashMap<>();
        for (PendingFetches.Expired<Promise<byte[]>> expired : pending.expire(now)) {
            BitswapExchangeException notFound = new BitswapExchangeException(BitswapError.NOT_FOUND,
                    "no peer delivered " + expired.cid() + " within " + config.retrievalTimeoutMillis() + " ms");
            expired.waiters().forEach(waiter -> waiter.tryFail(notFound));
            LOG.log(System.Logger.Level.WARNING, () -> "retrieval of " + expired.cid() + " timed out: " + stateOf(expired.cid(), now));
            if (expired.abandoned()) {
                recent.add(expired.cid());
                Session owner = sessionWanting(expired.cid());
                if (owner != null) {
                    abandoned.computeIfAbsent(owner, s -> new ArrayList<>()).add(expired.cid());
                }
            }
        }
        abandoned.forEach((session, cids) -> session.client.cancel(cids, now));
        for (Session session : List.copyOf(sessions)) {
            session.client.tick(now);
            Set<Cid> stalled = session.client.stalledCids();
            if (!stalled.isEmpty() && now - session.lastDiscovery >= config.routingRetryMillis()) {
                session.client.retryStalled(now);
                discoverProviders(session, stalled.iterator().next());
            }
        }
        retireCompleteSessions();
    }

    /** What a timed-out fetch was waiting for: its want in a session, the block store write, or nothing at all. */
    private String stateOf(Cid cid, long now) {
        Session owner = sessionWanting(cid);
        String want = owner == null ? "wanted by no session" : owner.client.view(cid).map(view -> view.waitingForSlot()
                ? "waiting for a slot behind " + view.pending() + " active and " + view.waiting() + " waiting wants"
                : "want-block with " + view.blockPeer() + " (deadline in " + (view.deadline() - now) + " ms), asked "
                        + view.asked() + ", HAVE from " + view.haves() + ", failed by " + view.failed() + ", of "
                        + view.providers() + " providers; " + view.pending() + " active wants, " + view.waiting() + " waiting")
                .orElse("not pending in its session");
        return want + "; storing " + storing.contains(cid) + "; "
                + (writing ? "a block write in progress for " + (now - writeStarted) + " ms" : "no block write in progress")
                + ", " + unwritten.size() + " blocks queued to write; " + sessions.size() + " sessions, " + members.size() + " members";
    }

    private void cancelWants(List<Cid> cids) {
        long now = now();
        for (Session session : sessions) {
            List<Cid> own = cids.stream().filter(session.client::isPending).toList();
            if (!own.isEmpty()) {
                session.client.cancel(own, now);
            }
        }
        retireCompleteSessions();
    }

    private void retireCompleteSessions() {
        sessions.removeIf(session -> {
            if (session.client.isComplete() && session.arrived.isEmpty()) {
                session.client.close();
                return true;
            }
            return false;
        });
        if (current != null && !sessions.contains(current)) {
            current = null;
        }
    }

    // ---- stat, wantlist, ledger -------------------------------------------------------------------------------

    private BitswapStat stat() {
        BitswapMetrics.Totals totals = metrics.totals();
        return new BitswapStat(totals.blocksReceived(), totals.blocksSent(), totals.dataReceived(), totals.dataSent(),
                totals.duplicateBlocks(), totals.duplicateData(), totals.messagesReceived(), List.copyOf(partners),
                provideBuffer.size(), ownWantlist());
    }

    private List<Cid> ownWantlist() {
        Set<Cid> wanted = new LinkedHashSet<>();
        sessions.forEach(session -> wanted.addAll(session.client.pendingCids()));
        return List.copyOf(wanted);
    }

    private void onWantlist(Message<Object> message) {
        if (message.body() == null) {
            message.reply(ownWantlist(), localOptions);
        } else if (message.body() instanceof PeerId peer) {
            message.reply(server.wantlistOf(peer).stream().map(Wantlist.Want::cid).toList(), localOptions);
        } else {
            invalid(message, "a PeerId or null");
        }
    }

    private void onLedger(Message<Object> message) {
        if (!(message.body() instanceof PeerId peer)) {
            invalid(message, "a PeerId");
            return;
        }
        PeerLedger.Account account = server.ledger().account(peer);
        message.reply(new LedgerReceipt(peer, account.bytesSent() / (account.bytesReceived() + 1.0),
                account.bytesSent(), account.bytesReceived(), account.messagesSent() + account.messagesReceived()),
                localOptions);
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static boolean isNotFound(Throwable failure) {
        return failure instanceof BlockStoreClientException e && e.error() == BlockStoreError.NOT_FOUND;
    }

    private static BitswapExchangeException unavailable(Cid cid, Throwable cause) {
        return new BitswapExchangeException(BitswapError.UNAVAILABLE,
                "the local block store failed for " + cid + ": " + cause.getMessage(), cause);
    }

    private static void invalid(Message<Object> message, String expected) {
        Object body = message.body();
        message.fail(BitswapError.INVALID_REQUEST.failureCode(), message.address() + " expects " + expected + ", got "
                + (body == null ? "null" : body.getClass().getName()));
    }

    private static void fail(Message<Object> message, Throwable failure) {
        BitswapError error = failure instanceof BitswapExchangeException e ? e.error() : BitswapError.UNAVAILABLE;
        message.fail(error.failureCode(), String.valueOf(failure.getMessage()));
    }

    private static long now() {
        return System.nanoTime() / 1_000_000;
    }

    /** One fetch session: a {@link BitswapClient} whose received blocks are batched into the block store. */
    private final class Session {
        final List<Block> arrived = new ArrayList<>();
        final BitswapClient client;
        long lastDiscovery;

        Session() {
            client = new BitswapClient(clientNetwork, new BlockSink() {
                @Override
                public void put(Block block) {
                    arrived.add(block);
                }

                @Override
                public void flush() {
                    List<Block> batch = List.copyOf(arrived);
                    arrived.clear();
                    store(batch);
                }
            }, new BitswapClient.Config(config.providerTimeoutMillis(), SESSION_PRIORITY, false, config.maxActiveWants()));
        }
    }
}
