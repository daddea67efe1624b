package io.strata.api.commands;

import io.strata.api.rpc.ArgumentSpec;
import io.strata.api.rpc.Command;
import io.strata.api.rpc.OptionSpec;
import io.strata.api.rpc.RpcCall;
import io.strata.api.rpc.RpcException;
import io.strata.bitswap.verticle.BitswapContract.BitswapStat;
import io.strata.bitswap.verticle.BitswapContract.LedgerReceipt;
import io.strata.bitswap.verticle.BitswapError;
import io.strata.bitswap.verticle.BitswapExchange;
import io.strata.bitswap.verticle.BitswapExchangeException;
import io.strata.multiformats.Cid;
import io.strata.multiformats.PeerId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * {@code bitswap/stat} (also {@code stats/bitswap}), {@code bitswap/wantlist}, {@code bitswap/ledger}, in
 * Kubo's JSON shapes. Bitswap runs only when the node is in a cluster; in single-node mode these answer
 * Kubo's "must be run in online mode" error.
 */
public final class BitswapCommands {

    static final String NOT_RUNNING = "this action must be run in online mode: Bitswap runs only when the node"
            + " is part of a cluster (single-node mode has no peers to exchange blocks with)";

    private final BitswapExchange bitswap;

    public BitswapCommands(BitswapExchange bitswap) {
        this.bitswap = bitswap;
    }

    public List<Command> commands() {
        return List.of(
                Command.builder("bitswap/stat")
                        .option(OptionSpec.bool("verbose", "v"))
                        .option(OptionSpec.bool("human"))
                        .handler(this::stat),
                Command.builder("stats/bitswap")
                        .option(OptionSpec.bool("verbose", "v"))
                        .option(OptionSpec.bool("human"))
                        .handler(this::stat),
                Command.builder("bitswap/wantlist")
                        .option(OptionSpec.string("peer", "p"))
                        .handler(this::wantlist),
                Command.builder("bitswap/ledger")
                        .argument(ArgumentSpec.string("peer"))
                        .handler(this::ledger));
    }

    private Future<?> stat(RpcCall call) {
        return bitswap.stat().recover(BitswapCommands::toRpc).compose(stat -> call.single(statJson(stat)));
    }

    static JsonObject statJson(BitswapStat stat) {
        JsonArray peers = new JsonArray();
        stat.peers().forEach(peer -> peers.add(peer.toBase58()));
        return new JsonObject()
                .put("BlocksReceived", stat.blocksReceived())
                .put("BlocksSent", stat.blocksSent())
                .put("DataReceived", stat.dataReceived())
                .put("DataSent", stat.dataSent())
                .put("DupBlksReceived", stat.dupBlksReceived())
                .put("DupDataReceived", stat.dupDataReceived())
                .put("MessagesReceived", stat.messagesReceived())
                .put("Peers", peers)
                .put("ProvideBufLen", stat.provideBufLen())
                .put("Wantlist", links(stat.wantlist()));
    }

    private Future<?> wantlist(RpcCall call) {
        String peerText = call.string("peer");
        PeerId peer = peerText == null || peerText.isEmpty() ? null : parsePeer(peerText);
        return bitswap.wantlist(peer).recover(BitswapCommands::toRpc)
                .compose(cids -> call.single(new JsonObject().put("Keys", links(cids))));
    }

    private Future<?> ledger(RpcCall call) {
        PeerId peer = parsePeer(call.argument(0));
        return bitswap.ledger(peer).recover(BitswapCommands::toRpc).compose(receipt -> call.single(ledgerJson(receipt)));
    }

    static JsonObject ledgerJson(LedgerReceipt receipt) {
        return new JsonObject()
                .put("Peer", receipt.peer().toBase58())
                .put("Value", receipt.value())
                .put("Sent", receipt.sent())
                .put("Recv", receipt.recv())
                .put("Exchanged", receipt.exchanged());
    }

    private static JsonArray links(List<Cid> cids) {
        JsonArray array = new JsonArray();
        cids.forEach(cid -> array.add(new JsonObject().put("/", cid.toString())));
        return array;
    }

    private static PeerId parsePeer(String text) {
        try {
            return PeerId.parse(text);
        } catch (RuntimeException e) {
            throw RpcException.normal("invalid peer id " + text + ": " + e.getMessage());
        }
    }

    private static <T> Future<T> toRpc(Throwable failure) {
        if (failure instanceof BitswapExchangeException e && e.error() == BitswapError.NOT_RUNNING) {
            return Future.failedFuture(RpcException.normal(NOT_RUNNING));
        }
        return Future.failedFuture(failure);
    }
}
