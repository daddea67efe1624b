package io.strata.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** {@code strata id}: the node's identity as JSON, as {@code ipfs id} prints it. */
@Command(name = "id", description = "Show IPFS node id info.")
public final class IdCommand extends ClientCommand {

    @Option(names = {"-f", "--format"}, description = "Print only this field: <id>, <pubkey>, <aver>, <addrs>")
    private String format;

    @Override
    protected int run(RpcClient client) throws Exception {
        JsonNode reply = client.json("id", new RpcClient.Query());
        if (format == null) {
            main().out().println(RpcClient.pretty(reply));
            return 0;
        }
        String text = format
                .replace("<id>", reply.path("ID").asText())
                .replace("<pubkey>", reply.path("PublicKey").asText())
                .replace("<aver>", reply.path("AgentVersion").asText())
                .replace("<addrs>", addresses(reply));
        main().out().println(text.replace("\\n", "\n").replace("\\t", "\t"));
        return 0;
    }

    private static String addresses(JsonNode reply) {
        List<String> addresses = new ArrayList<>();
        reply.path("Addresses").forEach(address -> addresses.add(address.asText()));
        return String.join("\n", addresses);
    }
}
