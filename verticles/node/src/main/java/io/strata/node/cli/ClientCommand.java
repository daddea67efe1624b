package io.strata.node.cli;

import io.strata.node.Main;
import io.strata.node.NodeConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command that talks to a running node's RPC API. The API address comes from {@code --api}, else the
 * {@code STRATA_API} environment variable, else the node configuration (api.host and api.port).
 */
public abstract class ClientCommand implements Callable<Integer> {

    public static final String API_ENV = "STRATA_API";
    private static final Pattern MULTIADDR = Pattern.compile("/(ip4|ip6|dns|dns4|dns6)/([^/]+)/tcp/(\\d+)(/http)?/?");

    @Spec
    protected CommandSpec spec;

    @Option(names = "--api", paramLabel = "ADDRESS",
            description = "RPC API: a multiaddr (/ip4/127.0.0.1/tcp/5001) or URL (http://127.0.0.1:5001); env STRATA_API")
    private String api;

    @Option(names = "--config", description = "Node config file to read the API address from (env STRATA_CONFIG)")
    private Path config;

    protected Main main() {
        return (Main) spec.root().userObject();
    }

    @Override
    public final Integer call() throws Exception {
        try {
            return run(new RpcClient(apiAddress()));
        } catch (RpcException e) {
            main().err().println("Error: " + e.getMessage());
            return 1;
        }
    }

    protected abstract int run(RpcClient client) throws Exception;

    /** Copies a byte-stream command's output to standard output, as {@code ipfs cat} and friends do. */
    protected int streamToOut(RpcClient client, String command, RpcClient.Query query) throws Exception {
        try (InputStream in = client.stream(command, query)) {
            in.transferTo(main().out());
        }
        main().out().flush();
        return 0;
    }

    /** A multipart body of the named files, or of standard input when none are named. */
    protected MultipartBody filesOrStdin(List<Path> files) {
        MultipartBody body = new MultipartBody();
        if (files.isEmpty()) {
            body.stream("", main().in());
        }
        files.forEach(file -> body.file(file.getFileName().toString(), file));
        return body;
    }

    private URI apiAddress() {
        Map<String, String> environment = main().environment();
        String address = api != null ? api : environment.get(API_ENV);
        if (address == null) {
            return URI.create(NodeConfig.load(Optional.ofNullable(config), environment, Map.of()).apiUrl());
        }
        return parseAddress(address);
    }

    /** A multiaddr {@code /ip4/H/tcp/P}, a URL {@code http://H:P}, or {@code H:P}. */
    public static URI parseAddress(String address) {
        Matcher multiaddr = MULTIADDR.matcher(address);
        if (multiaddr.matches()) {
            String host = multiaddr.group(1).equals("ip6") ? "[" + multiaddr.group(2) + "]" : multiaddr.group(2);
            return URI.create("http://" + host + ":" + multiaddr.group(3));
        }
        if (address.startsWith("http://") || address.startsWith("https://")) {
            return URI.create(address.replaceAll("/+$", ""));
        }
        if (address.matches("[^/:]+:\\d+")) {
            return URI.create("http://" + address);
        }
        throw new IllegalArgumentException("not an API address: '" + address
                + "' (use a multiaddr like /ip4/127.0.0.1/tcp/5001 or a URL like http://127.0.0.1:5001)");
    }
}
