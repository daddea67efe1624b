package io.strata.fuzz;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Coverage-guided fuzzing with Jazzer (libFuzzer over instrumented io.strata classes), one JVM per target, for
 * {@code strata.fuzz.seconds} each (10 in `mvn verify`, {@code -Dstrata.fuzz.seconds=600} for a long run, 0 to
 * skip), one target after another: two at a time on a 2-core machine let instrumentation of the first input
 * pass the per-input timeout under load and be reported as a hang. Hooks (the comparison tracing that guides the fuzzer, and the sanitizers)
 * go into io.strata classes only: for every JDK class it retransforms with hooks, Jazzer scans the whole class
 * path, and the coverage of those classes is not measured anyway. A JVM's start is not part of its budget, so the
 * wait for its end allows five minutes more, which a start on a machine loaded many times over its cores needed.
 * The corpus grows in target/fuzz/&lt;id&gt;/corpus across runs; a crash or a hang (an input taking more than
 * {@value #PER_INPUT_SECONDS} s) fails the test and leaves its input in target/fuzz/&lt;id&gt;/: fix the parser,
 * then add the input under src/test/resources/regressions/&lt;id&gt;/.
 */
class FuzzCampaignTest {

    static final int PER_INPUT_SECONDS = 10;

    @ParameterizedTest
    @EnumSource(FuzzTarget.class)
    void fuzzerFindsNoCrashOrHangInItsBudget(FuzzTarget target) throws Exception {
        int seconds = Integer.getInteger("strata.fuzz.seconds", 10);
        assumeTrue(seconds > 0, "fuzzing disabled with -Dstrata.fuzz.seconds=0");
        Path work = Path.of("target", "fuzz", target.id()).toAbsolutePath();
        Path seeds = work.resolve("seeds");
        Path corpus = work.resolve("corpus");
        Files.createDirectories(seeds);
        Files.createDirectories(corpus);
        List<byte[]> seedInputs = new ArrayList<>(target.seeds(FuzzInputs.IPLD_TEST_RESOURCES));
        for (Path finding : FuzzInputs.regressions(target)) {
            seedInputs.add(Files.readAllBytes(finding));
        }
        for (int i = 0; i < seedInputs.size(); i++) {
            Files.write(seeds.resolve("seed-" + i), seedInputs.get(i));
        }
        deleteFindings(work);

        Path log = work.resolve("jazzer.log");
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "com.code_intelligence.jazzer.Jazzer",
                "--target_class=" + target.fuzzerClass().getName(),
                "--instrumentation_includes=io.strata.**",
                "--custom_hook_includes=io.strata.**",
                "--reproducer_path=" + work,
                "-max_total_time=" + seconds,
                "-timeout=" + PER_INPUT_SECONDS,
                "-rss_limit_mb=2048",
                "-artifact_prefix=" + work + "/",
                corpus.toString(),
                seeds.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = process.waitFor(seconds + 300L, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        String tail = output.substring(Math.max(0, output.length() - 6000));
        assertTrue(exited, "Jazzer did not stop after its budget; log " + log + ":\n" + tail);
        assertEquals(0, process.exitValue(), target.id() + " fuzzer found a failing input (" + findings(work)
                + "); log " + log + ":\n" + tail);
        assertTrue(output.contains("Done "), "Jazzer did not fuzz:\n" + tail);
    }

    private static void deleteFindings(Path work) throws IOException {
        for (Path finding : findings(work)) {
            Files.delete(finding);
        }
    }

    private static List<Path> findings(Path work) throws IOException {
        try (Stream<Path> files = Files.list(work)) {
            return files.filter(path -> {
                String name = path.getFileName().toString();
                return name.startsWith("crash-") || name.startsWith("timeout-") || name.startsWith("oom-")
                        || name.startsWith("Crash_");
            }).toList();
        }
    }
}
