package io.strata.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** {@code strata add}: Kubo's {@code ipfs add}, uploading files as a streamed multipart body. */
@Command(name = "add", description = "Add a file or directory to Strata.")
public final class AddCommand extends ClientCommand {

    /** Files smaller than this finish too quickly for a progress bar to help. */
    static final long PROGRESS_THRESHOLD = 4L * 1024 * 1024;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Files or directories to add; stdin when none")
    private List<Path> paths = new ArrayList<>();

    @Option(names = {"-r", "--recursive"}, description = "Add directory paths recursively")
    private boolean recursive;

    @Option(names = "--cid-version", description = "CID version (0 or 1)")
    private Integer cidVersion;

    @Option(names = "--raw-leaves", negatable = true, description = "Use raw blocks for leaf nodes")
    private Boolean rawLeaves;

    @Option(names = {"-s", "--chunker"}, description = "Chunking algorithm: size-<bytes> or rabin-<min>-<avg>-<max>")
    private String chunker;

    @Option(names = {"-t", "--trickle"}, description = "Use the trickle DAG layout")
    private boolean trickle;

    @Option(names = {"-w", "--wrap-with-directory"}, description = "Wrap files with a directory object")
    private boolean wrap;

    @Option(names = {"-n", "--only-hash"}, description = "Only chunk and hash; do not write to disk")
    private boolean onlyHash;

    @Option(names = "--pin", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Pin the added content (default true)")
    private boolean pin;

    @Option(names = {"-q", "--quiet"}, description = "Write only the hashes")
    private boolean quiet;

    @Option(names = {"-Q", "--quieter"}, description = "Write only the final hash")
    private boolean quieter;

    @Option(names = "--progress", negatable = true, description = "Show a progress bar on stderr (default: for large files on a terminal)")
    private Boolean progress;

    @Override
    protected int run(RpcClient client) throws Exception {
        MultipartBody body = new MultipartBody();
        if (paths.isEmpty()) {
            body.stream("", main().in());
        }
        for (Path path : paths) {
            addPart(body, path);
        }
        long total = body.contentBytes();
        boolean showProgress = !quiet && !quieter
                && (progress != null ? progress : total >= PROGRESS_THRESHOLD && System.console() != null);
        ProgressBar bar = new ProgressBar(main().err(), total, showProgress);
        RpcClient.Query query = new RpcClient.Query()
                .add("recursive", recursive ? true : null)
                .add("cid-version", cidVersion)
                .add("raw-leaves", rawLeaves)
                .add("chunker", chunker)
                .add("trickle", trickle ? true : null)
                .add("wrap-with-directory", wrap ? true : null)
                .add("only-hash", onlyHash ? true : null)
                .add("pin", pin);
        PrintStream out = main().out();
        String[] last = {null};
        client.jsonLines("add", query, body.publisher(bar::update), body.contentType(), value -> {
            if (!value.hasNonNull("Hash")) {
                return;
            }
            String hash = value.get("Hash").asText();
            last[0] = hash;
            if (quieter) {
                return;
            }
            bar.clear();
            out.println(quiet ? hash : "added " + hash + " " + name(value, hash));
        });
        bar.finish();
        if (quieter && last[0] != null) {
            out.println(last[0]);
        }
        return 0;
    }

    private static String name(JsonNode value, String hash) {
        String name = value.path("Name").asText("");
        return name.isEmpty() ? hash : name;
    }

    private void addPart(MultipartBody body, Path path) throws IOException {
        String root = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        if (!Files.isDirectory(path)) {
            if (!Files.isRegularFile(path)) {
                throw new IOException(path + ": no such file");
            }
            body.file(root, path);
            return;
        }
        if (!recursive) {
            throw new IOException(path + " is a directory, use the '-r' flag to specify directories");
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path entry : (Iterable<Path>) walk.sorted()::iterator) {
                String name = root + relative(path, entry);
                if (Files.isDirectory(entry)) {
                    body.directory(name);
                } else if (Files.isRegularFile(entry)) {
                    body.file(name, entry);
                }
            }
        }
    }

    private static String relative(Path root, Path entry) {
        Path relative = root.relativize(entry);
        return relative.toString().isEmpty() ? "" : "/" + relative.toString().replace('\\', '/');
    }
}
