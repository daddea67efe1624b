package io.strata.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.http.HttpRequest;

/** {@code strata repo gc|stat|verify}. */
@Command(name = "repo", description = "Manipulate the IPFS repo.",
        subcommands = {RepoCommand.Gc.class, RepoCommand.Stat.class, RepoCommand.Verify.class})
public final class RepoCommand {

    @Command(name = "gc", description = "Perform a garbage collection sweep on the repo.")
    public static final class Gc extends ClientCommand {

        @Option(names = {"-q", "--quiet"}, description = "Write minimal output")
        private boolean quiet;

        @Override
        protected int run(RpcClient client) throws Exception {
            boolean[] failed = {false};
            client.jsonLines("repo/gc", new RpcClient.Query().add("stream-errors", true),
                    HttpRequest.BodyPublishers.noBody(), null, reply -> {
                        String error = reply.path("Error").asText("");
                        if (!error.isEmpty()) {
                            main().err().println("Error: " + error);
                            failed[0] = true;
                        } else if (!quiet) {
                            main().out().println("removed " + DagCommand.cidOf(reply.path("Key")));
                        }
                    });
            return failed[0] ? 1 : 0;
        }
    }

    @Command(name = "stat", description = "Get stats for the currently used repo.")
    public static final class Stat extends ClientCommand {

        @Option(names = {"-s", "--size-only"}, description = "Only report RepoSize and StorageMax")
        private boolean sizeOnly;

        @Override
        protected int run(RpcClient client) throws Exception {
            JsonNode reply = client.json("repo/stat", new RpcClient.Query().add("size-only", sizeOnly ? true : null));
            for (String field : new String[] {"NumObjects", "RepoSize", "StorageMax", "RepoPath", "Version"}) {
                if (reply.has(field)) {
                    main().out().println(String.format("%-12s%s", field + ":", reply.get(field).asText()));
                }
            }
            return 0;
        }
    }

    @Command(name = "verify", description = "Verify all blocks in repo are not corrupted.")
    public static final class Verify extends ClientCommand {

        @Override
        protected int run(RpcClient client) throws Exception {
            client.jsonLines("repo/verify", new RpcClient.Query(), HttpRequest.BodyPublishers.noBody(), null,
                    reply -> main().out().println(reply.path("Msg").asText()));
            return 0;
        }
    }
}
