package io.strata.libp2p.verticle;

import io.strata.bitswap.verticle.BitswapContract;
import io.strata.blockstore.verticle.LocalObjectCodec;
import io.strata.crypto.NodeIdentity;
import io.strata.libp2p.X25519KeyPair;
import io.strata.multiformats.Multiaddr;
import io.strata.multiformats.PeerId;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The node's libp2p swarm on TCP: listens on the swarm port, dials {@code /ip4/.../tcp/.../p2p/...}
 * multiaddrs, upgrades every connection to Noise and Yamux ({@link Connection}) and serves Identify, Ping,
 * Bitswap and Kademlia on the streams peers open ({@link Libp2pContract} for the event-bus side). Bitswap and
 * Kademlia messages travel between libp2p peers and the node's Bitswap and DHT verticles through their
 * node-addressed endpoints, so those verticles serve and ask IPFS peers as they do cluster members.
 *
 * <p>Everything runs on this verticle's event loop; the Noise static key is generated with the verticle, the
 * identity (the node's Ed25519 key) signs it in every handshake.
 */
public final class Libp2pVerticle extends VerticleBase implements Connection.Host {

    private static final System.Logger LOG = System.getLogger(Libp2pVerticle.class.getName());

    private final NodeIdentity identity;
    private final Libp2pConfig config;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, StreamProtocol> protocols = new LinkedHashMap<>();
    private final Set<Connection> connections = new LinkedHashSet<>();
    private final Map<PeerId, Connection> byPeer = new HashMap<>();
    private final Set<PeerId> connectedPeers = ConcurrentHashMap.newKeySet();
    private final DeliveryOptions localCodec = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME);
    private Context context;
    private final X25519KeyPair staticKeys;
    private NetServer server;
    private NetClient client;
    private BitswapProtocol bitswap;
    private KademliaProtocol kademlia;
    private volatile int boundPort = -1;
    private final Map<PeerId, Multiaddr> bootstrapPeers = new LinkedHashMap<>();
    private final Map<PeerId, Integer> bootstrapFailures = new HashMap<>();
    /** Bootstrap peers with a dial in flight or a redial timer set, so a peer never has two of either. */
    private final Set<PeerId> bootstrapPending = new HashSet<>();
    private final Set<Long> bootstrapTimers = new HashSet<>();
    private boolean stopping;

    public Libp2pVerticle(NodeIdentity identity, Libp2pConfig config) {
        this.identity = identity;
        this.config = config;
        // Here rather than in start(): the first X25519 key computes Bouncy Castle's curve tables, which can
        // take seconds on a loaded machine and must not stall an event loop.
        this.staticKeys = X25519KeyPair.generate(random);
    }

    @Override
    public Future<?> start() {
        context = vertx.getOrCreateContext();
        LocalObjectCodec.registerOn(vertx);
        bitswap = new BitswapProtocol(vertx, identity.peerId(), byPeer::get);
        register(new IdentifyProtocol(identity.publicKey(), this::listenAddresses, () -> List.copyOf(protocols.keySet())));
        register(new PingProtocol());
        register(bitswap);
        kademlia = new KademliaProtocol(vertx, identity.peerId(), byPeer::get);
        register(kademlia);
        client = vertx.createNetClient(new NetClientOptions().setConnectTimeout((int) config.handshakeTimeoutMillis()).setTcpNoDelay(true));
        server = vertx.createNetServer(new NetServerOptions().setHost(config.host()).setPort(config.port()).setTcpNoDelay(true))
                .connectHandler(this::accept);
        vertx.eventBus().<String>localConsumer(Libp2pContract.CONNECT, this::onConnect);
        vertx.eventBus().localConsumer(Libp2pContract.PEERS, message -> message.reply(peersJson()));
        vertx.eventBus().localConsumer(Libp2pContract.CONNECTIONS, message -> message.reply(connectionsJson()));
        vertx.eventBus().localConsumer(Libp2pContract.PROTOCOLS, message -> message.reply(new JsonArray(List.copyOf(protocols.keySet()))));
        vertx.eventBus().localConsumer(Libp2pContract.BOOTSTRAP, message -> message.reply(new JsonArray(
                config.bootstrap().stream().map(Multiaddr::toString).toList())));
        for (Multiaddr address : config.bootstrap()) {
            PeerId peer = Addresses.tcpTarget(address).peer();
            // Every node of a cluster may share one config that lists them all; none dials itself.
            if (!peer.equals(identity.peerId())) {
                bootstrapPeers.put(peer, address);
            }
        }
        vertx.eventBus().localConsumer(Libp2pContract.ADDRESSES, message -> message.reply(new JsonArray(
                listenAddresses().stream().map(address -> address + "/p2p/" + identity.peerId().toBase58()).toList())));
        return server.listen().map(bound -> {
            boundPort = bound.actualPort();
            LOG.log(System.Logger.Level.INFO, "libp2p swarm listening on " + config.host() + ":" + boundPort
                    + " as " + identity.peerId());
            bootstrapPeers.keySet().forEach(this::dialBootstrap);
            return bound;
        }).recover(failure -> Future.failedFuture(new IllegalStateException(
                "the libp2p swarm cannot listen on " + config.host() + ":" + config.port() + ": " + failure.getMessage(), failure)));
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        bootstrapTimers.forEach(vertx::cancelTimer);
        List.copyOf(connections).forEach(Connection::close);
        return server.close().compose(ignored -> client.close());
    }

    /** Dials a bootstrap peer; when that fails, dials again after the backoff its failures so far call for. */
    private void dialBootstrap(PeerId peer) {
        if (stopping || !bootstrapPending.add(peer)) {
            return;
        }
        Multiaddr address = bootstrapPeers.get(peer);
        dialOnContext(address).onComplete(done -> {
            bootstrapPending.remove(peer);
            if (done.succeeded()) {
                bootstrapFailures.remove(peer);
                if (!byPeer.containsKey(peer)) {
                    // The connection closed while the dial was pending, so closed() left the redial to us.
                    redialBootstrapLater(peer, 0);
                }
                return;
            }
            int failures = bootstrapFailures.merge(peer, 1, Integer::sum);
            LOG.log(System.Logger.Level.DEBUG, "cannot reach bootstrap peer " + address + " (" + failures
                    + " failures in a row): " + done.cause().getMessage());
            redialBootstrapLater(peer, failures);
        });
    }

    private void redialBootstrapLater(PeerId peer, int failures) {
        if (stopping || !bootstrapPending.add(peer)) {
            return;
        }
        long[] timer = new long[1];
        timer[0] = vertx.setTimer(config.bootstrapBackoff().delayMillis(failures), fired -> {
            bootstrapTimers.remove(timer[0]);
            bootstrapPending.remove(peer);
            dialBootstrap(peer);
        });
        bootstrapTimers.add(timer[0]);
    }

    private void register(StreamProtocol protocol) {
        protocols.put(protocol.id(), protocol);
    }

    /** The TCP port the swarm listens on (the configured one, or the one picked for port 0). */
    public int port() {
        return boundPort;
    }

    public PeerId peerId() {
        return identity.peerId();
    }

    /** Peers with an upgraded connection right now; safe to read from any thread. */
    public Set<PeerId> connectedPeers() {
        return Set.copyOf(connectedPeers);
    }

    List<Multiaddr> listenAddresses() {
        return Addresses.listenAddresses(config.host(), boundPort);
    }

    /** Dials {@code address} unless the peer it names is connected already; completes once Yamux runs. */
    public Future<PeerId> dial(Multiaddr address) {
        return onContext(() -> dialOnContext(address));
    }

    private Future<PeerId> dialOnContext(Multiaddr address) {
        Addresses.TcpTarget target;
        try {
            target = Addresses.tcpTarget(address);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        Connection existing = byPeer.get(target.peer());
        if (existing != null && existing.isOpen()) {
            return Future.succeededFuture(target.peer());
        }
        return client.connect(target.port(), target.host()).compose(socket -> upgrade(socket, true, target.peer()))
                .map(Connection::remotePeer);
    }

    /** Opens a stream to a connected peer and negotiates {@code protocol} on it. */
    public Future<Libp2pStream> openStream(PeerId peer, String protocol) {
        return onContext(() -> {
            Connection connection = byPeer.get(peer);
            return connection == null
                    ? Future.failedFuture(new IllegalStateException("not connected to " + peer))
                    : connection.openStream(protocol);
        });
    }

    /** Runs {@code action} on this verticle's event loop, which owns every connection's state. */
    private <T> Future<T> onContext(Supplier<Future<T>> action) {
        Promise<T> promise = Promise.promise();
        context.runOnContext(ignored -> action.get().onComplete(promise));
        return promise.future();
    }

    private void accept(NetSocket socket) {
        if (connections.size() >= config.maxConnections()) {
            LOG.log(System.Logger.Level.WARNING, "refusing a libp2p connection from " + socket.remoteAddress()
                    + ": " + config.maxConnections() + " are open");
            socket.close();
            return;
        }
        upgrade(socket, false, null);
    }

    private Future<Connection> upgrade(NetSocket socket, boolean dialer, PeerId expected) {
        Connection connection = new Connection(socket, dialer, expected, identity.privateKey(), staticKeys, random, this);
        connections.add(connection);
        long timer = vertx.setTimer(config.handshakeTimeoutMillis(), id -> {
            if (connection.isOpen() && !connection.isUpgraded()) {
                LOG.log(System.Logger.Level.DEBUG, connection + " did not finish its upgrade in time");
                connection.close();
            }
        });
        return connection.start().onComplete(done -> vertx.cancelTimer(timer));
    }

    private void onConnect(Message<String> message) {
        Multiaddr address;
        try {
            address = Multiaddr.parse(message.body());
        } catch (RuntimeException e) {
            message.fail(Libp2pContract.FAILURE_CODE, "not a multiaddr: " + message.body());
            return;
        }
        dial(address).onComplete(done -> {
            if (done.succeeded()) {
                message.reply(done.result().toBase58());
            } else {
                message.fail(Libp2pContract.FAILURE_CODE, "cannot connect to " + address + ": " + done.cause().getMessage());
            }
        });
    }

    private JsonArray peersJson() {
        List<String> peers = new ArrayList<>();
        for (Map.Entry<PeerId, Connection> entry : byPeer.entrySet()) {
            Multiaddr remote = Addresses.multiaddr(entry.getValue().socket().remoteAddress());
            peers.add((remote == null ? "" : remote.toString()) + "/p2p/" + entry.getKey().toBase58());
        }
        return new JsonArray(peers);
    }

    private JsonArray connectionsJson() {
        JsonArray peers = new JsonArray();
        for (Map.Entry<PeerId, Connection> entry : byPeer.entrySet()) {
            Multiaddr remote = Addresses.multiaddr(entry.getValue().socket().remoteAddress());
            peers.add(new JsonObject()
                    .put(Libp2pContract.ADDR, remote == null ? "" : remote.toString())
                    .put(Libp2pContract.PEER, entry.getKey().toBase58())
                    .put(Libp2pContract.DIRECTION, entry.getValue().isDialer() ? Libp2pContract.OUTBOUND : Libp2pContract.INBOUND));
        }
        return peers;
    }

    // ---- Connection.Host --------------------------------------------------------------------------------

    @Override
    public Set<String> protocolIds() {
        return protocols.keySet();
    }

    @Override
    public StreamProtocol protocol(String id) {
        return protocols.get(id);
    }

    @Override
    public void established(Connection connection) {
        PeerId peer = connection.remotePeer();
        Connection previous = byPeer.put(peer, connection);
        connectedPeers.add(peer);
        if (previous == null) {
            bitswap.connected(peer);
            kademlia.connected(peer);
        }
        LOG.log(System.Logger.Level.DEBUG, connection + " is up");
    }

    @Override
    public void closed(Connection connection) {
        connections.remove(connection);
        PeerId peer = connection.remotePeer();
        if (peer == null || byPeer.get(peer) != connection) {
            return;
        }
        Connection replacement = connections.stream()
                .filter(other -> peer.equals(other.remotePeer()) && other.isUpgraded() && other != connection)
                .findFirst().orElse(null);
        if (replacement != null) {
            byPeer.put(peer, replacement);
            return;
        }
        byPeer.remove(peer);
        connectedPeers.remove(peer);
        bitswap.disconnected(peer);
        kademlia.disconnected(peer);
        vertx.eventBus().publish(BitswapContract.PEER_DISCONNECTED, peer, localCodec);
        if (!stopping && bootstrapPeers.containsKey(peer)) {
            LOG.log(System.Logger.Level.INFO, "lost bootstrap peer " + peer + "; dialing it again");
            redialBootstrapLater(peer, bootstrapFailures.getOrDefault(peer, 0));
        }
    }

    Collection<Connection> connections() {
        return List.copyOf(connections);
    }
}
