package io.strata.api.commands;

import io.strata.api.rpc.Command;
import io.strata.api.rpc.OptionSpec;
import io.strata.api.rpc.RpcCall;
import io.strata.api.rpc.RpcException;
import io.strata.blockstore.BadBlock;
import io.strata.blockstore.DagProblem;
import io.strata.blockstore.KeyPage;
import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.blockstore.verticle.RepoStat;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * {@code repo/stat} (also {@code stats/repo}), {@code repo/gc}, {@code repo/verify}, {@code repo/version}, and
 * {@code refs/local}, which lists the store a page at a time.
 */
public final class RepoCommands {

    /** Kubo's default Datastore.StorageMax (10 GB), reported because this store has no quota. */
    static final long STORAGE_MAX = 10_000_000_000L;
    /** CIDs read from the block store at a time by {@code refs/local}. */
    private static final int REFS_LOCAL_PAGE = 1000;

    private final BlockStoreClient client;

    public RepoCommands(BlockStoreClient client) {
        this.client = client;
    }

    public List<Command> commands() {
        return List.of(
                Command.builder("repo/stat")
                        .option(OptionSpec.bool("size-only", "s"))
                        .option(OptionSpec.bool("human", "H"))
                        .handler(this::stat),
                Command.builder("stats/repo")
                        .option(OptionSpec.bool("size-only", "s"))
                        .option(OptionSpec.bool("human", "H"))
                        .handler(this::stat),
                Command.builder("repo/gc")
                        .option(OptionSpec.bool("stream-errors"))
                        .option(OptionSpec.bool("quiet", "q"))
                        .option(OptionSpec.bool("silent"))
                        .handler(this::gc),
                Command.builder("repo/verify")
                        .option(OptionSpec.bool("drop"))
                        .option(OptionSpec.bool("heal"))
                        .handler(this::verify),
                Command.builder("refs/local").handler(this::refsLocal),
                Command.builder("repo/version")
                        .option(OptionSpec.bool("quiet", "q"))
                        .handler(call -> call.single(new JsonObject().put("Version", NodeCommands.REPO_VERSION))));
    }

    private Future<?> stat(RpcCall call) {
        boolean sizeOnly = call.flag("size-only");
        return client.stat().compose(stat -> call.single(statJson(stat, sizeOnly)));
    }

    private static JsonObject statJson(RepoStat stat, boolean sizeOnly) {
        JsonObject json = new JsonObject().put("RepoSize", stat.bytes()).put("StorageMax", STORAGE_MAX);
        if (!sizeOnly) {
            json.put("NumObjects", stat.blocks()).put("RepoPath", stat.path())
                    .put("Version", "fs-repo@" + NodeCommands.REPO_VERSION);
        }
        return json;
    }

    private Future<?> gc(RpcCall call) {
        boolean streamErrors = call.flag("stream-errors");
        return client.gc(List.of()).compose(result -> {
            Future<Void> last = Future.succeededFuture();
            for (Cid removed : result.removed()) {
                last = call.emit(new JsonObject().put("Key", new JsonObject().put("/", removed.toString())));
            }
            if (!result.problems().isEmpty()) {
                if (!streamErrors) {
                    return Future.failedFuture(RpcException.normal("encountered errors during gc run"));
                }
                for (DagProblem problem : result.problems()) {
                    last = call.emit(new JsonObject().put("Key", null).put("Error", problem.detail()));
                }
            }
            return last;
        });
    }

    /**
     * Kubo's {@code refs local}: every stored block as a raw-codec CIDv1, as Kubo's multihash-keyed datastore
     * lists it, one NDJSON {@code {"Ref","Err"}} line each. A page is read only once the previous one is
     * written, so a slow client holds back the walk instead of filling memory.
     */
    private Future<?> refsLocal(RpcCall call) {
        Promise<Void> listed = Promise.promise();
        emitRefsAfter(call, null, listed);
        return listed.future();
    }

    private void emitRefsAfter(RpcCall call, Cid after, Promise<Void> listed) {
        client.keys(after, REFS_LOCAL_PAGE).onComplete(read -> {
            if (read.failed()) {
                listed.fail(read.cause());
                return;
            }
            KeyPage page = read.result();
            Future<Void> written = Future.succeededFuture();
            for (Cid cid : page.cids()) {
                written = call.emit(new JsonObject().put("Ref", Cid.v1(Multicodec.RAW, cid.multihash()).toString())
                        .put("Err", ""));
            }
            written.onComplete(done -> {
                if (done.failed()) {
                    listed.fail(done.cause());
                } else if (page.more()) {
                    emitRefsAfter(call, page.last().orElseThrow(), listed);
                } else {
                    listed.complete();
                }
            });
        });
    }

    private Future<?> verify(RpcCall call) {
        if (call.flag("drop") || call.flag("heal")) {
            throw RpcException.normal("--drop and --heal are not supported by this node");
        }
        return client.verify().compose(bad -> {
            for (BadBlock block : bad) {
                call.emit(new JsonObject().put("Msg", "block " + block.cid() + " was corrupt (" + block.reason() + ")")
                        .put("Progress", 0));
            }
            if (!bad.isEmpty()) {
                return Future.failedFuture(RpcException.normal("verify complete, " + bad.size() + " blocks corrupt"));
            }
            return call.emit(new JsonObject().put("Msg", "verify complete, all blocks validated.").put("Progress", 0));
        });
    }
}
