package io.strata.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code strata cat}: streams file contents to stdout. */
@Command(name = "cat", description = "Show IPFS object data.")
public final class CatCommand extends ClientCommand {

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "The path(s) of the objects to output")
    private List<String> paths;

    @Option(names = {"-o", "--offset"}, description = "Byte offset to begin reading from")
    private Long offset;

    @Option(names = {"-l", "--length"}, description = "Maximum number of bytes to read")
    private Long length;

    @Override
    protected int run(RpcClient client) throws Exception {
        RpcClient.Query query = new RpcClient.Query().add("offset", offset).add("length", length);
        paths.forEach(query::arg);
        return streamToOut(client, "cat", query);
    }
}
