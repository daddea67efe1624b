package io.strata.node;

import io.strata.node.cli.AddCommand;
import io.strata.node.cli.BlockCommand;
import io.strata.node.cli.CatCommand;
import io.strata.node.cli.DagCommand;
import io.strata.node.cli.GetCommand;
import io.strata.node.cli.IdCommand;
import io.strata.node.cli.LsCommand;
import io.strata.node.cli.PinCommand;
import io.strata.node.cli.RepoCommand;
import io.strata.node.cli.VersionCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * The {@code strata} command, in Kubo's habits: {@code strata daemon} runs a node; the other commands are
 * clients of a running node's RPC API. Errors print {@code Error: <message>} on stderr and exit 1.
 */
@Command(name = "strata", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Clustered, IPFS-compatible content-addressed storage.",
        subcommands = {DaemonCommand.class, AddCommand.class, CatCommand.class, GetCommand.class, LsCommand.class,
                PinCommand.class, RepoCommand.class, BlockCommand.class, DagCommand.class, IdCommand.class, VersionCommand.class})
public final class Main implements Runnable {

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;

    public Main(InputStream in, PrintStream out, PrintStream err, Map<String, String> environment) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    public static void main(String[] args) {
        int exitCode = new Main(System.in, System.out, System.err, System.getenv()).execute(args);
        if (exitCode != DaemonCommand.KEEP_RUNNING) {
            System.exit(exitCode);
        }
    }

    /** Runs one command line; answers its exit code ({@link DaemonCommand#KEEP_RUNNING} while a daemon runs). */
    public int execute(String... args) {
        CommandLine commandLine = new CommandLine(this);
        commandLine.setOut(new java.io.PrintWriter(out, true));
        commandLine.setErr(new java.io.PrintWriter(err, true));
        commandLine.setExecutionExceptionHandler((failure, line, parsed) -> {
            err.println("Error: " + (failure.getMessage() == null ? failure.toString() : failure.getMessage()));
            return 1;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(out);
    }

    public InputStream in() {
        return in;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public Map<String, String> environment() {
        return environment;
    }
}
