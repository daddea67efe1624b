package io.strata.api.rpc;

import java.util.List;

/**
 * One option a command accepts: its canonical name, the aliases Kubo also accepts in the query string,
 * its type and its default (or {@code null} when unset means "not given").
 */
public record OptionSpec(String name, List<String> aliases, OptionType type, Object defaultValue) {

    public OptionSpec {
        aliases = List.copyOf(aliases);
    }

    public static OptionSpec bool(String name, String... aliases) {
        return new OptionSpec(name, List.of(aliases), OptionType.BOOL, null);
    }

    public static OptionSpec bool(String name, boolean defaultValue, String... aliases) {
        return new OptionSpec(name, List.of(aliases), OptionType.BOOL, defaultValue);
    }

    public static OptionSpec integer(String name, String... aliases) {
        return new OptionSpec(name, List.of(aliases), OptionType.INT, null);
    }

    public static OptionSpec integer(String name, int defaultValue, String... aliases) {
        return new OptionSpec(name, List.of(aliases), OptionType.INT, (long) defaultValue);
    }

    public static OptionSpec int64(String name, String... aliases) {
        return new OptionSpec(name, List.of(aliases), OptionType.INT64, null);
    }

    public static OptionSpec string(String name, String... aliases) {
        return new OptionSpec(name, List.of(aliases), OptionType.STRING, null);
    }

    public static OptionSpec stringWithDefault(String name, String defaultValue, String... aliases) {
        return new OptionSpec(name, List.of(aliases), OptionType.STRING, defaultValue);
    }

    public static OptionSpec strings(String name, String... aliases) {
        return new OptionSpec(name, List.of(aliases), OptionType.STRINGS, null);
    }
}
