package io.strata.api.commands;

import io.strata.api.multipart.Part;
import io.strata.api.rpc.ArgumentSpec;
import io.strata.api.rpc.Command;
import io.strata.api.rpc.OptionSpec;
import io.strata.api.rpc.RpcCall;
import io.strata.api.rpc.RpcException;
import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.cluster.PeerInfo;
import io.strata.dht.DhtClient;
import io.strata.ipld.DagLinks;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.PeerId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code routing/findprovs|findpeer|provide|get|put} over this node's DHT ({@link DhtClient}). Results are
 * Kubo's {@code QueryEvent}s: {@code {"Extra","ID","Responses":[{"Addrs","ID"}],"Type"}} with go-libp2p's
 * event types. Without a DHT (single-node mode) every command fails with Kubo's "online mode" error.
 */
public final class RoutingCommands {

    /** go-libp2p routing.QueryEventType values. */
    static final int FINAL_PEER = 2;
    static final int PROVIDER = 4;
    static final int VALUE = 5;

    /** libp2p's largest DHT message; a record must fit in one. */
    static final int MAX_RECORD_BYTES = 1024 * 1024;

    private final DhtClient dht;
    private final BlockStoreClient blocks;
    private final String selfPeerId;

    public RoutingCommands(DhtClient dht, BlockStoreClient blocks, String selfPeerId) {
        this.dht = dht;
        this.blocks = blocks;
        this.selfPeerId = selfPeerId;
    }

    public List<Command> commands() {
        return List.of(
                Command.builder("routing/findprovs")
                        .argument(ArgumentSpec.string("key"))
                        .option(OptionSpec.bool("verbose", "v"))
                        .option(OptionSpec.integer("num-providers", 20, "n"))
                        .handler(this::findProviders),
                Command.builder("routing/findpeer")
                        .argument(ArgumentSpec.strings("peerID"))
                        .option(OptionSpec.bool("verbose", "v"))
                        .handler(this::findPeer),
                Command.builder("routing/provide")
                        .argument(ArgumentSpec.strings("key"))
                        .option(OptionSpec.bool("verbose", "v"))
                        .option(OptionSpec.bool("recursive", "r"))
                        .handler(this::provide),
                Command.builder("routing/get")
                        .argument(ArgumentSpec.string("key"))
                        .handler(this::get),
                Command.builder("routing/put")
                        .argument(ArgumentSpec.string("key"))
                        .argument(ArgumentSpec.file("value-file"))
                        .option(OptionSpec.bool("allow-offline"))
                        .handler(this::put));
    }

    /** One QueryEvent as Kubo encodes it. */
    static JsonObject queryEvent(int type, String id, List<PeerInfo> responses, String extra) {
        JsonArray peers = null;
        if (responses != null) {
            peers = new JsonArray();
            for (PeerInfo peer : responses) {
                peers.add(new JsonObject().put("Addrs", new JsonArray(List.copyOf(peer.addresses())))
                        .put("ID", peer.peerId().toBase58()));
            }
        }
        return new JsonObject().put("Extra", extra).put("ID", id).put("Responses", peers).put("Type", type);
    }

    /**
     * The DHT key of a routing key argument: for {@code /ipns/} and {@code /pk/} the peer id is turned
     * into its binary form, as Kubo does; other namespaces are taken as text.
     */
    static byte[] routingKey(String argument) {
        String[] parts = argument.split("/", -1);
        if (parts.length != 3 || !parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw RpcException.normal("invalid key: " + argument + " (expected /<namespace>/<key>)");
        }
        if (!parts[1].equals("ipns") && !parts[1].equals("pk")) {
            return argument.getBytes(StandardCharsets.UTF_8);
        }
        byte[] prefix = ("/" + parts[1] + "/").getBytes(StandardCharsets.UTF_8);
        byte[] id = PeerId.parse(parts[2]).bytes();
        byte[] key = new byte[prefix.length + id.length];
        System.arraycopy(prefix, 0, key, 0, prefix.length);
        System.arraycopy(id, 0, key, prefix.length, id.length);
        return key;
    }

    private Future<?> findProviders(RpcCall call) {
        Cid cid = Cid.parse(call.argument(0));
        long count = call.integer("num-providers", 20);
        if (count < 1) {
            throw RpcException.normal("number of providers must be greater than 0");
        }
        return dht.findProviders(cid, (int) count).compose(providers -> {
            Future<Void> written = Future.succeededFuture();
            for (PeerInfo provider : providers) {
                written = written.compose(ignored -> call.emit(queryEvent(PROVIDER, "", List.of(provider), "")));
            }
            return written.compose(ignored -> call.end());
        });
    }

    private Future<?> findPeer(RpcCall call) {
        List<PeerId> peers = call.arguments().stream().map(PeerId::parse).toList();
        Future<Void> written = Future.succeededFuture();
        for (PeerId peer : peers) {
            written = written.compose(ignored -> dht.findPeer(peer))
                    .compose(found -> call.emit(queryEvent(FINAL_PEER, "", List.of(found), "")));
        }
        return written.compose(ignored -> call.end());
    }

    private Future<?> provide(RpcCall call) {
        List<Cid> roots = call.arguments().stream().map(Cid::parse).toList();
        boolean recursive = call.flag("recursive");
        Future<Void> checked = Future.succeededFuture();
        for (Cid root : roots) {
            checked = checked.compose(ignored -> blocks.has(root)).compose(present -> present
                    ? Future.succeededFuture()
                    : Future.failedFuture(RpcException.normal(
                            "block " + root + " not found locally, cannot provide")));
        }
        return checked.compose(ignored -> recursive ? dagOf(roots) : Future.succeededFuture(List.copyOf(roots)))
                .compose(cids -> {
                    Future<Void> provided = Future.succeededFuture();
                    for (Cid cid : cids) {
                        provided = provided.compose(ignored -> dht.provide(cid));
                    }
                    return provided;
                })
                .compose(ignored -> call.end());
    }

    private Future<?> get(RpcCall call) {
        byte[] key = routingKey(call.argument(0));
        return dht.getValue(key).compose(value ->
                call.single(queryEvent(VALUE, "", null, Base64.getEncoder().encodeToString(value))));
    }

    private Future<?> put(RpcCall call) {
        byte[] key = routingKey(call.argument(0));
        boolean allowOffline = call.flag("allow-offline");
        return call.blocking(() -> {
                    Part part = call.multipart().next();
                    if (part == null) {
                        throw RpcException.normal("file argument 'value-file' is required");
                    }
                    ByteArrayOutputStream value = new ByteArrayOutputStream();
                    byte[] read = part.body().readNBytes(MAX_RECORD_BYTES + 1);
                    if (read.length > MAX_RECORD_BYTES) {
                        throw RpcException.normal("record is too large: at most " + MAX_RECORD_BYTES + " bytes");
                    }
                    value.writeBytes(read);
                    return value.toByteArray();
                })
                .compose(value -> dht.putValue(key, value))
                .compose(stored -> stored == 0 && !allowOffline
                        ? Future.failedFuture(RpcException.normal("failed to find any peer in table"))
                        : call.single(queryEvent(VALUE, selfPeerId, null, "")));
    }

    /** Every CID of the DAGs under {@code roots}, each once, roots first; every block must be local. */
    private Future<List<Cid>> dagOf(List<Cid> roots) {
        Set<Cid> seen = new LinkedHashSet<>();
        ArrayDeque<Cid> pending = new ArrayDeque<>(roots);
        return walk(seen, pending).map(done -> new ArrayList<>(seen));
    }

    private Future<Void> walk(Set<Cid> seen, ArrayDeque<Cid> pending) {
        Cid next;
        do {
            next = pending.poll();
            if (next == null) {
                return Future.succeededFuture();
            }
        } while (!seen.add(next) || !hasLinks(next));
        Cid parent = next;
        return blocks.get(parent).compose(data -> {
            pending.addAll(DagLinks.links(parent, data));
            return walk(seen, pending);
        });
    }

    private static boolean hasLinks(Cid cid) {
        return cid.codec() != Multicodec.RAW.code() && DagLinks.supports(cid.codec());
    }
}
