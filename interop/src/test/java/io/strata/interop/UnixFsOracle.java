package io.strata.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.ipld.unixfs.ImportOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ipfs add} as the reference JS importer computes it (js/unixfs-add.mjs), configured from our
 * {@link ImportOptions}. Several cases go to one Node.js process.
 */
public final class UnixFsOracle {

    /**
     * One thing to add under {@code path}: a file or directory on disk (a bare file if path is null), a
     * symlink to {@code symlinkTarget}, or else an empty directory; {@code length}, if not null, limits a
     * file to its first bytes.
     */
    public record Input(String path, Path file, Long length, String symlinkTarget) {

        public static Input bareFile(Path file) {
            return new Input(null, file, null, null);
        }

        public static Input filePrefix(Path file, long length) {
            return new Input(null, file, length, null);
        }

        public static Input at(String path, Path fileOrDirectory) {
            return new Input(path, fileOrDirectory, null, null);
        }

        public static Input emptyDirectory(String path) {
            return new Input(path, null, null, null);
        }

        public static Input symlink(String path, String target) {
            return new Input(path, null, null, target);
        }
    }

    /**
     * One import; with {@code listBlocks} the result lists the DAG's blocks, and with {@code carFile} the
     * oracle also writes them (in that order, the root as the only root) to a CARv1 with {@code @ipld/car}.
     */
    public record Case(List<Input> inputs, ImportOptions options, boolean wrapWithDirectory, boolean listBlocks,
                       Path carFile) {

        public Case(List<Input> inputs, ImportOptions options, boolean wrapWithDirectory, boolean listBlocks) {
            this(inputs, options, wrapWithDirectory, listBlocks, null);
        }

        public static Case file(Path file, ImportOptions options) {
            return new Case(List.of(Input.bareFile(file)), options, false, false);
        }

        public static Case filePrefix(Path file, long length, ImportOptions options) {
            return new Case(List.of(Input.filePrefix(file, length)), options, false, false);
        }

        public Case withBlockList() {
            return new Case(inputs, options, wrapWithDirectory, true, carFile);
        }

        public Case writingCar(Path car) {
            return new Case(inputs, options, wrapWithDirectory, true, car);
        }
    }

    public record Entry(String path, String cid, long size) {
    }

    /**
     * @param root   the CID of the last entry the importer yielded (the file, or the outermost directory)
     * @param size   that entry's cumulative DAG size
     * @param blocks non-identity blocks reachable from the root, depth first; empty unless asked for
     */
    public record Result(String root, long size, List<Entry> entries, List<String> blocks) {
    }

    private final NodeScripts scripts;

    public UnixFsOracle(NodeScripts scripts) {
        this.scripts = scripts;
    }

    public Result add(Case testCase) {
        return add(List.of(testCase)).get(0);
    }

    public List<Result> add(List<Case> cases) {
        ObjectNode request = NodeScripts.json().createObjectNode();
        ArrayNode requestCases = request.putArray("cases");
        for (Case testCase : cases) {
            ObjectNode json = requestCases.addObject();
            ArrayNode files = json.putArray("files");
            for (Input input : testCase.inputs()) {
                ObjectNode file = files.addObject();
                if (input.path() != null) {
                    file.put("path", input.path());
                }
                if (input.file() != null) {
                    file.put("file", input.file().toAbsolutePath().toString());
                }
                if (input.length() != null) {
                    file.put("length", input.length());
                }
                if (input.symlinkTarget() != null) {
                    file.put("symlink", input.symlinkTarget());
                }
            }
            options(json.putObject("options"), testCase);
        }
        JsonNode response = scripts.run("unixfs-add", request);
        List<Result> results = new ArrayList<>();
        for (JsonNode result : response.get("results")) {
            List<Entry> entries = new ArrayList<>();
            for (JsonNode entry : result.get("entries")) {
                entries.add(new Entry(entry.get("path").asText(), entry.get("cid").asText(),
                        entry.get("size").asLong()));
            }
            List<String> blocks = new ArrayList<>();
            if (result.has("blocks")) {
                result.get("blocks").forEach(block -> blocks.add(block.asText()));
            }
            results.add(new Result(result.get("root").asText(), result.get("size").asLong(), entries, blocks));
        }
        if (results.size() != cases.size()) {
            throw new AssertionError("unixfs-add answered " + results.size() + " of " + cases.size() + " cases");
        }
        return results;
    }

    private static void options(ObjectNode json, Case testCase) {
        ImportOptions options = testCase.options();
        json.put("cidVersion", options.cidVersion());
        if (options.rawLeaves() == null) {
            json.putNull("rawLeaves");
        } else {
            json.put("rawLeaves", options.rawLeaves());
        }
        json.put("chunkSize", options.chunkSize());
        json.put("layout", options.layout().name().toLowerCase(Locale.ROOT));
        json.put("maxLinks", options.maxLinks());
        json.put("hash", options.hash().codecName());
        json.put("inline", options.inline());
        json.put("inlineLimit", options.inlineLimit());
        json.put("hamtShardThreshold", options.hamtShardThreshold());
        json.put("wrapWithDirectory", testCase.wrapWithDirectory());
        json.put("listBlocks", testCase.listBlocks());
        if (testCase.carFile() != null) {
            json.put("carFile", testCase.carFile().toAbsolutePath().toString());
        }
    }
}
