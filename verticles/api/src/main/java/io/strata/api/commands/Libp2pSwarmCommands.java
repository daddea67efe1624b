package io.strata.api.commands;

import io.strata.api.rpc.ArgumentSpec;
import io.strata.api.rpc.Command;
import io.strata.api.rpc.OptionSpec;
import io.strata.api.rpc.RpcCall;
import io.strata.api.rpc.RpcException;
import io.strata.libp2p.verticle.Libp2pContract;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The libp2p side of Kubo's {@code swarm/*}: {@code swarm/connect} dials IPFS peers through the libp2p
 * verticle ({@link Libp2pContract}), {@code swarm/addrs} lists the addresses of connected libp2p peers and
 * {@code swarm/addrs/local} our own swarm addresses. Without the libp2p verticle they fail as Kubo does offline.
 * {@code bootstrap} and {@code bootstrap/list} list the configured bootstrap peers (none without the swarm).
 */
public final class Libp2pSwarmCommands {

    private static final DeliveryOptions DIAL = new DeliveryOptions().setSendTimeout(30_000);
    private static final DeliveryOptions LOCAL = new DeliveryOptions().setSendTimeout(10_000);

    public List<Command> commands() {
        return List.of(
                Command.builder("swarm/connect")
                        .argument(ArgumentSpec.strings("address"))
                        .handler(this::connect),
                Command.builder("swarm/addrs")
                        .handler(this::addresses),
                Command.builder("swarm/addrs/local")
                        .option(OptionSpec.bool("id"))
                        .handler(this::localAddresses),
                Command.builder("bootstrap")
                        .handler(this::bootstrapPeers),
                Command.builder("bootstrap/list")
                        .handler(this::bootstrapPeers));
    }

    private Future<Void> connect(RpcCall call) {
        List<Future<String>> dials = new ArrayList<>();
        for (String address : call.arguments()) {
            dials.add(call.vertx().eventBus().<String>request(Libp2pContract.CONNECT, address, DIAL)
                    .map(reply -> "connect " + reply.body() + " success")
                    .recover(failure -> Future.failedFuture(offlineOr(failure, "connect " + address + " failure: "))));
        }
        return Future.all(dials).compose(all -> call.single(new JsonObject().put("Strings",
                new JsonArray(dials.stream().map(Future::result).toList()))));
    }

    private Future<Void> addresses(RpcCall call) {
        return call.vertx().eventBus().<JsonArray>request(Libp2pContract.PEERS, null)
                .recover(failure -> Future.failedFuture(offlineOr(failure, "")))
                .compose(reply -> {
                    Map<String, JsonArray> byPeer = new TreeMap<>();
                    for (Object entry : reply.body()) {
                        String text = (String) entry;
                        int split = text.lastIndexOf("/p2p/");
                        byPeer.computeIfAbsent(text.substring(split + 5), peer -> new JsonArray()).add(text.substring(0, split));
                    }
                    return call.single(new JsonObject().put("Addrs", new JsonObject(new TreeMap<>(byPeer))));
                });
    }

    private Future<Void> localAddresses(RpcCall call) {
        boolean withId = call.flag("id");
        return call.vertx().eventBus().<JsonArray>request(Libp2pContract.ADDRESSES, null)
                .recover(failure -> Future.failedFuture(offlineOr(failure, "")))
                .compose(reply -> {
                    JsonArray strings = new JsonArray();
                    for (Object entry : reply.body()) {
                        String text = (String) entry;
                        strings.add(withId ? text : text.substring(0, text.lastIndexOf("/p2p/")));
                    }
                    return call.single(new JsonObject().put("Strings", strings));
                });
    }

    private Future<Void> bootstrapPeers(RpcCall call) {
        return call.vertx().eventBus().<JsonArray>request(Libp2pContract.BOOTSTRAP, null, LOCAL).map(reply -> reply.body())
                .recover(failure -> failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS
                        ? Future.succeededFuture(new JsonArray()) : Future.failedFuture(failure))
                .compose(peers -> call.single(new JsonObject().put("Peers", peers)));
    }

    private static Throwable offlineOr(Throwable failure, String prefix) {
        if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS) {
            return RpcException.normal(SwarmCommands.OFFLINE);
        }
        return RpcException.normal(prefix + failure.getMessage());
    }
}
