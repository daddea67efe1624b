package io.strata.api.commands;

import io.strata.api.ApiConfig;
import io.strata.api.rpc.ArgumentSpec;
import io.strata.api.rpc.Command;
import io.strata.api.rpc.OptionSpec;
import io.strata.api.rpc.RpcException;
import io.strata.libp2p.verticle.Libp2pContract;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code version} and {@code id}: who this node is. With the libp2p swarm running, {@code id} adds its
 * {@code .../p2p/<id>} listen addresses to {@code Addresses} and lists the stream protocols it serves in
 * {@code Protocols} ({@link Libp2pContract}).
 */
public final class NodeCommands {

    /** The Kubo release whose RPC API this one follows; clients that compare versions see this. */
    public static final String KUBO_API_VERSION = "0.38.0";
    static final String REPO_VERSION = "16";

    private static final DeliveryOptions LOCAL = new DeliveryOptions().setSendTimeout(10_000);

    private final ApiConfig config;

    public NodeCommands(ApiConfig config) {
        this.config = config;
    }

    public List<Command> commands() {
        return List.of(
                Command.builder("version")
                        .option(OptionSpec.bool("number", "n"))
                        .option(OptionSpec.bool("commit"))
                        .option(OptionSpec.bool("repo"))
                        .option(OptionSpec.bool("all"))
                        .handler(call -> call.single(version())),
                Command.builder("id")
                        .argument(ArgumentSpec.optionalString("peerid"))
                        .option(OptionSpec.string("format", "f"))
                        .option(OptionSpec.stringWithDefault("peerid-base", "b58mh"))
                        .handler(call -> {
                            if (!call.arguments().isEmpty() && !call.argument(0).equals(config.peerId())) {
                                return Future.failedFuture(RpcException.normal(
                                        "failed to find peer: routing: not found"));
                            }
                            return swarmList(call.vertx(), Libp2pContract.ADDRESSES)
                                    .compose(swarmAddresses -> swarmList(call.vertx(), Libp2pContract.PROTOCOLS)
                                            .compose(protocols -> call.single(id(swarmAddresses, protocols))));
                        }));
    }

    private JsonObject version() {
        return new JsonObject()
                .put("Version", KUBO_API_VERSION)
                .put("Commit", config.agentVersion())
                .put("Repo", REPO_VERSION)
                .put("System", System.getProperty("os.arch").toLowerCase(Locale.ROOT).replace("x86_64", "amd64")
                        + "/" + System.getProperty("os.name").toLowerCase(Locale.ROOT))
                .put("Golang", "java" + System.getProperty("java.version"));
    }

    /** The swarm's answer on {@code address}, or an empty list when no swarm runs. */
    private static Future<JsonArray> swarmList(Vertx vertx, String address) {
        return vertx.eventBus().<JsonArray>request(address, null, LOCAL).map(reply -> reply.body())
                .recover(failure -> failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS
                        ? Future.succeededFuture(new JsonArray()) : Future.failedFuture(failure));
    }

    private JsonObject id(JsonArray swarmAddresses, JsonArray protocols) {
        // The node advertises its swarm address already when it knows the host; the swarm's list may repeat it.
        Set<Object> unique = new LinkedHashSet<>(config.addresses());
        swarmAddresses.forEach(unique::add);
        JsonArray addresses = new JsonArray(new ArrayList<>(unique));
        return new JsonObject()
                .put("ID", config.peerId())
                .put("PublicKey", config.publicKey())
                .put("Addresses", addresses)
                .put("AgentVersion", config.agentVersion())
                .put("Protocols", new JsonArray(protocols.stream().map(String::valueOf).sorted().toList()));
    }
}
