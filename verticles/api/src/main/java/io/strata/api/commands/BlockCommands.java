package io.strata.api.commands;

import io.strata.api.multipart.MultipartReader;
import io.strata.api.multipart.Part;
import io.strata.api.rpc.ArgumentSpec;
import io.strata.api.rpc.Command;
import io.strata.api.rpc.OptionSpec;
import io.strata.api.rpc.RpcCall;
import io.strata.api.rpc.RpcException;
import io.strata.api.store.IpfsPath;
import io.strata.api.store.StoreBlockGetter;
import io.strata.blockstore.BlockStore;
import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.blockstore.verticle.BlockStoreClientException;
import io.strata.blockstore.verticle.BlockStoreError;
import io.strata.ipld.Block;
import io.strata.ipld.InlineBlocks;
import io.strata.ipld.unixfs.PathResolver;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.Multihash;
import io.strata.multiformats.MultiformatException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code block/put}, {@code block/get}, {@code block/stat}, {@code block/rm}. */
public final class BlockCommands {

    static final String BIG_BLOCK_MESSAGE = "produced block is over 2MiB: big blocks can't be exchanged with other"
            + " peers. consider using UnixFS for automatic chunking of bigger files, or pass --allow-big-block to override";

    private final BlockStoreClient client;
    private final StoreBlockGetter getter;

    public BlockCommands(BlockStoreClient client) {
        this(client, new StoreBlockGetter(client));
    }

    /** {@code block/get} reads through {@code getter} (which may fetch from other nodes). */
    public BlockCommands(BlockStoreClient client, StoreBlockGetter getter) {
        this.client = client;
        this.getter = getter;
    }

    public List<Command> commands() {
        return List.of(
                Command.builder("block/put")
                        .argument(ArgumentSpec.files("data"))
                        .option(OptionSpec.stringWithDefault("cid-codec", "raw"))
                        .option(OptionSpec.string("mhtype"))
                        .option(OptionSpec.integer("mhlen", -1))
                        .option(OptionSpec.bool("pin", false))
                        .option(OptionSpec.bool("allow-big-block", false))
                        .option(OptionSpec.string("format", "f"))
                        .handler(this::put),
                Command.builder("block/get")
                        .argument(ArgumentSpec.string("cid"))
                        .handler(this::get),
                Command.builder("block/stat")
                        .argument(ArgumentSpec.string("cid"))
                        .handler(call -> call.blocking(() -> resolve(call.argument(0)))
                                .compose(cid -> call.blocking(() -> getter.get(cid)).compose(data -> call.single(
                                        new JsonObject().put("Key", CidOutput.encode(call, cid)).put("Size", data.length))))),
                Command.builder("block/rm")
                        .argument(ArgumentSpec.strings("cid"))
                        .option(OptionSpec.bool("force", "f"))
                        .option(OptionSpec.bool("quiet", "q"))
                        .handler(this::remove));
    }

    /** A path argument down to the block it names. */
    private Cid resolve(String argument) {
        IpfsPath path = IpfsPath.parse(argument);
        return path.segments().isEmpty() ? path.root() : new PathResolver(getter).resolve(path.root(), path.segments());
    }

    private Future<?> get(RpcCall call) {
        return call.blocking(() -> {
            Cid cid = resolve(call.argument(0));
            byte[] data = getter.get(cid);
            RpcCall.await(call.startStream(null, "text/plain"));
            call.writeAndWait(Buffer.buffer(data));
            return null;
        });
    }

    private record Encoding(long codec, Multicodec hash, int length, boolean v0) {
    }

    private Encoding encoding(RpcCall call) {
        String hashName = call.string("mhtype");
        if (hashName == null || hashName.isEmpty()) {
            hashName = "sha2-256";
        }
        Multicodec hash;
        try {
            hash = Multicodec.byName(hashName.toLowerCase(Locale.ROOT));
        } catch (MultiformatException e) {
            throw RpcException.normal("unrecognized multihash function: " + hashName);
        }
        if (!Multihash.isSupported(hash.code())) {
            throw RpcException.normal("unrecognized multihash function: " + hashName);
        }
        int length = (int) call.integer("mhlen", -1);
        String codecName = call.string("cid-codec");
        String format = call.string("format");
        if (format != null && !format.isEmpty()) {
            if (codecName != null && !codecName.isEmpty() && !codecName.equals("raw")) {
                throw RpcException.normal("unable to use \"format\" (deprecated) and a custom \"cid-codec\" at the same time");
            }
            return switch (format) {
                case "v0", "protobuf" -> new Encoding(Multicodec.DAG_PB.code(), hash, length, hash == Multicodec.SHA2_256);
                case "cbor" -> new Encoding(Multicodec.DAG_CBOR.code(), hash, length, false);
                default -> new Encoding(codecByName(format), hash, length, false);
            };
        }
        return new Encoding(codecByName(codecName), hash, length, false);
    }

    private static long codecByName(String name) {
        try {
            return Multicodec.byName(name).code();
        } catch (MultiformatException e) {
            throw RpcException.normal("unknown multicodec: \"" + name + "\"");
        }
    }

    private Future<?> put(RpcCall call) {
        Encoding encoding = encoding(call);
        boolean pin = call.flag("pin");
        int limit = BlockStore.MAX_BLOCK_SIZE;
        return call.blocking(() -> {
            MultipartReader reader = call.multipart();
            Part part;
            int count = 0;
            while ((part = reader.next()) != null) {
                byte[] data = part.body().readNBytes(limit + 1);
                if (data.length > limit) {
                    throw RpcException.normal(BIG_BLOCK_MESSAGE);
                }
                Multihash multihash = Multihash.digest(encoding.hash(), data);
                if (encoding.length() >= 0 && encoding.length() != multihash.digestLength()) {
                    throw RpcException.normal("multihash length " + encoding.length() + " is not supported for "
                            + encoding.hash().codecName() + " (its digest is " + multihash.digestLength() + " bytes)");
                }
                Cid cid = encoding.v0() ? Cid.v0(multihash) : Cid.v1(encoding.codec(), multihash);
                RpcCall.await(client.put(new Block(cid, data)));
                if (pin) {
                    RpcCall.await(client.pinAdd(cid, true, ""));
                }
                call.emit(new JsonObject().put("Key", CidOutput.encode(call, cid)).put("Size", data.length));
                count++;
            }
            if (count == 0) {
                throw RpcException.normal("expected a file");
            }
            return null;
        });
    }

    private Future<?> remove(RpcCall call) {
        boolean force = call.flag("force");
        boolean quiet = call.flag("quiet");
        return call.blocking(() -> {
            List<Cid> cids = new ArrayList<>();
            for (String argument : call.arguments()) {
                cids.add(resolve(argument));
            }
            for (Cid cid : cids) {
                try {
                    if (InlineBlocks.isInline(cid)) {
                        throw new BlockStoreClientException(BlockStoreError.NOT_FOUND, "ipld: could not find " + cid);
                    }
                    RpcCall.await(client.delete(cid));
                    if (!quiet) {
                        call.emit(new JsonObject().put("Hash", CidOutput.encode(call, cid)));
                    }
                } catch (BlockStoreClientException e) {
                    if (force && e.error() == BlockStoreError.NOT_FOUND) {
                        continue;
                    }
                    String message = switch (e.error()) {
                        case NOT_FOUND -> "ipld: could not find " + cid;
                        default -> e.getMessage();
                    };
                    call.emit(new JsonObject().put("Hash", CidOutput.encode(call, cid)).put("Error", message));
                }
            }
            return null;
        });
    }
}
