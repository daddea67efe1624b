package io.strata.api.rpc;

import java.util.List;

/**
 * One RPC command: its path under {@code /api/v0} (for example {@code block/put}), what it accepts, and
 * what runs it.
 */
public record Command(String path, List<ArgumentSpec> arguments, List<OptionSpec> options, CommandHandler handler) {

    public Command {
        arguments = List.copyOf(arguments);
        options = List.copyOf(options);
    }

    public static Builder builder(String path) {
        return new Builder(path);
    }

    /** Assembles a command a line at a time, in the order Kubo's command definitions read. */
    public static final class Builder {
        private final String path;
        private final java.util.ArrayList<ArgumentSpec> arguments = new java.util.ArrayList<>();
        private final java.util.ArrayList<OptionSpec> options = new java.util.ArrayList<>();

        private Builder(String path) {
            this.path = path;
        }

        public Builder argument(ArgumentSpec argument) {
            arguments.add(argument);
            return this;
        }

        public Builder option(OptionSpec option) {
            options.add(option);
            return this;
        }

        public Command handler(CommandHandler handler) {
            return new Command(path, arguments, options, handler);
        }
    }
}
