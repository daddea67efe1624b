package io.strata.api.commands;

import io.strata.api.rpc.Command;
import io.strata.api.rpc.OptionSpec;
import io.strata.api.rpc.RpcException;
import io.strata.cluster.ClusterMembership;
import io.strata.cluster.Multiaddrs;
import io.strata.cluster.PeerInfo;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

import java.util.Comparator;
import java.util.List;

/**
 * {@code swarm/peers}: the cluster members this node is connected to, in Kubo's shape. A member's
 * {@code Addr} is its cluster transport address (the first advertised address that is not an HTTP
 * endpoint); latency, muxer, direction and streams are libp2p connection details the cluster transport
 * does not have, so they keep Kubo's empty values.
 */
public final class SwarmCommands {

    static final String OFFLINE = "this action must be run in online mode, try running 'ipfs daemon' first";

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
                .handler(call -> membership.peers()
                        .recover(failure -> Future.failedFuture(failure instanceof ReplyException reply
                                && reply.failureType() == ReplyFailure.NO_HANDLERS ? RpcException.normal(OFFLINE) : failure))
                        .compose(peers -> call.single(new JsonObject().put("Peers", peerList(peers))))));
    }

    /** Null when there are none, as Kubo answers. */
    private static JsonArray peerList(List<PeerInfo> peers) {
        if (peers.isEmpty()) {
            return null;
        }
        JsonArray list = new JsonArray();
        peers.stream()
                .map(peer -> new JsonObject()
                        .put("Addr", transportAddress(peer))
                        .put("Peer", peer.peerId().toBase58())
                        .put("Latency", "")
                        .put("Muxer", "")
                        .put("Direction", 0)
                        .putNull("Streams"))
                .sorted(Comparator.comparing((JsonObject entry) -> entry.getString("Addr")))
                .forEach(list::add);
        return list;
    }

    private static String transportAddress(PeerInfo peer) {
        return peer.addresses().stream().filter(address -> !Multiaddrs.isHttp(address)).findFirst()
                .orElse(peer.addresses().isEmpty() ? "" : peer.addresses().get(0));
    }
}
