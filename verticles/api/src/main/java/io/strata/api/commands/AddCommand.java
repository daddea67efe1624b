package io.strata.api.commands;

import io.strata.api.events.EventSocket;
import io.strata.api.multipart.MultipartReader;
import io.strata.api.multipart.Part;
import io.strata.api.rpc.ArgumentSpec;
import io.strata.api.rpc.Command;
import io.strata.api.rpc.OptionSpec;
import io.strata.api.rpc.RpcCall;
import io.strata.api.rpc.RpcException;
import io.strata.api.store.StoreBlockSink;
import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.blockstore.verticle.GcHold;
import io.strata.ipld.BlockSink;
import io.strata.ipld.unixfs.DirectoryTreeImporter;
import io.strata.ipld.unixfs.ImportOptions;
import io.strata.ipld.unixfs.ImportedDirectoryTree;
import io.strata.ipld.unixfs.ImportedNode;
import io.strata.ipld.unixfs.LeafArrayPool;
import io.strata.ipld.unixfs.Layout;
import io.strata.ipld.unixfs.SymlinkBuilder;
import io.strata.ipld.unixfs.UnixFsImporter;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.Multihash;
import io.strata.multiformats.MultiformatException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;

/**
 * {@code add}: streams a multipart upload of files and directories through the UnixFS importer into the
 * block store, as Kubo's {@code ipfs add} does. Each file is imported while it arrives; the request is
 * paused whenever the importer falls behind, so memory stays bounded whatever the upload's size. Each
 * top-level entry (or the wrapping directory) is pinned once all its blocks are stored; garbage collection
 * is held off meanwhile, and a failed upload leaves no pin behind.
 */
public final class AddCommand {

    /** Kubo's verifcid.DefaultMaxIdentityDigestSize. */
    static final int MAX_INLINE_LIMIT = 128;
    private static final long PROGRESS_STEP = 256 * 1024;
    /** PATH_MAX on Linux; a longer symlink target cannot be created anyway. */
    private static final int MAX_SYMLINK_TARGET = 4096;
    /**
     * Idle leaf arrays kept per request: more than an import has in use at once (its read-ahead, the batch
     * filling and the batch being stored, about 70 leaves of 256 KiB).
     */
    private static final int IDLE_LEAF_ARRAYS = 128;

    private final BlockStoreClient client;
    private final Vertx vertx;

    public AddCommand(Vertx vertx, BlockStoreClient client) {
        this.vertx = vertx;
        this.client = client;
    }

    public Command command() {
        return Command.builder("add")
                .argument(ArgumentSpec.files("path"))
                .option(OptionSpec.bool("recursive", "r"))
                .option(OptionSpec.bool("quiet", "q"))
                .option(OptionSpec.bool("quieter", "Q"))
                .option(OptionSpec.bool("silent"))
                .option(OptionSpec.bool("progress", "p"))
                .option(OptionSpec.bool("trickle", "t"))
                .option(OptionSpec.bool("only-hash", "n"))
                .option(OptionSpec.bool("wrap-with-directory", "w"))
                .option(OptionSpec.bool("pin", true))
                .option(OptionSpec.string("pin-name"))
                .option(OptionSpec.bool("raw-leaves"))
                .option(OptionSpec.string("chunker", "s"))
                .option(OptionSpec.integer("cid-version"))
                .option(OptionSpec.string("hash"))
                .option(OptionSpec.bool("inline"))
                .option(OptionSpec.integer("inline-limit", 32))
                .option(OptionSpec.integer("max-file-links"))
                .option(OptionSpec.bool("nocopy"))
                .option(OptionSpec.bool("fscache"))
                .option(OptionSpec.string("to-files"))
                // Kubo's options for choosing files (the command-line program walks the disk and sends the
                // result) and for announcing the root: nothing to do here, but accepted as Kubo accepts them.
                .option(OptionSpec.bool("hidden", "H"))
                .option(OptionSpec.strings("ignore"))
                .option(OptionSpec.string("ignore-rules-path"))
                .option(OptionSpec.string("stdin-name"))
                .option(OptionSpec.bool("dereference-symlinks"))
                .option(OptionSpec.bool("empty-dirs", "E"))
                .option(OptionSpec.bool("fast-provide-root"))
                .option(OptionSpec.bool("fast-provide-wait"))
                .handler(this::add);
    }

    /** What one request asks for, checked before any byte of the body is read. */
    private record Request(ImportOptions options, boolean pin, String pinName, boolean onlyHash, boolean wrap,
                           boolean progress, boolean silent) {
    }

    private Request parse(RpcCall call) {
        ImportOptions options = ImportOptions.defaults();
        String hashName = call.string("hash");
        if (hashName != null && !hashName.isEmpty()) {
            Multicodec hash;
            try {
                hash = Multicodec.byName(hashName.toLowerCase(Locale.ROOT));
            } catch (MultiformatException e) {
                throw RpcException.normal("unrecognized hash function: \"" + hashName.toLowerCase(Locale.ROOT) + "\"");
            }
            if (!Multihash.isSupported(hash.code()) || hash == Multicodec.IDENTITY) {
                throw RpcException.normal("unrecognized hash function: \"" + hashName.toLowerCase(Locale.ROOT) + "\"");
            }
            options = options.withHash(hash);
        }
        Long cidVersion = call.integer("cid-version");
        if (cidVersion != null) {
            if (cidVersion != 0 && cidVersion != 1) {
                throw RpcException.normal("unknown CID version: " + cidVersion);
            }
            if (cidVersion == 0 && options.hash() != Multicodec.SHA2_256) {
                throw RpcException.normal("CIDv0 only supports sha2-256");
            }
            options = options.withCidVersion(cidVersion.intValue());
        }
        Boolean rawLeaves = call.optionalFlag("raw-leaves");
        if (rawLeaves != null) {
            options = options.withRawLeaves(rawLeaves);
        }
        options = options.withChunkSize(chunkSize(call.string("chunker")));
        if (call.flag("trickle")) {
            options = options.withLayout(Layout.TRICKLE);
        }
        Long maxLinks = call.integer("max-file-links");
        if (maxLinks != null) {
            if (maxLinks < 2) {
                throw RpcException.normal("max-file-links must be at least 2, got " + maxLinks);
            }
            options = options.withMaxLinks(maxLinks.intValue());
        }
        boolean inline = call.flag("inline");
        long inlineLimit = call.integer("inline-limit", 32);
        if (inline && inlineLimit > MAX_INLINE_LIMIT) {
            throw RpcException.normal("inline-limit " + inlineLimit + " exceeds maximum allowed size of "
                    + MAX_INLINE_LIMIT + " bytes");
        }
        options = options.withInline(inline, (int) inlineLimit);
        if (call.flag("nocopy")) {
            throw RpcException.normal("nocopy (filestore) is not supported by this node");
        }
        if (call.string("to-files") != null) {
            throw RpcException.normal("to-files is not supported by this node: it has no MFS");
        }
        boolean onlyHash = call.flag("only-hash");
        boolean pin = call.flag("pin") && !onlyHash;
        String pinName = call.string("pin-name");
        if (pinName != null && !pin) {
            throw RpcException.normal("pin-name option requires pin to be set");
        }
        if (pinName != null && pinName.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
            throw RpcException.normal("pin name too long: exceeds 255 bytes");
        }
        boolean quiet = call.flag("quiet") || call.flag("quieter") || call.flag("silent");
        boolean progress = call.flag("progress") && !quiet;
        return new Request(options, pin, pinName == null ? "" : pinName, onlyHash, call.flag("wrap-with-directory"),
                progress, call.flag("silent"));
    }

    /** Kubo's chunker syntax; only fixed-size chunking ({@code size-N}) is implemented. */
    static int chunkSize(String chunker) {
        if (chunker == null || chunker.isEmpty() || chunker.equals("default")) {
            return ImportOptions.DEFAULT_CHUNK_SIZE;
        }
        if (chunker.startsWith("size-")) {
            long size;
            try {
                size = Long.parseLong(chunker.substring("size-".length()));
            } catch (NumberFormatException e) {
                throw RpcException.normal("invalid chunker size: \"" + chunker + "\"");
            }
            if (size <= 0) {
                throw RpcException.normal("chunker size must be greater than 0");
            }
            if (size > ImportOptions.MAX_CHUNK_SIZE) {
                throw RpcException.normal("chunker parameters may not exceed the maximum chunk size of "
                        + ImportOptions.MAX_CHUNK_SIZE);
            }
            return (int) size;
        }
        if (chunker.startsWith("rabin") || chunker.startsWith("buzhash")) {
            throw RpcException.normal("chunker " + chunker + " is not supported by this node; use size-<bytes>");
        }
        throw RpcException.normal("unrecognized chunker option: " + chunker);
    }

    private Future<?> add(RpcCall call) {
        Request request = parse(call);
        return call.blocking(() -> {
            GcHold hold = request.onlyHash() ? null : RpcCall.await(client.holdGc());
            try {
                run(call, request);
            } finally {
                if (hold != null) {
                    hold.release();
                }
            }
            return null;
        });
    }

    /** One top-level entry of the upload: a single file, or a directory tree under one name. */
    private static final class TopLevel {
        final String name;
        final DirectoryTreeImporter tree;
        ImportedNode file;

        TopLevel(String name, DirectoryTreeImporter tree) {
            this.name = name;
            this.tree = tree;
        }
    }

    private void run(RpcCall call, Request request) throws IOException {
        LeafArrayPool leafArrays = request.onlyHash() ? null : new LeafArrayPool(IDLE_LEAF_ARRAYS);
        BlockSink sink = request.onlyHash() ? block -> { } : new StoreBlockSink(client, leafArrays);
        UnixFsImporter importer = new UnixFsImporter(request.options());
        MultipartReader reader = call.multipart();
        DirectoryTreeImporter wrapper = request.wrap() ? new DirectoryTreeImporter(request.options(), sink) : null;
        TopLevel current = null;
        int entries = 0;
        Part part;
        while ((part = reader.next()) != null) {
            String path = normalise(part.fileName());
            String top = path.contains("/") ? path.substring(0, path.indexOf('/')) : path;
            if (current != null && (!current.name.equals(top) || top.isEmpty() || current.tree == null)) {
                finishTopLevel(call, request, sink, current);
                current = null;
            }
            if (current == null) {
                entries++;
                boolean isTree = part.isDirectory() || path.contains("/");
                current = new TopLevel(top, wrapper != null ? wrapper
                        : isTree ? new DirectoryTreeImporter(request.options(), sink) : null);
            }
            if (part.isDirectory()) {
                current.tree.addDirectory(path);
                continue;
            }
            ImportedNode file = part.isSymlink()
                    ? SymlinkBuilder.write(symlinkTarget(part), request.options(), sink)
                    : importFile(call, request, importer, sink, leafArrays, part, path);
            String name = path.isEmpty() ? file.cid().toString() : path;
            emit(call, request, new JsonObject().put("Name", name).put("Hash", CidOutput.encode(call, file.cid()))
                    .put("Size", Long.toString(file.dagSize())));
            if (current.tree == null) {
                current.file = file;
            } else {
                current.tree.addFile(name, file);
            }
        }
        if (entries == 0) {
            throw RpcException.normal("expected a file argument");
        }
        if (wrapper != null) {
            ImportedDirectoryTree tree = wrapper.finish();
            emitDirectories(call, request, tree, true);
            sink.flush();
            pin(request, tree.root().cid());
        } else {
            finishTopLevel(call, request, sink, current);
        }
    }

    private void finishTopLevel(RpcCall call, Request request, BlockSink sink, TopLevel entry) {
        if (request.wrap()) {
            return;
        }
        Cid root;
        if (entry.tree == null) {
            root = entry.file.cid();
        } else {
            ImportedDirectoryTree tree = entry.tree.finish();
            ImportedNode directory = tree.directories().get(entry.name);
            emitDirectories(call, request, tree, false);
            root = directory != null ? directory.cid() : tree.root().cid();
        }
        sink.flush();
        pin(request, root);
    }

    private void pin(Request request, Cid root) {
        if (request.pin()) {
            RpcCall.await(client.pinWritten(root, request.pinName()));
        }
    }

    /**
     * Emits each built directory, children first, named by its path. The tree's root is the wrapping
     * directory ({@code ""}) with {@code --wrap-with-directory}; otherwise it only holds the top-level
     * directory and is neither emitted nor stored as a root.
     */
    private void emitDirectories(RpcCall call, Request request, ImportedDirectoryTree tree, boolean wrapped) {
        for (Map.Entry<String, ImportedNode> directory : tree.directories().entrySet()) {
            String name = directory.getKey();
            if (name.isEmpty() && !wrapped) {
                continue;
            }
            ImportedNode node = directory.getValue();
            emit(call, request, new JsonObject().put("Name", name).put("Hash", CidOutput.encode(call, node.cid()))
                    .put("Size", Long.toString(node.dagSize())));
        }
    }

    private ImportedNode importFile(RpcCall call, Request request, UnixFsImporter importer, BlockSink sink,
                                    LeafArrayPool leafArrays, Part part, String path) throws IOException {
        InputStream body = part.body();
        if (request.progress()) {
            body = new ProgressStream(body, bytes -> emit(call, request, new JsonObject().put("Name", path).put("Bytes", bytes)));
        }
        return importer.importFile(body, sink, leafArrays);
    }

    private static String symlinkTarget(Part part) throws IOException {
        byte[] target = part.body().readNBytes(MAX_SYMLINK_TARGET + 1);
        if (target.length > MAX_SYMLINK_TARGET) {
            throw RpcException.normal("symlink target of " + part.fileName() + " exceeds " + MAX_SYMLINK_TARGET + " bytes");
        }
        return new String(target, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Kubo's {@code --silent} suppresses the response's events; WebSocket subscribers still see them. */
    private void emit(RpcCall call, Request request, JsonObject event) {
        if (!request.silent()) {
            call.emit(event);
        }
        vertx.eventBus().publish(EventSocket.ADD_EVENTS_ADDRESS, event);
    }

    /** Clients send relative paths; a leading slash or {@code ./} is dropped. */
    private static String normalise(String fileName) {
        String path = fileName;
        while (path.startsWith("/") || path.startsWith("./")) {
            path = path.startsWith("/") ? path.substring(1) : path.substring(2);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path;
    }

    /** Reports bytes read so far every {@value #PROGRESS_STEP} bytes and at the end. */
    private static final class ProgressStream extends FilterInputStream {
        private final java.util.function.LongConsumer listener;
        private long total;
        private long reported;

        ProgressStream(InputStream in, java.util.function.LongConsumer listener) {
            super(in);
            this.listener = listener;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? -1 : 1);
            return b;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            int count = super.read(target, offset, length);
            count(count);
            return count;
        }

        private void count(int count) {
            if (count < 0) {
                if (reported != total || total == 0) {
                    reported = total;
                    listener.accept(total);
                }
                return;
            }
            total += count;
            if (total - reported >= PROGRESS_STEP) {
                reported = total;
                listener.accept(total);
            }
        }
    }
}
