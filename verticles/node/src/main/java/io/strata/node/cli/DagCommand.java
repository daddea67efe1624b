package io.strata.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code strata dag get|put|export|import}: IPLD DAGs and CAR files. */
@Command(name = "dag", description = "Interact with IPLD DAG objects.",
        subcommands = {DagCommand.Get.class, DagCommand.Put.class, DagCommand.Export.class, DagCommand.Import.class})
public final class DagCommand {

    @Command(name = "get", description = "Get a DAG node from IPFS.")
    public static final class Get extends ClientCommand {

        @Parameters(paramLabel = "REF", arity = "1")
        private String ref;

        @Option(names = "--output-codec", description = "Format the object will be decoded in (default dag-json)")
        private String outputCodec;

        @Override
        protected int run(RpcClient client) throws Exception {
            return streamToOut(client, "dag/get", new RpcClient.Query().arg(ref).add("output-codec", outputCodec));
        }
    }

    @Command(name = "put", description = "Add a DAG node to IPFS.")
    public static final class Put extends ClientCommand {

        @Parameters(paramLabel = "FILE", arity = "0..*", description = "Object data files; stdin when none")
        private List<Path> files = new ArrayList<>();

        @Option(names = "--store-codec", description = "Codec the object is stored as (default dag-cbor)")
        private String storeCodec;

        @Option(names = "--input-codec", description = "Codec the input is in (default dag-json)")
        private String inputCodec;

        @Option(names = "--pin", description = "Pin this object when adding")
        private boolean pin;

        @Option(names = "--hash", description = "Hash function to use (default sha2-256)")
        private String hash;

        @Override
        protected int run(RpcClient client) throws Exception {
            MultipartBody body = filesOrStdin(files);
            RpcClient.Query query = new RpcClient.Query().add("store-codec", storeCodec).add("input-codec", inputCodec)
                    .add("pin", pin ? true : null).add("hash", hash);
            client.jsonLines("dag/put", query, body.publisher(done -> {
            }), body.contentType(), reply -> main().out().println(cidOf(reply.path("Cid"))));
            return 0;
        }
    }

    @Command(name = "export", description = "Streams the selected DAG as a .car stream on stdout.")
    public static final class Export extends ClientCommand {

        @Parameters(paramLabel = "ROOT", arity = "1")
        private String root;

        @Override
        protected int run(RpcClient client) throws Exception {
            return streamToOut(client, "dag/export", new RpcClient.Query().arg(root));
        }
    }

    @Command(name = "import", description = "Import the contents of .car files.")
    public static final class Import extends ClientCommand {

        @Parameters(paramLabel = "FILE", arity = "0..*", description = "CAR files; stdin when none")
        private List<Path> files = new ArrayList<>();

        @Option(names = "--pin-roots", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Pin optional roots listed in the .car headers after importing (default true)")
        private boolean pinRoots;

        @Option(names = "--stats", description = "Output stats")
        private boolean stats;

        @Override
        protected int run(RpcClient client) throws Exception {
            MultipartBody body = filesOrStdin(files);
            RpcClient.Query query = new RpcClient.Query().add("pin-roots", pinRoots).add("stats", stats ? true : null);
            boolean[] failed = {false};
            client.jsonLines("dag/import", query, body.publisher(done -> {
            }), body.contentType(), reply -> {
                if (reply.has("Root")) {
                    JsonNode root = reply.get("Root");
                    String error = root.path("PinErrorMsg").asText("");
                    String cid = cidOf(root.path("Cid"));
                    if (error.isEmpty()) {
                        main().out().println("Pinned root\t" + cid + "\tsuccess");
                    } else {
                        main().out().println("Pinned root\t" + cid + "\tFAILED: " + error);
                        failed[0] = true;
                    }
                } else if (reply.has("Stats")) {
                    JsonNode counts = reply.get("Stats");
                    main().out().println("Imported " + counts.path("BlockCount").asText() + " blocks ("
                            + counts.path("BlockBytesCount").asText() + " bytes)");
                }
            });
            return failed[0] ? 1 : 0;
        }
    }

    /** A DAG-JSON link {@code {"/": "bafy..."}} or a plain string. */
    static String cidOf(JsonNode link) {
        return link.has("/") ? link.get("/").asText() : link.asText();
    }
}
