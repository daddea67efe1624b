package io.strata.node.cli;

import io.strata.node.Main;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;

/** {@code strata version}: this binary's version; needs no daemon, like {@code ipfs version}. */
@Command(name = "version", description = "Show Strata version information.")
public final class VersionCommand implements Callable<Integer> {

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = {"-n", "--number"}, description = "Only show the version number")
    private boolean number;

    @Override
    public Integer call() {
        Main main = (Main) spec.root().userObject();
        main.out().println(number ? version() : "strata version " + version());
        return 0;
    }

    public static String version() {
        try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Feeds {@code strata --version}. */
    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"strata version " + version()};
        }
    }
}
