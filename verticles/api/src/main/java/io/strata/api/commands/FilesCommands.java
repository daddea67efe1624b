package io.strata.api.commands;

import io.strata.api.multipart.Part;
import io.strata.api.rpc.ArgumentSpec;
import io.strata.api.rpc.Command;
import io.strata.api.rpc.OptionSpec;
import io.strata.api.rpc.RpcCall;
import io.strata.api.rpc.RpcException;
import io.strata.api.store.CallOutputStream;
import io.strata.api.store.StoreBlockGetter;
import io.strata.api.store.StoreBlockSink;
import io.strata.blockstore.PinStatus;
import io.strata.blockstore.PinType;
import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.blockstore.verticle.GcHold;
import io.strata.ipld.unixfs.DirectoryBuilder;
import io.strata.ipld.unixfs.DirectoryEntry;
import io.strata.ipld.unixfs.DirectoryLister;
import io.strata.ipld.unixfs.ImportOptions;
import io.strata.ipld.unixfs.ImportedNode;
import io.strata.ipld.unixfs.UnixFsExporter;
import io.strata.ipld.unixfs.UnixFsImporter;
import io.strata.ipld.unixfs.UnixFsStat;
import io.strata.multiformats.Cid;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * The Mutable File System ({@code files/*}): a UnixFS directory tree whose root changes with every write.
 * Each change rebuilds the directories from the changed entry up to the root. The root is kept as a
 * recursive pin named {@value #ROOT_PIN_NAME}, which both protects it from garbage collection and lets
 * the next start find it again. Changes are serialised on this node.
 */
public final class FilesCommands {

    public static final String ROOT_PIN_NAME = "strata-mfs-root";

    private final BlockStoreClient client;
    private final StoreBlockGetter getter;
    private final ReentrantLock lock = new ReentrantLock();
    private Cid root;

    public FilesCommands(BlockStoreClient client, StoreBlockGetter getter) {
        this.client = client;
        this.getter = getter;
    }

    public List<Command> commands() {
        return List.of(
                Command.builder("files/mkdir").argument(ArgumentSpec.string("path"))
                        .option(OptionSpec.bool("parents", "p")).option(OptionSpec.integer("cid-version"))
                        .option(OptionSpec.string("hash"))
                        .handler(call -> change(call, () -> mkdir(path(call.argument(0)), call.flag("parents")))),
                Command.builder("files/write").argument(ArgumentSpec.string("path")).argument(ArgumentSpec.file("data"))
                        .option(OptionSpec.int64("offset", "o")).option(OptionSpec.bool("create", "e"))
                        .option(OptionSpec.bool("parents", "p")).option(OptionSpec.bool("truncate", "t"))
                        .option(OptionSpec.int64("count", "n")).option(OptionSpec.bool("raw-leaves"))
                        .option(OptionSpec.integer("cid-version")).option(OptionSpec.string("hash"))
                        .handler(call -> change(call, () -> write(call))),
                Command.builder("files/read").argument(ArgumentSpec.string("path"))
                        .option(OptionSpec.int64("offset", "o")).option(OptionSpec.int64("count", "n"))
                        .handler(this::read),
                Command.builder("files/ls").argument(ArgumentSpec.optionalString("path"))
                        .option(OptionSpec.bool("long", "l")).option(OptionSpec.bool("U"))
                        .handler(this::ls),
                Command.builder("files/stat").argument(ArgumentSpec.string("path"))
                        .option(OptionSpec.string("format")).option(OptionSpec.bool("hash"))
                        .option(OptionSpec.bool("size")).option(OptionSpec.bool("with-local"))
                        .handler(call -> call.blocking(() -> stat(call, call.argument(0))).compose(call::single)),
                Command.builder("files/rm").argument(ArgumentSpec.strings("path"))
                        .option(OptionSpec.bool("recursive", "r")).option(OptionSpec.bool("force"))
                        .handler(call -> change(call, () -> remove(call))),
                Command.builder("files/cp").argument(ArgumentSpec.string("source")).argument(ArgumentSpec.string("dest"))
                        .option(OptionSpec.bool("parents", "p"))
                        .handler(call -> change(call, () -> copy(call.argument(0), call.argument(1), call.flag("parents"), false))),
                Command.builder("files/mv").argument(ArgumentSpec.string("source")).argument(ArgumentSpec.string("dest"))
                        .option(OptionSpec.bool("parents", "p"))
                        .handler(call -> change(call, () -> copy(call.argument(0), call.argument(1), call.flag("parents"), true))),
                Command.builder("files/flush").argument(ArgumentSpec.optionalString("path"))
                        .handler(call -> call.blocking(() -> locked(() -> {
                            List<String> path = path(call.arguments().isEmpty() ? "/" : call.argument(0));
                            return lookup(path).orElseThrow(() -> notFound(path));
                        })).compose(cid -> call.single(new JsonObject().put("Cid", CidOutput.encode(call, cid))))));
    }

    /** Splits an absolute MFS path into names; {@code /} is the empty list. */
    static List<String> path(String text) {
        if (!text.startsWith("/")) {
            throw RpcException.normal("paths must start with a leading slash");
        }
        List<String> names = new ArrayList<>();
        for (String name : text.split("/")) {
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                throw RpcException.normal("invalid path: '..' is not allowed");
            }
            names.add(name);
        }
        return names;
    }

    private static RpcException notFound(List<String> path) {
        return RpcException.normal("file does not exist");
    }

    private <T> T locked(Callable<T> action) throws Exception {
        lock.lock();
        try {
            if (root == null) {
                root = loadRoot();
            }
            return action.call();
        } finally {
            lock.unlock();
        }
    }

    /** Runs a change under the lock and a GC hold, then records the new root as the named pin. */
    private Future<?> change(RpcCall call, Callable<Cid> action) {
        return call.blocking(() -> {
            GcHold hold = RpcCall.await(client.holdGc());
            try {
                return locked(() -> {
                    Cid updated = action.call();
                    if (!updated.equals(root)) {
                        RpcCall.await(client.pinAdd(updated, true, ROOT_PIN_NAME));
                        Optional<PinStatus> old = RpcCall.await(client.isPinned(root));
                        if (old.isPresent() && old.get().type() == PinType.RECURSIVE
                                && ROOT_PIN_NAME.equals(old.get().name())) {
                            RpcCall.await(client.pinRm(root, true));
                        }
                        root = updated;
                    }
                    return null;
                });
            } finally {
                hold.release();
            }
        });
    }

    private Cid loadRoot() {
        for (PinStatus pin : RpcCall.await(client.pinLs(EnumSet.of(PinType.RECURSIVE)))) {
            if (ROOT_PIN_NAME.equals(pin.name())) {
                return pin.cid();
            }
        }
        Cid empty = emptyDirectory().cid();
        RpcCall.await(client.pinAdd(empty, true, ROOT_PIN_NAME));
        return empty;
    }

    private ImportedNode emptyDirectory() {
        StoreBlockSink sink = new StoreBlockSink(client);
        ImportedNode node = new DirectoryBuilder(ImportOptions.defaults(), sink).build();
        sink.flush();
        return node;
    }

    private Optional<Cid> lookup(List<String> path) {
        return lookup(root, path);
    }

    private Optional<Cid> lookup(Cid base, List<String> path) {
        Cid current = base;
        DirectoryLister lister = new DirectoryLister(getter);
        for (String name : path) {
            Optional<Cid> next = Optional.empty();
            Cid directory = current;
            if (new UnixFsExporter(getter).stat(directory).type().isDirectory()) {
                for (DirectoryEntry entry : (Iterable<DirectoryEntry>) () -> lister.entries(directory)) {
                    if (entry.name().equals(name)) {
                        next = Optional.of(entry.cid());
                        break;
                    }
                }
            }
            if (next.isEmpty()) {
                return Optional.empty();
            }
            current = next.get();
        }
        return Optional.of(current);
    }

    private Map<String, ImportedNode> entries(Cid directory) {
        Map<String, ImportedNode> entries = new LinkedHashMap<>();
        for (DirectoryEntry entry : new DirectoryLister(getter).list(directory)) {
            entries.put(entry.name(), new ImportedNode(entry.cid(), 0, entry.tsize()));
        }
        return entries;
    }

    /**
     * Replaces the entry at {@code path} by {@code change(existing)} (empty removes it) and rebuilds every
     * directory above it; missing directories are created when {@code parents}.
     */
    private ImportedNode update(Cid directory, List<String> path, int depth, boolean parents,
                                UnaryOperator<Optional<ImportedNode>> change) {
        Map<String, ImportedNode> entries = entries(directory);
        String name = path.get(depth);
        Optional<ImportedNode> existing = Optional.ofNullable(entries.get(name));
        Optional<ImportedNode> replacement;
        if (depth == path.size() - 1) {
            replacement = change.apply(existing);
        } else {
            Cid child;
            if (existing.isPresent()) {
                child = existing.get().cid();
                if (!new UnixFsExporter(getter).stat(child).type().isDirectory()) {
                    throw RpcException.normal(String.join("/", path.subList(0, depth + 1)) + " is not a directory");
                }
            } else if (parents) {
                child = emptyDirectory().cid();
            } else {
                throw RpcException.normal("file does not exist");
            }
            replacement = Optional.of(update(child, path, depth + 1, parents, change));
        }
        entries.remove(name);
        replacement.ifPresent(node -> entries.put(name, node));
        StoreBlockSink sink = new StoreBlockSink(client);
        DirectoryBuilder builder = new DirectoryBuilder(ImportOptions.defaults(), sink);
        entries.forEach(builder::add);
        ImportedNode built = builder.build();
        sink.flush();
        return built;
    }

    private Cid apply(List<String> path, boolean parents, UnaryOperator<Optional<ImportedNode>> change) {
        return apply(root, path, parents, change);
    }

    /** The new root after changing {@code path} below {@code base}. */
    private Cid apply(Cid base, List<String> path, boolean parents, UnaryOperator<Optional<ImportedNode>> change) {
        if (path.isEmpty()) {
            throw RpcException.normal("cannot change the root directory itself");
        }
        return update(base, path, 0, parents, change).cid();
    }

    private Cid mkdir(List<String> path, boolean parents) {
        if (path.isEmpty()) {
            if (parents) {
                return root;
            }
            throw RpcException.normal("file already exists");
        }
        return apply(path, parents, existing -> {
            if (existing.isPresent()) {
                if (parents && new UnixFsExporter(getter).stat(existing.get().cid()).type().isDirectory()) {
                    return existing;
                }
                throw RpcException.normal("file already exists");
            }
            return Optional.of(emptyDirectory());
        });
    }

    private Cid write(RpcCall call) throws IOException {
        List<String> path = path(call.argument(0));
        long offset = call.integer("offset", 0);
        Long count = call.integer("count");
        if (offset < 0) {
            throw RpcException.normal("cannot have negative write offset");
        }
        if (count != null && count < 0) {
            throw RpcException.normal("cannot have negative byte count");
        }
        Optional<Cid> existing = path.isEmpty() ? Optional.of(root) : lookup(path);
        if (existing.isEmpty() && !call.flag("create")) {
            throw RpcException.normal("file does not exist");
        }
        UnixFsExporter exporter = new UnixFsExporter(getter);
        if (existing.isPresent() && !exporter.stat(existing.get()).type().isFile()) {
            throw RpcException.normal(call.argument(0) + " is not a file");
        }
        Part part = call.multipart().next();
        if (part == null) {
            throw RpcException.normal("file argument 'data' is required");
        }
        InputStream data = count != null ? new LimitedStream(part.body(), count) : part.body();
        CountingStream written = new CountingStream(data);
        InputStream content = written;
        if (existing.isPresent() && !call.flag("truncate")) {
            Cid old = existing.get();
            long oldSize = exporter.size(old);
            InputStream prefix = exporter.open(old, 0, Math.min(offset, oldSize));
            InputStream gap = new ByteArrayInputStream(new byte[(int) Math.max(0, Math.min(offset - oldSize, Integer.MAX_VALUE))]);
            InputStream tail = new LazyStream(() -> exporter.open(old, Math.min(offset + written.count, oldSize), -1));
            content = new SequenceInputStream(java.util.Collections.enumeration(List.of(prefix, gap, written, tail)));
        } else if (offset > 0) {
            content = new SequenceInputStream(new ByteArrayInputStream(new byte[(int) Math.min(offset, Integer.MAX_VALUE)]), written);
        }
        ImportOptions options = ImportOptions.defaults();
        Long cidVersion = call.integer("cid-version");
        if (cidVersion != null) {
            options = options.withCidVersion(cidVersion.intValue());
        }
        Boolean rawLeaves = call.optionalFlag("raw-leaves");
        if (rawLeaves != null) {
            options = options.withRawLeaves(rawLeaves);
        }
        StoreBlockSink sink = new StoreBlockSink(client);
        ImportedNode file = new UnixFsImporter(options).importFile(content, sink);
        sink.flush();
        return apply(path, call.flag("parents"), ignored -> Optional.of(file));
    }

    private Future<?> read(RpcCall call) {
        long offset = call.integer("offset", 0);
        long count = call.integer("count", -1);
        if (offset < 0) {
            throw RpcException.normal("cannot specify negative offset");
        }
        return call.blocking(() -> {
            List<String> path = path(call.argument(0));
            Cid cid = locked(() -> lookup(path).orElseThrow(() -> notFound(path)));
            UnixFsExporter exporter = new UnixFsExporter(getter);
            if (!exporter.stat(cid).type().isFile()) {
                throw RpcException.normal(call.argument(0) + " was not a file");
            }
            RpcCall.await(call.startStream(null, "text/plain"));
            CallOutputStream out = new CallOutputStream(call);
            try (InputStream in = exporter.open(cid, offset, count)) {
                in.transferTo(out);
            }
            out.flush();
            return null;
        });
    }

    private Future<?> ls(RpcCall call) {
        boolean longListing = call.flag("long");
        return call.blocking(() -> {
            List<String> path = path(call.arguments().isEmpty() ? "/" : call.argument(0));
            Cid cid = locked(() -> lookup(path).orElseThrow(() -> notFound(path)));
            UnixFsExporter exporter = new UnixFsExporter(getter);
            JsonArray entries = new JsonArray();
            if (exporter.stat(cid).type().isDirectory()) {
                for (DirectoryEntry entry : new DirectoryLister(getter).list(cid)) {
                    entries.add(entry(call, exporter, entry.name(), entry.cid(), longListing));
                }
            } else {
                entries.add(entry(call, exporter, path.get(path.size() - 1), cid, longListing));
            }
            return new JsonObject().put("Entries", entries);
        }).compose(call::single);
    }

    private static JsonObject entry(RpcCall call, UnixFsExporter exporter, String name, Cid cid, boolean details) {
        JsonObject entry = new JsonObject().put("Name", name).put("Type", 0).put("Size", 0).put("Hash", "");
        if (details) {
            UnixFsStat stat = exporter.stat(cid);
            entry.put("Type", stat.type().isDirectory() ? 1 : 0)
                    .put("Size", stat.type().isFile() ? stat.size() : 0)
                    .put("Hash", CidOutput.encode(call, cid));
        }
        return entry;
    }

    private JsonObject stat(RpcCall call, String text) throws Exception {
        List<String> path = path(text);
        Cid cid = locked(() -> lookup(path).orElseThrow(() -> notFound(path)));
        UnixFsStat stat = new UnixFsExporter(getter).stat(cid);
        String type = stat.type().isDirectory() ? "directory" : stat.type().isFile() ? "file"
                : stat.type() == UnixFsStat.Type.SYMLINK ? "symlink" : "file";
        return new JsonObject()
                .put("Hash", CidOutput.encode(call, cid))
                .put("Size", stat.type().isFile() ? stat.size() : 0)
                .put("CumulativeSize", stat.cumulativeSize())
                .put("Blocks", stat.links())
                .put("Type", type);
    }

    private Cid remove(RpcCall call) {
        boolean recursive = call.flag("recursive") || call.flag("force");
        Cid working = root;
        for (String argument : call.arguments()) {
            List<String> path = path(argument);
            if (path.isEmpty()) {
                throw RpcException.normal("cannot delete root");
            }
            working = apply(working, path, false, existing -> {
                if (existing.isEmpty()) {
                    if (call.flag("force")) {
                        return existing;
                    }
                    throw RpcException.normal(argument + ": file does not exist");
                }
                if (!recursive && new UnixFsExporter(getter).stat(existing.get().cid()).type().isDirectory()) {
                    throw RpcException.normal(argument + " is a directory, use -r to remove directories");
                }
                return Optional.empty();
            });
        }
        return working;
    }

    private Cid copy(String source, String destination, boolean parents, boolean move) {
        Cid node;
        if (source.startsWith("/ipfs/") || source.startsWith("/ipld/")) {
            if (move) {
                throw RpcException.normal("cannot move an /ipfs/ path; use cp");
            }
            node = new FileCommands(getter).resolve(source);
        } else {
            List<String> from = path(source);
            node = lookup(from).orElseThrow(() -> notFound(from));
        }
        List<String> to = path(destination);
        Optional<Cid> target = lookup(to);
        if (target.isPresent() && new UnixFsExporter(getter).stat(target.get()).type().isDirectory() && !move) {
            List<String> inside = new ArrayList<>(to);
            inside.add(source.substring(source.lastIndexOf('/') + 1));
            to = inside;
        }
        long size = new UnixFsExporter(getter).stat(node).cumulativeSize();
        ImportedNode placed = new ImportedNode(node, 0, size);
        Cid working = move ? apply(path(source), false, existing -> Optional.empty()) : root;
        return apply(working, to, parents, existing -> {
            if (existing.isPresent()) {
                throw RpcException.normal("directory already has entry by that name");
            }
            return Optional.of(placed);
        });
    }

    /** Reads at most {@code limit} bytes. */
    private static final class LimitedStream extends FilterInputStream {
        private long left;

        LimitedStream(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int read = super.read(target, offset, (int) Math.min(length, left));
            if (read > 0) {
                left -= read;
            }
            return read;
        }
    }

    /** Counts what passes, so the untouched tail of a file can start right after the written bytes. */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            int read = super.read(target, offset, length);
            if (read > 0) {
                count += read;
            }
            return read;
        }
    }

    /** Opens its stream on first read, once the bytes before it are known. */
    private static final class LazyStream extends InputStream {
        private final java.util.function.Supplier<InputStream> opener;
        private InputStream delegate;

        LazyStream(java.util.function.Supplier<InputStream> opener) {
            this.opener = opener;
        }

        private InputStream delegate() {
            if (delegate == null) {
                delegate = opener.get();
            }
            return delegate;
        }

        @Override
        public int read() throws IOException {
            return delegate().read();
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            return delegate().read(target, offset, length);
        }
    }
}
