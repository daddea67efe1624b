package io.strata.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code strata block put|get|stat|rm}: raw blocks. */
@Command(name = "block", description = "Interact with raw IPFS blocks.",
        subcommands = {BlockCommand.Put.class, BlockCommand.Get.class, BlockCommand.Stat.class, BlockCommand.Rm.class})
public final class BlockCommand {

    @Command(name = "put", description = "Store input as an IPFS block.")
    public static final class Put extends ClientCommand {

        @Parameters(paramLabel = "FILE", arity = "0..*", description = "Files with block data; stdin when none")
        private List<Path> files = new ArrayList<>();

        @Option(names = "--cid-codec", description = "Multicodec of the new block's CID (default raw)")
        private String cidCodec;

        @Option(names = "--mhtype", description = "Multihash function (default sha2-256)")
        private String mhtype;

        @Option(names = "--mhlen", description = "Multihash length (default -1)")
        private Integer mhlen;

        @Option(names = "--pin", description = "Pin the added blocks recursively")
        private boolean pin;

        @Override
        protected int run(RpcClient client) throws Exception {
            MultipartBody body = filesOrStdin(files);
            RpcClient.Query query = new RpcClient.Query().add("cid-codec", cidCodec).add("mhtype", mhtype)
                    .add("mhlen", mhlen).add("pin", pin ? true : null);
            client.jsonLines("block/put", query, body.publisher(done -> {
            }), body.contentType(), reply -> main().out().println(reply.path("Key").asText()));
            return 0;
        }
    }

    @Command(name = "get", description = "Get a raw IPFS block.")
    public static final class Get extends ClientCommand {

        @Parameters(paramLabel = "CID", arity = "1")
        private String cid;

        @Override
        protected int run(RpcClient client) throws Exception {
            return streamToOut(client, "block/get", new RpcClient.Query().arg(cid));
        }
    }

    @Command(name = "stat", description = "Print information of a raw IPFS block.")
    public static final class Stat extends ClientCommand {

        @Parameters(paramLabel = "CID", arity = "1")
        private String cid;

        @Override
        protected int run(RpcClient client) throws Exception {
            JsonNode reply = client.json("block/stat", new RpcClient.Query().arg(cid));
            main().out().println("Key: " + reply.path("Key").asText());
            main().out().println("Size: " + reply.path("Size").asText());
            return 0;
        }
    }

    @Command(name = "rm", description = "Remove IPFS block(s) from the local datastore.")
    public static final class Rm extends ClientCommand {

        @Parameters(paramLabel = "CID", arity = "1..*")
        private List<String> cids;

        @Option(names = {"-f", "--force"}, description = "Ignore nonexistent blocks")
        private boolean force;

        @Option(names = {"-q", "--quiet"}, description = "Write minimal output")
        private boolean quiet;

        @Override
        protected int run(RpcClient client) throws Exception {
            RpcClient.Query query = new RpcClient.Query().add("force", force ? true : null).add("quiet", quiet ? true : null);
            cids.forEach(query::arg);
            boolean[] failed = {false};
            client.jsonLines("block/rm", query, HttpRequest.BodyPublishers.noBody(), null, reply -> {
                String error = reply.path("Error").asText("");
                if (!error.isEmpty()) {
                    main().err().println("Error: cannot remove " + reply.path("Hash").asText() + ": " + error);
                    failed[0] = true;
                } else if (!quiet) {
                    main().out().println("removed " + reply.path("Hash").asText());
                }
            });
            return failed[0] ? 1 : 0;
        }
    }
}
