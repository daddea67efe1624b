package io.strata.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.List;

/** {@code strata ls}: lists directory links as {@code <hash> <size> <name>}, directories with a trailing slash. */
@Command(name = "ls", description = "List directory contents for Unix filesystem objects.")
public final class LsCommand extends ClientCommand {

    private static final int DIRECTORY = 1;

    @Parameters(paramLabel = "PATH", arity = "1..*")
    private List<String> paths;

    @Option(names = {"-v", "--headers"}, description = "Print table headers (Hash, Size, Name)")
    private boolean headers;

    @Override
    protected int run(RpcClient client) throws Exception {
        RpcClient.Query query = new RpcClient.Query();
        paths.forEach(query::arg);
        JsonNode reply = client.json("ls", query);
        PrintStream out = main().out();
        for (JsonNode object : reply.path("Objects")) {
            if (paths.size() > 1) {
                out.println(object.path("Hash").asText() + ":");
            }
            if (headers) {
                out.println("Hash\tSize\tName");
            }
            for (JsonNode link : object.path("Links")) {
                boolean directory = link.path("Type").asInt() == DIRECTORY;
                out.println(link.path("Hash").asText() + "\t" + (directory ? "-" : link.path("Size").asText())
                        + "\t" + link.path("Name").asText() + (directory ? "/" : ""));
            }
            if (paths.size() > 1) {
                out.println();
            }
        }
        return 0;
    }
}
