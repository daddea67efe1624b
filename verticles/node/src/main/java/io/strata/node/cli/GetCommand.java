package io.strata.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code strata get}: downloads a file or directory. The API sends a tar stream (as Kubo's does), which is
 * unpacked into {@code ./<name>} or {@code -o}, or written as is with {@code -a}.
 */
@Command(name = "get", description = "Download IPFS objects.")
public final class GetCommand extends ClientCommand {

    @Parameters(paramLabel = "PATH", arity = "1")
    private String path;

    @Option(names = {"-o", "--output"}, description = "The path where the output should be stored")
    private Path output;

    @Option(names = {"-a", "--archive"}, description = "Output a TAR archive")
    private boolean archive;

    @Override
    protected int run(RpcClient client) throws Exception {
        String name = lastSegment(path);
        RpcClient.Query query = new RpcClient.Query().arg(path).add("archive", archive ? true : null);
        main().out().println("Saving file(s) to " + (output != null ? output : Path.of(name + (archive ? ".tar" : ""))));
        try (InputStream in = client.stream("get", query)) {
            if (archive) {
                Path target = output != null ? output : Path.of(name + ".tar");
                try (OutputStream out = Files.newOutputStream(target)) {
                    in.transferTo(out);
                }
            } else if (output != null) {
                Path parent = output.toAbsolutePath().getParent();
                TarExtractor.extract(in, parent, output.getFileName().toString());
            } else {
                TarExtractor.extract(in, Path.of("."), name);
            }
        }
        return 0;
    }

    private static String lastSegment(String path) {
        String trimmed = path.replaceAll("/+$", "");
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
