package io.strata.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where seeds come from and where the inputs that once crashed a parser are kept. */
final class FuzzInputs {

    static final Path IPLD_TEST_RESOURCES = Path.of("..", "modules", "ipld", "src", "test", "resources");
    static final Path REGRESSIONS = Path.of("src", "test", "resources", "regressions");

    private FuzzInputs() {
    }

    /** Inputs that made a parser fail once, kept by target id; each must now pass. */
    static List<Path> regressions(FuzzTarget target) {
        Path directory = REGRESSIONS.resolve(target.id());
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
