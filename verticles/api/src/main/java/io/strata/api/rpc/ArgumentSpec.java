package io.strata.api.rpc;

/**
 * One positional argument of a command. String arguments come from repeated {@code arg} query
 * parameters; a file argument is the multipart/form-data request body.
 */
public record ArgumentSpec(String name, boolean file, boolean required, boolean variadic) {

    public static ArgumentSpec string(String name) {
        return new ArgumentSpec(name, false, true, false);
    }

    public static ArgumentSpec strings(String name) {
        return new ArgumentSpec(name, false, true, true);
    }

    public static ArgumentSpec optionalString(String name) {
        return new ArgumentSpec(name, false, false, false);
    }

    public static ArgumentSpec optionalStrings(String name) {
        return new ArgumentSpec(name, false, false, true);
    }

    public static ArgumentSpec file(String name) {
        return new ArgumentSpec(name, true, true, false);
    }

    public static ArgumentSpec files(String name) {
        return new ArgumentSpec(name, true, true, true);
    }
}
