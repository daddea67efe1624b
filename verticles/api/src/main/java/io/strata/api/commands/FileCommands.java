package io.strata.api.commands;

import io.strata.api.rpc.ArgumentSpec;
import io.strata.api.rpc.Command;
import io.strata.api.rpc.DirectStreamWriter;
import io.strata.api.rpc.OptionSpec;
import io.strata.api.rpc.RpcCall;
import io.strata.api.rpc.RpcException;
import io.strata.api.tar.TarWriter;
import io.strata.api.store.CallOutputStream;
import io.strata.api.store.IpfsPath;
import io.strata.api.store.StoreBlockGetter;
import io.strata.ipld.DagLinks;
import io.strata.ipns.verticle.IpnsClient;
import io.strata.ipns.verticle.IpnsClientException;
import io.strata.ipld.unixfs.DirectoryEntry;
import io.strata.ipld.unixfs.DirectoryLister;
import io.strata.ipld.unixfs.PathResolver;
import io.strata.ipld.unixfs.UnixFsExporter;
import io.strata.ipld.unixfs.UnixFsStat;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.zip.GZIPOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reading content back: {@code cat}, {@code ls}, {@code resolve}, {@code refs}. */
public final class FileCommands {

    /** Children of the node being walked by {@code refs} whose blocks are read in parallel with the walk. */
    private static final int REFS_READ_AHEAD = 16;
    /** Children of the next sibling wanted from other nodes before the walk reaches it. */
    private static final int REFS_RETRIEVE_AHEAD = 256;

    private final StoreBlockGetter getter;
    private final IpnsClient names;

    /** Content paths under /ipfs/ only; /ipns/ paths are refused. */
    public FileCommands(StoreBlockGetter getter) {
        this(getter, null);
    }

    /** Also /ipns/ (and ipns://) paths, resolved recursively through the node's IPNS verticle first. */
    public FileCommands(StoreBlockGetter getter, IpnsClient names) {
        this.getter = getter;
        this.names = names;
    }

    public List<Command> commands() {
        return List.of(
                Command.builder("cat")
                        .argument(ArgumentSpec.strings("ipfs-path"))
                        .option(OptionSpec.int64("offset", "o"))
                        .option(OptionSpec.int64("length", "l"))
                        .option(OptionSpec.bool("progress", true, "p"))
                        .handler(this::cat),
                Command.builder("get")
                        .argument(ArgumentSpec.string("ipfs-path"))
                        .option(OptionSpec.string("output", "o"))
                        .option(OptionSpec.bool("archive", "a"))
                        .option(OptionSpec.bool("compress", "C"))
                        .option(OptionSpec.integer("compression-level", -1, "l"))
                        .handler(this::get),
                Command.builder("ls")
                        .argument(ArgumentSpec.strings("ipfs-path"))
                        .option(OptionSpec.bool("headers", "v"))
                        .option(OptionSpec.bool("resolve-type", true))
                        .option(OptionSpec.bool("size", true))
                        .option(OptionSpec.bool("stream", "s"))
                        .option(OptionSpec.bool("long", "l"))
                        .handler(this::ls),
                Command.builder("resolve")
                        .argument(ArgumentSpec.string("name"))
                        .option(OptionSpec.bool("recursive", true, "r"))
                        .option(OptionSpec.integer("dht-record-count", "dhtrc"))
                        .option(OptionSpec.string("dht-timeout", "dhtt"))
                        .handler(call -> call.blocking(() -> resolve(call.argument(0)))
                                .compose(cid -> call.single(new JsonObject()
                                        .put("Path", "/ipfs/" + CidOutput.encode(call, cid))))),
                Command.builder("refs")
                        .argument(ArgumentSpec.strings("ipfs-path"))
                        .option(OptionSpec.stringWithDefault("format", "<dst>"))
                        .option(OptionSpec.bool("edges", "e"))
                        .option(OptionSpec.bool("unique", "u"))
                        .option(OptionSpec.bool("recursive", "r"))
                        .option(OptionSpec.integer("max-depth", -1))
                        .handler(this::refs));
    }

    /** Blocks (it may wait for blocks and for IPNS resolution); call it from a worker. */
    Cid resolve(String argument) {
        IpfsPath path = IpfsPath.parse(names == null ? argument : resolveName(argument));
        return path.segments().isEmpty() ? path.root() : new PathResolver(getter).resolve(path.root(), path.segments());
    }

    private String resolveName(String argument) {
        String text = argument.startsWith("ipns://") ? "/ipns/" + argument.substring("ipns://".length()) : argument;
        if (!text.startsWith("/ipns/")) {
            return argument;
        }
        try {
            return RpcCall.await(names.resolve(text, true, false));
        } catch (IpnsClientException e) {
            throw RpcException.normal("cannot resolve " + argument + ": " + e.getMessage());
        }
    }

    private Future<?> cat(RpcCall call) {
        long offset = call.integer("offset", 0);
        long length = call.integer("length", -1);
        if (offset < 0) {
            throw RpcException.normal("cannot specify negative offset");
        }
        if (call.integer("length") != null && length < 0) {
            throw RpcException.normal("cannot specify negative length");
        }
        return call.blocking(() -> {
            UnixFsExporter exporter = new UnixFsExporter(getter);
            List<Cid> files = new ArrayList<>();
            long total = 0;
            long remainingOffset = offset;
            for (String argument : call.arguments()) {
                Cid cid = resolve(argument);
                UnixFsStat stat = exporter.stat(cid);
                if (stat.type().isDirectory()) {
                    throw RpcException.normal("this dag node is a directory");
                }
                if (!stat.type().isFile()) {
                    throw RpcException.normal("this dag node is not a file: " + stat.type());
                }
                files.add(cid);
                total += stat.size();
            }
            long available = Math.max(0, total - remainingOffset);
            long toSend = length >= 0 ? Math.min(length, available) : available;
            RpcCall.await(call.startStream(toSend, "text/plain"));
            DirectStreamWriter out = new DirectStreamWriter(call, toSend);
            long left = toSend;
            for (Cid cid : files) {
                if (left == 0) {
                    break;
                }
                long size = exporter.size(cid);
                if (remainingOffset >= size) {
                    remainingOffset -= size;
                    continue;
                }
                long take = Math.min(left, size - remainingOffset);
                try (ReadableByteChannel in = exporter.openChannel(cid, remainingOffset, take)) {
                    long unsent = take;
                    while (unsent > 0) {
                        ByteBuffer chunk = out.next();
                        chunk.limit((int) Math.min(chunk.capacity(), unsent));
                        while (chunk.hasRemaining()) {
                            if (in.read(chunk) < 0) {
                                throw new IllegalStateException(cid + " ended " + chunk.remaining() + " bytes early");
                            }
                        }
                        unsent -= chunk.position();
                        out.send(chunk);
                    }
                }
                left -= take;
                remainingOffset = 0;
            }
            out.finish();
            return null;
        });
    }

    /**
     * Kubo's {@code get} over HTTP: a tar of the file or directory tree named after the path's last segment
     * (gzip-compressed with {@code compress}; a lone file compressed without {@code archive} is sent as plain gzip).
     */
    private Future<?> get(RpcCall call) {
        boolean archive = call.flag("archive");
        boolean compress = call.flag("compress");
        long level = call.integer("compression-level", -1);
        if (level < -1 || level > 9) {
            throw RpcException.client("compression level must be between 1 and 9");
        }
        if (level > 0 && !compress) {
            compress = true;
        }
        boolean gzip = compress;
        return call.blocking(() -> {
            IpfsPath path = IpfsPath.parse(call.argument(0));
            Cid cid = resolve(call.argument(0));
            String name = path.segments().isEmpty() ? path.root().toString() : path.segments().get(path.segments().size() - 1);
            UnixFsExporter exporter = new UnixFsExporter(getter);
            UnixFsStat stat = exporter.stat(cid);
            long length = stat.type().isFile() ? stat.size() : stat.cumulativeSize();
            RpcCall.await(call.startStream(length, gzip ? "application/gzip" : "application/x-tar"));
            CallOutputStream sink = new CallOutputStream(call);
            OutputStream out = gzip ? new GZIPOutputStream(sink, 64 * 1024) : sink;
            if (gzip && !archive && stat.type().isFile()) {
                try (InputStream in = exporter.open(cid)) {
                    in.transferTo(out);
                }
            } else {
                TarWriter tar = new TarWriter(out, 0);
                writeEntry(tar, exporter, new DirectoryLister(getter), name, cid, stat);
                tar.finish();
            }
            if (out instanceof GZIPOutputStream compressed) {
                compressed.finish();
            }
            sink.flush();
            return null;
        });
    }

    private void writeEntry(TarWriter tar, UnixFsExporter exporter, DirectoryLister lister, String name, Cid cid,
                            UnixFsStat stat) throws java.io.IOException {
        if (stat.type().isDirectory()) {
            tar.directory(name);
            for (DirectoryEntry entry : (Iterable<DirectoryEntry>) () -> lister.entries(cid)) {
                writeEntry(tar, exporter, lister, name + "/" + entry.name(), entry.cid(), exporter.stat(entry.cid()));
            }
        } else if (stat.type().isFile()) {
            try (InputStream in = exporter.open(cid)) {
                tar.file(name, stat.size(), in);
            }
        } else {
            throw RpcException.normal("cannot get " + name + ": " + stat.type() + " nodes are not supported");
        }
    }

    private Future<?> ls(RpcCall call) {
        boolean stream = call.flag("stream");
        boolean resolveType = call.flag("resolve-type") || call.flag("size");
        return call.blocking(() -> {
            DirectoryLister lister = new DirectoryLister(getter);
            UnixFsExporter exporter = new UnixFsExporter(getter);
            JsonArray objects = new JsonArray();
            for (String argument : call.arguments()) {
                Cid cid = resolve(argument);
                List<JsonObject> links = new ArrayList<>();
                if (exporter.stat(cid).type().isDirectory()) {
                    for (DirectoryEntry entry : (Iterable<DirectoryEntry>) () -> lister.entries(cid)) {
                        JsonObject link = link(call, exporter, entry, resolveType);
                        if (stream) {
                            call.emit(new JsonObject().put("Objects", new JsonArray().add(new JsonObject()
                                    .put("Hash", argument).put("Links", new JsonArray().add(link)))));
                        } else {
                            links.add(link);
                        }
                    }
                }
                links.sort(Comparator.comparing(link -> link.getString("Name")));
                objects.add(new JsonObject().put("Hash", argument).put("Links", new JsonArray(new ArrayList<>(links))));
            }
            if (!stream) {
                RpcCall.await(call.single(new JsonObject().put("Objects", objects)));
            }
            return null;
        });
    }

    /** One {@code ls} entry; Type is the UnixFS data type number (1 directory, 2 file, 4 symlink). */
    private JsonObject link(RpcCall call, UnixFsExporter exporter, DirectoryEntry entry, boolean resolve) {
        int type = 0;
        long size = entry.tsize();
        if (resolve) {
            UnixFsStat stat = exporter.stat(entry.cid());
            type = stat.type().isDirectory() ? 1 : stat.type().isFile() ? 2 : stat.type() == UnixFsStat.Type.SYMLINK ? 4 : 0;
            size = stat.type().isFile() ? stat.size() : 0;
        }
        return new JsonObject()
                .put("Name", entry.name())
                .put("Hash", CidOutput.encode(call, entry.cid()))
                .put("Size", size)
                .put("Type", type)
                .put("Target", "")
                .put("Mode", 0)
                .put("ModTime", "0001-01-01T00:00:00Z");
    }

    private Future<?> refs(RpcCall call) {
        String format = call.string("format");
        boolean edges = call.flag("edges");
        if (edges && !format.equals("<dst>")) {
            throw RpcException.normal("using format argument with edges is not allowed");
        }
        String effectiveFormat = edges ? "<src> -> <dst>" : format;
        boolean unique = call.flag("unique");
        long depthLimit = call.flag("recursive") ? call.integer("max-depth", -1) : 1;
        return call.blocking(() -> {
            List<Cid> roots = new ArrayList<>();
            for (String argument : call.arguments()) {
                roots.add(resolve(argument));
            }
            RefsWalk walk = new RefsWalk(call, depthLimit, unique, effectiveFormat);
            for (Cid root : roots) {
                walk.node(root, 1, null);
            }
            return null;
        });
    }

    /**
     * The depth-first walk of {@code refs}, emitting links in Kubo's order. Every ref it prints is fetched, raw
     * leaves and the children of the last level too, as Kubo does: {@code refs -r} is how a user pulls a whole
     * DAG onto a node. The blocks it will read are announced ahead, as the file reader does: the next
     * {@link #REFS_READ_AHEAD} children of the node being walked are read in parallel, the rest of its children
     * are wanted from other nodes at once, and near the end of a node the children of the sibling that follows
     * it are wanted too, so a walk over blocks stored elsewhere does not pay one round trip per block or per
     * internal node.
     */
    private final class RefsWalk {

        private final RpcCall call;
        private final long maxDepth;
        private final boolean unique;
        private final String format;
        private final Set<Cid> seen = new HashSet<>();
        /** A sibling read early to announce its children, kept for when the walk reaches it. */
        private Cid earlyCid;
        private byte[] earlyData;

        RefsWalk(RpcCall call, long maxDepth, boolean unique, String format) {
            this.call = call;
            this.maxDepth = maxDepth;
            this.unique = unique;
            this.format = format;
        }

        /** Walks {@code parent}'s links; {@code following} is the node the walk enters after it, if known. */
        void node(Cid parent, int depth, Cid following) {
            if (maxDepth >= 0 && depth > maxDepth) {
                return;
            }
            List<Cid> links = links(parent, read(parent));
            boolean descends = maxDepth < 0 || depth < maxDepth;
            getter.prefetch(window(links, 0, REFS_READ_AHEAD));
            getter.retrieveAhead(window(links, REFS_READ_AHEAD, links.size()));
            int announceFollowingAt = Math.max(0, links.size() - REFS_READ_AHEAD);
            for (int i = 0; i < links.size(); i++) {
                if (i > 0) {
                    getter.prefetch(window(links, i + REFS_READ_AHEAD - 1, i + REFS_READ_AHEAD));
                }
                if (i == announceFollowingAt && following != null && descends) {
                    announceChildren(following);
                }
                Cid child = links.get(i);
                if (unique && !seen.add(child)) {
                    continue;
                }
                call.emit(new JsonObject().put("Ref", format.replace("<src>", CidOutput.encode(call, parent))
                        .replace("<dst>", CidOutput.encode(call, child))
                        .replace("<linkname>", "")).put("Err", ""));
                if (descends && hasLinks(child)) {
                    node(child, depth + 1, nextWithLinks(links, i + 1));
                } else {
                    read(child);
                }
            }
        }

        private void announceChildren(Cid sibling) {
            byte[] data = read(sibling);
            earlyCid = sibling;
            earlyData = data;
            getter.retrieveAhead(window(links(sibling, data), 0, REFS_RETRIEVE_AHEAD));
        }

        private byte[] read(Cid cid) {
            if (cid.equals(earlyCid)) {
                byte[] data = earlyData;
                earlyCid = null;
                earlyData = null;
                return data;
            }
            return getter.get(cid);
        }

        private static List<Cid> links(Cid cid, byte[] data) {
            return DagLinks.supports(cid.codec()) ? DagLinks.links(cid, data) : List.of();
        }

        private static List<Cid> window(List<Cid> links, int start, int end) {
            return links.subList(Math.min(links.size(), Math.max(0, start)), Math.min(links.size(), end));
        }

        private static boolean hasLinks(Cid cid) {
            return cid.codec() != Multicodec.RAW.code();
        }

        private static Cid nextWithLinks(List<Cid> links, int from) {
            for (int i = from; i < links.size(); i++) {
                if (hasLinks(links.get(i))) {
                    return links.get(i);
                }
            }
            return null;
        }
    }
}
