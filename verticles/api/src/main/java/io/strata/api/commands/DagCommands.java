package io.strata.api.commands;

import io.strata.api.multipart.MultipartReader;
import io.strata.api.multipart.Part;
import io.strata.api.rpc.ArgumentSpec;
import io.strata.api.rpc.Command;
import io.strata.api.rpc.OptionSpec;
import io.strata.api.rpc.RpcCall;
import io.strata.api.rpc.RpcException;
import io.strata.api.store.CallOutputStream;
import io.strata.api.store.IpfsPath;
import io.strata.api.store.StoreBlockGetter;
import io.strata.api.store.StoreBlockSink;
import io.strata.blockstore.BlockStore;
import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.blockstore.verticle.BlockStoreClientException;
import io.strata.blockstore.verticle.GcHold;
import io.strata.ipld.Block;
import io.strata.ipld.DagLinks;
import io.strata.ipld.IpldException;
import io.strata.ipld.car.CarExporter;
import io.strata.ipld.car.CarReader;
import io.strata.ipld.car.DagScope;
import io.strata.ipld.codec.DagCbor;
import io.strata.ipld.codec.DagJson;
import io.strata.ipld.dagpb.DagPb;
import io.strata.ipld.dagpb.PbLink;
import io.strata.ipld.dagpb.PbNode;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.Multihash;
import io.strata.multiformats.MultiformatException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code dag/put|get|resolve|stat|import|export}: IPLD blocks in dag-cbor, dag-json, dag-pb and raw. */
public final class DagCommands {

    private final BlockStoreClient client;
    private final StoreBlockGetter getter;

    public DagCommands(BlockStoreClient client, StoreBlockGetter getter) {
        this.client = client;
        this.getter = getter;
    }

    public List<Command> commands() {
        return List.of(
                Command.builder("dag/put")
                        .argument(ArgumentSpec.files("object data"))
                        .option(OptionSpec.stringWithDefault("store-codec", "dag-cbor"))
                        .option(OptionSpec.stringWithDefault("input-codec", "dag-json"))
                        .option(OptionSpec.bool("pin"))
                        .option(OptionSpec.string("hash"))
                        .option(OptionSpec.bool("allow-big-block", false))
                        .handler(this::put),
                Command.builder("dag/get")
                        .argument(ArgumentSpec.string("ref"))
                        .option(OptionSpec.stringWithDefault("output-codec", "dag-json"))
                        .handler(this::get),
                Command.builder("dag/resolve")
                        .argument(ArgumentSpec.string("ref"))
                        .handler(call -> call.blocking(() -> walk(IpfsPath.parse(call.argument(0))))
                                .compose(position -> call.single(new JsonObject()
                                        .put("Cid", link(position.block()))
                                        .put("RemPath", String.join("/", position.remaining()))))),
                Command.builder("dag/stat")
                        .argument(ArgumentSpec.strings("root"))
                        .option(OptionSpec.bool("progress", true, "p"))
                        .handler(this::stat),
                Command.builder("dag/import")
                        .argument(ArgumentSpec.files("path"))
                        .option(OptionSpec.bool("pin-roots", true))
                        .option(OptionSpec.bool("silent"))
                        .option(OptionSpec.bool("stats"))
                        .option(OptionSpec.bool("allow-big-block", false))
                        .handler(this::importCar),
                Command.builder("dag/export")
                        .argument(ArgumentSpec.string("root"))
                        .option(OptionSpec.bool("progress", "p"))
                        .handler(this::export));
    }

    static JsonObject link(Cid cid) {
        return new JsonObject().put("/", cid.toString());
    }

    private static Multicodec codec(String name, String option) {
        try {
            return Multicodec.byName(name.toLowerCase(Locale.ROOT));
        } catch (MultiformatException e) {
            throw RpcException.normal("unknown multicodec \"" + name + "\" for " + option);
        }
    }

    private Future<?> put(RpcCall call) {
        Multicodec store = codec(call.string("store-codec"), "store-codec");
        Multicodec input = codec(call.string("input-codec"), "input-codec");
        String hashName = call.string("hash", "sha2-256");
        Multicodec hash = codec(hashName, "hash");
        if (!Multihash.isSupported(hash.code())) {
            throw RpcException.normal("unsupported hash function " + hashName);
        }
        boolean pin = call.flag("pin");
        return call.blocking(() -> {
            MultipartReader reader = call.multipart();
            Part part;
            int count = 0;
            while ((part = reader.next()) != null) {
                byte[] raw = part.body().readNBytes(BlockStore.MAX_BLOCK_SIZE * 4 + 1);
                byte[] encoded = transcode(raw, input, store);
                if (encoded.length > BlockStore.MAX_BLOCK_SIZE) {
                    throw RpcException.normal(BlockCommands.BIG_BLOCK_MESSAGE);
                }
                Cid cid = Cid.v1(store, Multihash.digest(hash, encoded));
                RpcCall.await(client.put(new Block(cid, encoded)));
                if (pin) {
                    RpcCall.await(client.pinAdd(cid, true, ""));
                }
                call.emit(new JsonObject().put("Cid", link(cid)));
                count++;
            }
            if (count == 0) {
                throw RpcException.normal("expected a file");
            }
            return null;
        });
    }

    private static byte[] transcode(byte[] raw, Multicodec input, Multicodec store) {
        if (input == store && (store == Multicodec.RAW || store == Multicodec.DAG_PB)) {
            if (store == Multicodec.DAG_PB) {
                DagPb.decode(raw);
            }
            return raw;
        }
        Object value = switch (input) {
            case DAG_JSON, JSON -> DagJson.decodeLenient(raw);
            case DAG_CBOR, CBOR -> DagCbor.decodeLenient(raw);
            default -> throw RpcException.normal("input-codec " + input.codecName()
                    + " can only be stored as itself; use dag-json or dag-cbor input");
        };
        return switch (store) {
            case DAG_CBOR, CBOR -> DagCbor.encode(value);
            case DAG_JSON, JSON -> DagJson.encode(value);
            case DAG_PB -> DagPb.encode(toPbNode(value));
            default -> throw RpcException.normal("store-codec " + store.codecName()
                    + " is not supported for " + input.codecName() + " input; use dag-cbor or dag-json");
        };
    }

    /** The dag-pb form of a data-model value shaped {@code {Data?: bytes, Links: [{Hash, Name?, Tsize?}]}}. */
    private static PbNode toPbNode(Object value) {
        if (!(value instanceof Map<?, ?> map) || !(map.get("Links") instanceof List<?> links)
                || !map.keySet().stream().allMatch(key -> key.equals("Data") || key.equals("Links"))) {
            throw RpcException.normal("dag-pb nodes must be maps with a Links list and optional Data bytes");
        }
        Object data = map.get("Data");
        if (data != null && !(data instanceof byte[])) {
            throw RpcException.normal("dag-pb Data must be bytes");
        }
        List<PbLink> pbLinks = new ArrayList<>();
        for (Object link : links) {
            if (!(link instanceof Map<?, ?> entry) || !(entry.get("Hash") instanceof Cid hash)) {
                throw RpcException.normal("dag-pb links must be maps with a Hash link");
            }
            Object name = entry.get("Name");
            Object tsize = entry.get("Tsize");
            pbLinks.add(new PbLink(hash, name == null ? null : name.toString(),
                    tsize == null ? null : ((Number) tsize).longValue()));
        }
        return new PbNode(pbLinks, (byte[]) data);
    }

    /** Where a path ends: the last block reached, the value inside it, and what could not be followed. */
    private record Position(Cid block, Object value, List<String> remaining) {
    }

    /** Decodes a block into the data model; dag-pb as {@code {Data, Links: [{Hash, Name, Tsize}]}}. */
    private Object decode(Cid cid) {
        byte[] data = getter.get(cid);
        long codec = cid.codec();
        if (codec == Multicodec.DAG_PB.code()) {
            PbNode node = DagPb.decode(data);
            List<Object> links = new ArrayList<>();
            for (PbLink link : node.links()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("Hash", link.hash());
                if (link.name() != null) {
                    entry.put("Name", link.name());
                }
                if (link.tsize() != null) {
                    entry.put("Tsize", link.tsize());
                }
                links.add(entry);
            }
            Map<String, Object> map = new LinkedHashMap<>();
            if (node.data() != null) {
                map.put("Data", node.data());
            }
            map.put("Links", links);
            return map;
        }
        if (codec == Multicodec.DAG_CBOR.code()) {
            return DagCbor.decodeLenient(data);
        }
        if (codec == Multicodec.DAG_JSON.code()) {
            return DagJson.decodeLenient(data);
        }
        if (codec == Multicodec.RAW.code()) {
            return data;
        }
        throw RpcException.normal("unsupported codec " + Multicodec.nameOf(codec) + " of " + cid);
    }

    /** Follows an IPLD path through maps, lists, links, and dag-pb link names. */
    private Position walk(IpfsPath path) {
        Cid block = path.root();
        Object value = decode(block);
        List<String> insideBlock = new ArrayList<>();
        for (String segment : path.segments()) {
            Object next = step(block, value, segment);
            if (next == null) {
                throw RpcException.normal("no link named \"" + segment + "\" under " + block);
            }
            if (next instanceof Cid link) {
                block = link;
                value = decode(link);
                insideBlock.clear();
            } else {
                value = next;
                insideBlock.add(segment);
            }
        }
        return new Position(block, value, insideBlock);
    }

    private static Object step(Cid block, Object value, String segment) {
        if (value instanceof Map<?, ?> map) {
            if (map.containsKey(segment)) {
                return map.get(segment);
            }
            if (block.codec() == Multicodec.DAG_PB.code() && map.get("Links") instanceof List<?> links) {
                for (Object link : links) {
                    if (link instanceof Map<?, ?> entry && segment.equals(entry.get("Name"))) {
                        return entry.get("Hash");
                    }
                }
            }
            return null;
        }
        if (value instanceof List<?> list) {
            try {
                int index = Integer.parseInt(segment);
                return index >= 0 && index < list.size() ? list.get(index) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private Future<?> get(RpcCall call) {
        Multicodec output = codec(call.string("output-codec"), "output-codec");
        return call.blocking(() -> {
            Position position = walk(IpfsPath.parse(call.argument(0)));
            byte[] encoded = switch (output) {
                case DAG_JSON, JSON -> DagJson.encode(position.value());
                case DAG_CBOR, CBOR -> DagCbor.encode(position.value());
                case RAW -> {
                    if (!(position.value() instanceof byte[] bytes)) {
                        throw RpcException.normal("cannot encode a " + describe(position.value()) + " as raw");
                    }
                    yield bytes;
                }
                case DAG_PB -> {
                    if (position.block().codec() != Multicodec.DAG_PB.code()) {
                        throw RpcException.normal("cannot encode a non-dag-pb node as dag-pb");
                    }
                    yield getter.get(position.block());
                }
                default -> throw RpcException.normal("unsupported output-codec " + output.codecName());
            };
            RpcCall.await(call.startStream(null, "text/plain"));
            call.writeAndWait(Buffer.buffer(encoded));
            return null;
        });
    }

    private static String describe(Object value) {
        return value instanceof Map ? "map" : value instanceof List ? "list" : String.valueOf(value);
    }

    private Future<?> stat(RpcCall call) {
        return call.blocking(() -> {
            Set<Cid> everything = new HashSet<>();
            long totalSize = 0;
            long redundantSize = 0;
            JsonArray stats = new JsonArray();
            for (String argument : call.arguments()) {
                Cid root = new FileCommands(getter).resolve(argument);
                Set<Cid> seen = new LinkedHashSet<>();
                ArrayDeque<Cid> pending = new ArrayDeque<>(List.of(root));
                long size = 0;
                while (!pending.isEmpty()) {
                    Cid cid = pending.pop();
                    if (!seen.add(cid)) {
                        continue;
                    }
                    byte[] data = getter.get(cid);
                    size += data.length;
                    if (everything.add(cid)) {
                        totalSize += data.length;
                    }
                    if (DagLinks.supports(cid.codec())) {
                        pending.addAll(DagLinks.links(cid, data));
                    }
                }
                redundantSize += size;
                stats.add(new JsonObject().put("Cid", CidOutput.encode(call, root)).put("Size", size)
                        .put("NumBlocks", seen.size()));
            }
            JsonObject summary = new JsonObject().put("UniqueBlocks", everything.size()).put("TotalSize", totalSize);
            if (redundantSize > totalSize) {
                summary.put("SharedSize", redundantSize - totalSize);
            }
            if (totalSize > 0) {
                summary.put("Ratio", (float) redundantSize / totalSize);
            }
            summary.put("DagStats", stats);
            call.emit(summary);
            return null;
        });
    }

    private Future<?> importCar(RpcCall call) {
        boolean pinRoots = call.flag("pin-roots");
        boolean silent = call.flag("silent");
        boolean stats = call.flag("stats");
        return call.blocking(() -> {
            GcHold hold = RpcCall.await(client.holdGc());
            try {
                StoreBlockSink sink = new StoreBlockSink(client);
                Set<Cid> roots = new LinkedHashSet<>();
                long blocks = 0;
                long bytes = 0;
                MultipartReader reader = call.multipart();
                Part part;
                while ((part = reader.next()) != null) {
                    try (CarReader car = CarReader.open(part.body())) {
                        roots.addAll(car.roots());
                        Optional<Block> block;
                        while ((block = car.next()).isPresent()) {
                            if (block.get().size() > BlockStore.MAX_BLOCK_SIZE) {
                                throw RpcException.normal(BlockCommands.BIG_BLOCK_MESSAGE);
                            }
                            sink.put(block.get());
                            blocks++;
                            bytes += block.get().size();
                        }
                    }
                }
                sink.flush();
                if (pinRoots) {
                    for (Cid root : roots) {
                        String error = "";
                        try {
                            RpcCall.await(client.pinAdd(root, true, ""));
                        } catch (BlockStoreClientException | IpldException e) {
                            error = e.getMessage();
                        }
                        if (!silent) {
                            call.emit(new JsonObject().put("Root", new JsonObject().put("Cid", link(root))
                                    .put("PinErrorMsg", error)));
                        }
                    }
                }
                if (stats && !silent) {
                    call.emit(new JsonObject().put("Stats", new JsonObject().put("BlockCount", blocks)
                            .put("BlockBytesCount", bytes)));
                }
            } finally {
                hold.release();
            }
            return null;
        });
    }

    private Future<?> export(RpcCall call) {
        return call.blocking(() -> {
            Cid root = new FileCommands(getter).resolve(call.argument(0));
            getter.get(root);
            RpcCall.await(call.startStream(null, "application/vnd.ipld.car"));
            CallOutputStream out = new CallOutputStream(call);
            CarExporter.export(getter, root, DagScope.ALL, out);
            out.flush();
            return null;
        });
    }
}
