package io.strata.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

/** {@code strata pin add|rm|ls}. */
@Command(name = "pin", description = "Pin (and unpin) objects to local storage.",
        subcommands = {PinCommand.Add.class, PinCommand.Rm.class, PinCommand.Ls.class})
public final class PinCommand {

    @Command(name = "add", description = "Pin objects to local storage.")
    public static final class Add extends ClientCommand {

        @Parameters(paramLabel = "PATH", arity = "1..*")
        private List<String> paths;

        @Option(names = {"-r", "--recursive"}, negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Recursively pin the object linked to by the specified object(s) (default true)")
        private boolean recursive;

        @Option(names = "--name", description = "An optional name for the created pin(s)")
        private String name;

        @Override
        protected int run(RpcClient client) throws Exception {
            RpcClient.Query query = new RpcClient.Query().add("recursive", recursive).add("name", name);
            paths.forEach(query::arg);
            JsonNode reply = client.json("pin/add", query);
            for (JsonNode pinned : reply.path("Pins")) {
                main().out().println("pinned " + pinned.asText() + (recursive ? " recursively" : " directly"));
            }
            return 0;
        }
    }

    @Command(name = "rm", description = "Remove object from pin-list.")
    public static final class Rm extends ClientCommand {

        @Parameters(paramLabel = "PATH", arity = "1..*")
        private List<String> paths;

        @Option(names = {"-r", "--recursive"}, negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Recursively unpin the object linked to by the specified object(s) (default true)")
        private boolean recursive;

        @Override
        protected int run(RpcClient client) throws Exception {
            RpcClient.Query query = new RpcClient.Query().add("recursive", recursive);
            paths.forEach(query::arg);
            JsonNode reply = client.json("pin/rm", query);
            for (JsonNode unpinned : reply.path("Pins")) {
                main().out().println("unpinned " + unpinned.asText());
            }
            return 0;
        }
    }

    @Command(name = "ls", description = "List objects pinned to local storage.")
    public static final class Ls extends ClientCommand {

        @Parameters(paramLabel = "PATH", arity = "0..*")
        private List<String> paths = List.of();

        @Option(names = {"-t", "--type"}, defaultValue = "all",
                description = "The type of pinned keys to list: direct, indirect, recursive, or all (default all)")
        private String type;

        @Option(names = {"-q", "--quiet"}, description = "Write just hashes of objects")
        private boolean quiet;

        @Override
        protected int run(RpcClient client) throws Exception {
            RpcClient.Query query = new RpcClient.Query().add("type", type);
            paths.forEach(query::arg);
            PrintStream out = main().out();
            client.jsonLines("pin/ls", query, HttpRequest.BodyPublishers.noBody(), null, reply -> {
                if (reply.has("Keys")) {
                    for (Map.Entry<String, JsonNode> key : reply.get("Keys").properties()) {
                        print(out, key.getKey(), key.getValue());
                    }
                } else if (reply.has("Cid")) {
                    print(out, reply.get("Cid").asText(), reply);
                }
            });
            return 0;
        }

        private void print(PrintStream out, String cid, JsonNode pin) {
            if (quiet) {
                out.println(cid);
                return;
            }
            String name = pin.path("Name").asText("");
            out.println(cid + " " + pin.path("Type").asText() + (name.isEmpty() ? "" : " " + name));
        }
    }
}
