package io.strata.fuzz;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The fuzzers' property on fixed inputs, in every build: each seed and each input a fuzzer once found still
 * yields a value or the documented exception, within a bound.
 */
class FuzzRegressionTest {

    private static final Duration PER_INPUT = Duration.ofSeconds(10);

    @TestFactory
    List<DynamicTest> seedsAndPastFindingsKeepTheProperty() {
        List<DynamicTest> tests = new ArrayList<>();
        for (FuzzTarget target : FuzzTarget.values()) {
            List<byte[]> seeds = target.seeds(FuzzInputs.IPLD_TEST_RESOURCES);
            tests.add(DynamicTest.dynamicTest(target.id() + " has seeds", () -> assertFalse(seeds.isEmpty())));
            for (int i = 0; i < seeds.size(); i++) {
                byte[] seed = seeds.get(i);
                tests.add(DynamicTest.dynamicTest(target.id() + " seed " + i,
                        () -> assertTimeoutPreemptively(PER_INPUT, () -> target.run(seed))));
            }
            for (Path finding : FuzzInputs.regressions(target)) {
                tests.add(DynamicTest.dynamicTest(target.id() + " " + finding.getFileName(), () -> {
                    byte[] input = Files.readAllBytes(finding);
                    assertTimeoutPreemptively(PER_INPUT, () -> target.run(input));
                }));
            }
        }
        return tests;
    }
}
