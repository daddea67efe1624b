package io.strata.api.commands;

import io.strata.api.rpc.ArgumentSpec;
import io.strata.api.rpc.Command;
import io.strata.api.rpc.OptionSpec;
import io.strata.api.rpc.RpcCall;
import io.strata.api.rpc.RpcException;
import io.strata.blockstore.BadBlock;
import io.strata.blockstore.PinStatus;
import io.strata.blockstore.PinType;
import io.strata.blockstore.PinVerification;
import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.blockstore.verticle.BlockStoreClientException;
import io.strata.blockstore.verticle.BlockStoreError;
import io.strata.multiformats.Cid;
import io.strata.pinning.AllocationConstraints;
import io.strata.pinning.ClusterPin;
import io.strata.pinning.PinMode;
import io.strata.pinning.PinningException;
import io.strata.pinning.ReplicationFactor;
import io.strata.pinning.verticle.PinCursor;
import io.strata.pinning.verticle.PinningClient;
import io.strata.pinning.verticle.PinningClientException;
import io.strata.pinning.verticle.PinningContract;
import io.strata.pinning.verticle.PinningError;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code pin/add}, {@code pin/rm}, {@code pin/ls}, {@code pin/verify}, {@code pin/update}. On a clustered
 * node (one running the pinning verticle) {@code pin/add}, {@code pin/rm} and {@code pin/ls} act on the cluster pin set
 * ({@code pin/ls} streams it, then lists this node's own pins the set does not hold, such as {@code add}'s), with
 * the {@code replication-min} and {@code replication-max} options (-1 = every node; without either, every
 * node; with only one, the other is 1 or -1) and {@code allocation-constraint} ({@code tag:region=eu}); a
 * single node pins in its own block store.
 */
public final class PinCommands {

    /** Every node, as IPFS Cluster does by default: never refused for lack of nodes. */
    static final ReplicationFactor DEFAULT_REPLICATION = ReplicationFactor.everyNode();
    /** Cluster pins pulled, and local pins checked against the cluster set, per round trip of pin/ls. */
    static final int CLUSTER_BATCH = 1_000;

    private final BlockStoreClient client;
    private final FileCommands paths;
    private final PinningClient cluster;

    public PinCommands(BlockStoreClient client, FileCommands paths, PinningClient cluster) {
        this.client = client;
        this.paths = paths;
        this.cluster = cluster;
    }

    public List<Command> commands() {
        return List.of(
                Command.builder("pin/add")
                        .argument(ArgumentSpec.strings("ipfs-path"))
                        .option(OptionSpec.bool("recursive", true, "r"))
                        .option(OptionSpec.string("name", "n"))
                        .option(OptionSpec.bool("progress"))
                        .option(OptionSpec.integer("replication-min"))
                        .option(OptionSpec.integer("replication-max"))
                        .option(OptionSpec.strings("allocation-constraint"))
                        .handler(this::add),
                Command.builder("pin/rm")
                        .argument(ArgumentSpec.strings("ipfs-path"))
                        .option(OptionSpec.bool("recursive", true, "r"))
                        .handler(this::remove),
                Command.builder("pin/ls")
                        .argument(ArgumentSpec.optionalStrings("ipfs-path"))
                        .option(OptionSpec.stringWithDefault("type", "all", "t"))
                        .option(OptionSpec.bool("quiet", "q"))
                        .option(OptionSpec.string("name", "n"))
                        .option(OptionSpec.bool("stream", "s"))
                        .option(OptionSpec.bool("names"))
                        .handler(this::list),
                Command.builder("pin/verify")
                        .option(OptionSpec.bool("verbose"))
                        .option(OptionSpec.bool("quiet", "q"))
                        .handler(this::verify),
                Command.builder("pin/update")
                        .argument(ArgumentSpec.string("from-path"))
                        .argument(ArgumentSpec.string("to-path"))
                        .option(OptionSpec.bool("unpin", true))
                        .handler(this::update));
    }

    private Future<?> add(RpcCall call) {
        boolean recursive = call.flag("recursive");
        String name = call.string("name", "");
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
            throw RpcException.normal("pin name too long: exceeds 255 bytes");
        }
        ReplicationFactor replication;
        Map<String, String> constraints;
        try {
            Long min = call.integer("replication-min");
            Long max = call.integer("replication-max");
            replication = min == null && max == null ? DEFAULT_REPLICATION
                    : new ReplicationFactor(min != null ? min.intValue() : 1, max != null ? max.intValue() : -1);
            constraints = AllocationConstraints.parse(call.strings("allocation-constraint"));
        } catch (PinningException e) {
            throw RpcException.normal(e.getMessage());
        }
        return call.blocking(() -> {
            JsonArray pins = new JsonArray();
            for (String argument : call.arguments()) {
                Cid cid = paths.resolve(argument);
                if (pinInCluster(new PinningContract.PinRequest(cid, name, recursive ? PinMode.RECURSIVE : PinMode.DIRECT,
                        replication, constraints, 0, Map.of(), List.of()))) {
                    pins.add(CidOutput.encode(call, cid));
                    continue;
                }
                try {
                    RpcCall.await(client.pinAdd(cid, recursive, name));
                } catch (BlockStoreClientException e) {
                    throw RpcException.normal("pin: " + e.getMessage());
                }
                pins.add(CidOutput.encode(call, cid));
            }
            return pins;
        }).compose(pins -> call.single(new JsonObject().put("Pins", pins)));
    }

    private Future<?> remove(RpcCall call) {
        boolean recursive = call.flag("recursive");
        return call.blocking(() -> {
            JsonArray pins = new JsonArray();
            for (String argument : call.arguments()) {
                Cid cid = paths.resolve(argument);
                pins.add(CidOutput.encode(call, cid));
                if (unpinInCluster(cid)) {
                    unpinHereAtOnce(cid, recursive);
                    continue;
                }
                try {
                    RpcCall.await(client.pinRm(cid, recursive));
                } catch (BlockStoreClientException e) {
                    if (e.error() == BlockStoreError.NOT_PINNED) {
                        throw RpcException.normal("not pinned or pinned indirectly");
                    }
                    throw e;
                }
            }
            return pins;
        }).compose(pins -> call.single(new JsonObject().put("Pins", pins)));
    }

    /** True when the cluster took the pin; false on a node without cluster pinning. Runs on a worker. */
    private boolean pinInCluster(PinningContract.PinRequest request) {
        try {
            RpcCall.await(cluster.add(request));
            return true;
        } catch (PinningClientException e) {
            if (e.error() == PinningError.NOT_CLUSTERED) {
                return false;
            }
            throw RpcException.normal("pin: " + e.getMessage());
        }
    }

    /** True when the cluster pin set held {@code cid} and every node now unpins it. Runs on a worker. */
    private boolean unpinInCluster(Cid cid) {
        try {
            RpcCall.await(cluster.remove(cid));
            return true;
        } catch (PinningClientException e) {
            if (e.error() == PinningError.NOT_CLUSTERED || e.error() == PinningError.NOT_FOUND) {
                return false;
            }
            throw RpcException.normal("unpin: " + e.getMessage());
        }
    }

    /**
     * Drops this node's own pin of a CID just removed from the cluster, so that a {@code pin/ls} right after
     * {@code pin/rm} no longer shows it, without waiting for the pin tracker (which tolerates the pin being
     * gone when it gets there). Runs on a worker.
     */
    private void unpinHereAtOnce(Cid cid, boolean recursive) {
        try {
            RpcCall.await(client.pinRm(cid, recursive));
        } catch (BlockStoreClientException e) {
            if (e.error() != BlockStoreError.NOT_PINNED && e.error() != BlockStoreError.PIN_CONFLICT) {
                throw RpcException.normal("unpin: " + e.getMessage());
            }
        }
    }

    private static Set<PinType> types(String type) {
        return switch (type) {
            case "all" -> EnumSet.allOf(PinType.class);
            case "direct" -> EnumSet.of(PinType.DIRECT);
            case "recursive" -> EnumSet.of(PinType.RECURSIVE);
            case "indirect" -> EnumSet.of(PinType.INDIRECT);
            default -> throw RpcException.normal("invalid type '" + type + "', must be one of {direct, indirect, recursive, all}");
        };
    }

    private Future<?> list(RpcCall call) {
        Set<PinType> types = types(call.string("type"));
        boolean stream = call.flag("stream");
        String nameFilter = call.string("name");
        boolean names = call.flag("names") || nameFilter != null;
        return call.blocking(() -> {
            PinListing listing = new PinListing(call, stream);
            if (!call.arguments().isEmpty()) {
                List<String[]> found = new ArrayList<>();
                for (String argument : call.arguments()) {
                    Cid cid = paths.resolve(argument);
                    ClusterPin clusterPin = clusterPin(cid);
                    if (clusterPin != null && types.contains(pinType(clusterPin.mode()))) {
                        found.add(new String[] {CidOutput.encode(call, cid), pinType(clusterPin.mode()).kuboName(),
                                names ? clusterPin.name() : ""});
                        continue;
                    }
                    Optional<PinStatus> status = RpcCall.await(client.isPinned(cid));
                    if (status.isEmpty() || !types.contains(status.get().type())) {
                        throw RpcException.normal("path '" + argument + "' is not pinned");
                    }
                    PinStatus pin = status.get();
                    String type = pin.type() == PinType.INDIRECT && pin.via() != null
                            ? "indirect through " + CidOutput.encode(call, pin.via()) : pin.type().kuboName();
                    found.add(new String[] {CidOutput.encode(call, cid), type, names ? pin.name() : ""});
                }
                found.forEach(entry -> listing.add(entry[0], entry[1], entry[2]));
                listing.finish();
                return null;
            }
            PinCursor cursor = clusterCursor();
            if (cursor != null) {
                listCluster(call, cursor, types, nameFilter, names, listing);
            }
            List<PinStatus> local = RpcCall.await(client.pinLs(types)).stream()
                    .filter(pin -> nameFilter == null || pin.name().contains(nameFilter)).toList();
            for (int start = 0; start < local.size(); start += CLUSTER_BATCH) {
                List<PinStatus> batch = local.subList(start, Math.min(local.size(), start + CLUSTER_BATCH));
                Set<Cid> inCluster = cursor == null ? Set.of()
                        : RpcCall.await(cluster.contains(batch.stream().map(PinStatus::cid).toList()));
                for (PinStatus pin : batch) {
                    if (!inCluster.contains(pin.cid())) {
                        listing.add(CidOutput.encode(call, pin.cid()), pin.type().kuboName(), names ? pin.name() : "");
                    }
                }
            }
            listing.finish();
            return null;
        });
    }

    /**
     * Streams the cluster pin set, {@value #CLUSTER_BATCH} pins at a time, pulling the next batch only once
     * the previous one is written. Cluster pins are recursive or direct: the indirect ones are the nodes'.
     */
    private void listCluster(RpcCall call, PinCursor cursor, Set<PinType> types, String nameFilter, boolean names,
                             PinListing listing) {
        for (List<PinningContract.PinInfo> batch = RpcCall.await(cursor.next(CLUSTER_BATCH)); !batch.isEmpty();
                batch = RpcCall.await(cursor.next(CLUSTER_BATCH))) {
            for (PinningContract.PinInfo info : batch) {
                ClusterPin pin = info.pin();
                PinType type = pinType(pin.mode());
                if (types.contains(type) && (nameFilter == null || pin.name().contains(nameFilter))) {
                    listing.add(CidOutput.encode(call, pin.cid()), type.kuboName(), names ? pin.name() : "");
                }
            }
            listing.flush();
        }
    }

    private static PinType pinType(PinMode mode) {
        return mode == PinMode.RECURSIVE ? PinType.RECURSIVE : PinType.DIRECT;
    }

    /** The cluster pin set's cursor, or null on a node without cluster pinning. Runs on a worker. */
    private PinCursor clusterCursor() {
        try {
            return RpcCall.await(cluster.list());
        } catch (PinningClientException e) {
            if (e.error() == PinningError.NOT_CLUSTERED) {
                return null;
            }
            throw RpcException.normal("pin/ls: " + e.getMessage());
        }
    }

    /** The cluster's pin of {@code cid}, or null when it has none or the node is not clustered. Runs on a worker. */
    private ClusterPin clusterPin(Cid cid) {
        try {
            return RpcCall.await(cluster.status(cid)).pin();
        } catch (PinningClientException e) {
            if (e.error() == PinningError.NOT_CLUSTERED || e.error() == PinningError.NOT_FOUND) {
                return null;
            }
            throw RpcException.normal("pin/ls: " + e.getMessage());
        }
    }

    /**
     * Writes pin/ls's answer as it goes: NDJSON {@code {Cid, Name?, Type}} lines with {@code --stream}, else
     * Kubo's single {@code {"Keys":{cid:{"Type","Name"}}}} object, written in pieces so that a million pins
     * never sit in memory at once. Used on a worker thread.
     */
    private static final class PinListing {
        private final RpcCall call;
        private final boolean stream;
        private final StringBuilder pending = new StringBuilder();
        private Future<Void> lastLine = Future.succeededFuture();
        private boolean started;

        PinListing(RpcCall call, boolean stream) {
            this.call = call;
            this.stream = stream;
        }

        void add(String cid, String type, String name) {
            if (stream) {
                JsonObject line = new JsonObject().put("Cid", cid);
                if (!name.isEmpty()) {
                    line.put("Name", name);
                }
                lastLine = call.emit(line.put("Type", type));
                return;
            }
            if (!started) {
                RpcCall.await(call.startJsonValue());
                pending.append("{\"Keys\":{");
                started = true;
            } else {
                pending.append(',');
            }
            pending.append(Json.encode(cid)).append(':')
                    .append(new JsonObject().put("Type", type).put("Name", name).encode());
            if (pending.length() >= 64 * 1024) {
                flush();
            }
        }

        /** Waits until what was listed so far is handed to the connection, so a slow client slows the walk. */
        void flush() {
            if (stream) {
                RpcCall.await(lastLine);
            } else if (pending.length() > 0) {
                call.writeAndWait(Buffer.buffer(pending.toString()));
                pending.setLength(0);
            }
        }

        void finish() {
            if (stream) {
                RpcCall.await(lastLine);
                RpcCall.await(call.end());
            } else if (!started) {
                RpcCall.await(call.single(new JsonObject().put("Keys", new JsonObject())));
            } else {
                pending.append("}}\n");
                flush();
                RpcCall.await(call.end());
            }
        }
    }

    private Future<?> verify(RpcCall call) {
        boolean verbose = call.flag("verbose");
        boolean quiet = call.flag("quiet");
        if (verbose && quiet) {
            throw RpcException.normal("the --verbose and --quiet options can not be used at the same time");
        }
        return call.blocking(() -> {
            for (PinVerification verification : RpcCall.await(client.pinVerify())) {
                if (verification.ok() && !verbose) {
                    continue;
                }
                JsonObject line = new JsonObject().put("Cid", CidOutput.encode(call, verification.pin()));
                if (verification.ok()) {
                    line.put("Ok", true);
                } else {
                    JsonArray bad = new JsonArray();
                    for (BadBlock block : verification.badBlocks()) {
                        bad.add(new JsonObject().put("Cid", CidOutput.encode(call, block.cid())).put("Err", block.reason()));
                    }
                    line.put("BadNodes", bad);
                }
                call.emit(line);
            }
            return null;
        });
    }

    private Future<?> update(RpcCall call) {
        boolean unpin = call.flag("unpin");
        return call.blocking(() -> {
            Cid from = paths.resolve(call.argument(0));
            Cid to = paths.resolve(call.argument(1));
            try {
                RpcCall.await(client.pinUpdate(from, to, unpin));
            } catch (BlockStoreClientException e) {
                if (e.error() == BlockStoreError.NOT_PINNED) {
                    throw RpcException.normal("'from' cid was not recursively pinned already");
                }
                throw e;
            }
            return new JsonObject().put("Pins", new JsonArray().add(CidOutput.encode(call, from))
                    .add(CidOutput.encode(call, to)));
        }).compose(call::single);
    }
}
