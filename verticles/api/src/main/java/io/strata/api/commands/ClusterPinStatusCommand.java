package io.strata.api.commands;

import io.strata.api.rpc.ArgumentSpec;
import io.strata.api.rpc.Command;
import io.strata.api.rpc.OptionSpec;
import io.strata.api.rpc.RpcCall;
import io.strata.api.rpc.RpcException;
import io.strata.multiformats.Cid;
import io.strata.multiformats.MultiformatException;
import io.strata.multiformats.PeerId;
import io.strata.pinning.ClusterPin;
import io.strata.pinning.NodePinState;
import io.strata.pinning.PinServiceStatus;
import io.strata.pinning.PinStatus;
import io.strata.pinning.verticle.PinCursor;
import io.strata.pinning.verticle.PinningClient;
import io.strata.pinning.verticle.PinningClientException;
import io.strata.pinning.verticle.PinningContract;
import io.strata.pinning.verticle.PinningError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code pin/status}, a native command: the cluster pin set with each pin's allocations and the state every
 * allocated node reported, as NDJSON, one line per pin. Without arguments it walks the whole set through a
 * {@link PinCursor}, {@value #BATCH} pins at a time, and pulls the next batch only once the previous one is
 * written, so a million pins stream in constant memory.
 */
public final class ClusterPinStatusCommand {

    static final int BATCH = 1_000;

    private final PinningClient cluster;

    public ClusterPinStatusCommand(PinningClient cluster) {
        this.cluster = cluster;
    }

    public Command command() {
        return Command.builder("pin/status")
                .argument(ArgumentSpec.optionalStrings("cid"))
                .option(OptionSpec.string("filter"))
                .handler(this::status);
    }

    private Future<?> status(RpcCall call) {
        Set<PinStatus> filter = filter(call.string("filter"));
        List<Cid> cids = call.arguments().stream().map(ClusterPinStatusCommand::cid).toList();
        return call.blocking(() -> {
            if (!cids.isEmpty()) {
                for (Cid cid : cids) {
                    PinningContract.PinInfo info = clusterCall(cluster.status(cid));
                    if (matches(info, filter)) {
                        RpcCall.await(call.emit(line(info)));
                    }
                }
                return null;
            }
            PinCursor cursor = clusterCall(cluster.list());
            for (List<PinningContract.PinInfo> batch = clusterCall(cursor.next(BATCH)); !batch.isEmpty();
                    batch = clusterCall(cursor.next(BATCH))) {
                Future<Void> written = Future.succeededFuture();
                for (PinningContract.PinInfo info : batch) {
                    if (matches(info, filter)) {
                        written = call.emit(line(info));
                    }
                }
                RpcCall.await(written);
            }
            return null;
        });
    }

    private static Cid cid(String text) {
        try {
            return Cid.parse(text);
        } catch (MultiformatException e) {
            throw RpcException.normal("pin/status: invalid CID " + text + ": " + e.getMessage());
        }
    }

    /** The node statuses a pin must show on at least one allocated node to be listed; empty lists every pin. */
    private static Set<PinStatus> filter(String text) {
        Set<PinStatus> statuses = EnumSet.noneOf(PinStatus.class);
        if (text == null || text.isBlank()) {
            return statuses;
        }
        for (String name : text.split(",")) {
            try {
                statuses.add(PinStatus.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw RpcException.normal("pin/status: unknown status " + name + " (queued, pinning, pinned, "
                        + "pin_error, unpinning, unpinned, remote)");
            }
        }
        return statuses;
    }

    private static boolean matches(PinningContract.PinInfo info, Set<PinStatus> filter) {
        if (filter.isEmpty()) {
            return true;
        }
        return info.pin().allocations().stream().map(peer -> nodeStatus(info.states(), peer)).anyMatch(filter::contains);
    }

    /** An allocated node that has not reported yet counts as queued, as its tracker has yet to pick the pin up. */
    private static PinStatus nodeStatus(Map<PeerId, NodePinState> states, PeerId peer) {
        NodePinState state = states.get(peer);
        return state == null ? PinStatus.QUEUED : state.status();
    }

    static JsonObject line(PinningContract.PinInfo info) {
        ClusterPin pin = info.pin();
        JsonArray allocations = new JsonArray();
        JsonObject peers = new JsonObject();
        for (PeerId peer : pin.allocations()) {
            allocations.add(peer.toBase58());
            NodePinState state = info.states().get(peer);
            JsonObject node = new JsonObject().put("Status", nodeStatus(info.states(), peer).wireName());
            if (state != null) {
                node.put("Error", state.error()).put("Attempts", state.attempts())
                        .put("Updated", Instant.ofEpochMilli(state.updatedAtMillis()).toString());
            }
            peers.put(peer.toBase58(), node);
        }
        JsonObject line = new JsonObject()
                .put("Cid", pin.cid().toString())
                .put("Name", pin.name())
                .put("Mode", pin.mode().name().toLowerCase(Locale.ROOT))
                .put("ReplicationMin", pin.replication().min())
                .put("ReplicationMax", pin.replication().max())
                .put("Created", Instant.ofEpochMilli(pin.createdAtMillis()).toString())
                .put("Status", PinServiceStatus.of(pin, info.states()).wireName())
                .put("Allocations", allocations)
                .put("PeerMap", peers);
        if (pin.expireAtMillis() != 0) {
            line.put("ExpireAt", Instant.ofEpochMilli(pin.expireAtMillis()).toString());
        }
        return line;
    }

    private static <T> T clusterCall(Future<T> call) {
        try {
            return RpcCall.await(call);
        } catch (PinningClientException e) {
            if (e.error() == PinningError.NOT_CLUSTERED) {
                throw RpcException.normal("pin/status: this node is not clustered: it has no cluster pin set");
            }
            throw RpcException.normal("pin/status: " + e.getMessage());
        }
    }
}
