package io.strata.api.commands;

import io.strata.api.rpc.Command;
import io.strata.api.rpc.OptionSpec;
import io.strata.api.rpc.RpcException;
import io.strata.cluster.ClusterMembership;
import io.strata.cluster.Multiaddrs;
import io.strata.cluster.PeerInfo;
import io.strata.libp2p.verticle.Libp2pContract;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code swarm/peers}: the cluster members and the libp2p peers ({@link Libp2pContract#CONNECTIONS}) this node
 * is connected to, in Kubo's shape, ordered by address. A member's {@code Addr} is its cluster transport
 * address (the first advertised address that is not an HTTP endpoint); latency, muxer, direction and streams
 * are libp2p connection details the cluster transport does not have, so they keep Kubo's empty values. A
 * libp2p peer's {@code Addr} is the remote end of its TCP connection and its {@code Direction} libp2p's
 * (1 inbound, 2 outbound). Offline only when neither membership nor the swarm answers.
 */
public final class SwarmCommands {

    static final String OFFLINE = "this action must be run in online mode, try running 'ipfs daemon' first";

    private static final DeliveryOptions LOCAL = new DeliveryOptions().setSendTimeout(10_000);

    private final ClusterMembership membership;

    public SwarmCommands(ClusterMembership membership) {
        this.membership = membership;
    }

    public List<Command> commands() {
        return List.of(Command.builder("swarm/peers")
                .option(OptionSpec.bool("verbose", "v"))
                .option(OptionSpec.bool("streams"))
                .option(OptionSpec.bool("latency"))
                .option(OptionSpec.bool("direction"))
                .option(OptionSpec.bool("identify"))
                .handler(call -> {
                    Future<Optional<List<PeerInfo>>> members = unlessAbsent(membership.peers());
                    Future<Optional<JsonArray>> swarm = unlessAbsent(call.vertx().eventBus()
                            .<JsonArray>request(Libp2pContract.CONNECTIONS, null, LOCAL).map(reply -> reply.body()));
                    return Future.all(members, swarm).compose(both -> {
                        if (members.result().isEmpty() && swarm.result().isEmpty()) {
                            return Future.failedFuture(RpcException.normal(OFFLINE));
                        }
                        return call.single(new JsonObject().put("Peers",
                                peerList(members.result().orElse(List.of()), swarm.result().orElse(new JsonArray()))));
                    });
                }));
    }

    /** Empty when nothing serves the address (no cluster, no swarm); other failures stay failures. */
    private static <T> Future<Optional<T>> unlessAbsent(Future<T> answer) {
        return answer.map(Optional::of).recover(failure -> failure instanceof ReplyException reply
                && reply.failureType() == ReplyFailure.NO_HANDLERS ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(failure));
    }

    /** Null when there are none, as Kubo answers. */
    private static JsonArray peerList(List<PeerInfo> members, JsonArray swarmPeers) {
        List<JsonObject> entries = new ArrayList<>();
        for (PeerInfo peer : members) {
            entries.add(entry(transportAddress(peer), peer.peerId().toBase58(), 0));
        }
        for (Object connection : swarmPeers) {
            JsonObject peer = (JsonObject) connection;
            entries.add(entry(peer.getString(Libp2pContract.ADDR), peer.getString(Libp2pContract.PEER),
                    peer.getInteger(Libp2pContract.DIRECTION)));
        }
        if (entries.isEmpty()) {
            return null;
        }
        entries.sort(Comparator.comparing((JsonObject entry) -> entry.getString("Addr")));
        return new JsonArray(new ArrayList<>(entries));
    }

    private static JsonObject entry(String address, String peer, int direction) {
        return new JsonObject()
                .put("Addr", address)
                .put("Peer", peer)
                .put("Latency", "")
                .put("Muxer", "")
                .put("Direction", direction)
                .putNull("Streams");
    }

    private static String transportAddress(PeerInfo peer) {
        return peer.addresses().stream().filter(address -> !Multiaddrs.isHttp(address)).findFirst()
                .orElse(peer.addresses().isEmpty() ? "" : peer.addresses().get(0));
    }
}
