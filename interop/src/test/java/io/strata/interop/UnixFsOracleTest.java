package io.strata.interop;

import io.strata.ipld.unixfs.ImportOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JS oracle, configured as in js/unixfs-add.mjs, gives the CIDs Kubo gives for well-known inputs; if
 * it did not, every comparison with it would be meaningless.
 */
class UnixFsOracleTest {

    private static UnixFsOracle oracle;

    @TempDir
    Path dir;

    @BeforeAll
    static void locateNode() {
        oracle = new UnixFsOracle(NodeScripts.locate());
    }

    @Test
    void reproducesKuboCidsOfWellKnownInputs() throws IOException {
        Path hello = TestData.textFile(dir.resolve("hello"), "hello world\n");
        Path empty = TestData.textFile(dir.resolve("empty"), "");
        ImportOptions kubo = ImportOptions.defaults();

        List<UnixFsOracle.Result> results = oracle.add(List.of(
                UnixFsOracle.Case.file(hello, kubo),
                UnixFsOracle.Case.file(hello, kubo.withCidVersion(1)),
                UnixFsOracle.Case.file(empty, kubo),
                UnixFsOracle.Case.file(empty, kubo.withCidVersion(1)),
                new UnixFsOracle.Case(List.of(UnixFsOracle.Input.emptyDirectory("empty")), kubo, false, false)));

        assertEquals("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o", results.get(0).root());
        assertEquals("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4", results.get(1).root());
        assertEquals("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH", results.get(2).root());
        assertEquals("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", results.get(3).root());
        assertEquals("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn", results.get(4).root());
    }

    @Test
    void wrapsAFileInADirectoryAsKuboDoes() throws IOException {
        Path hello = TestData.textFile(dir.resolve("hello"), "hello world\n");

        UnixFsOracle.Result wrapped = oracle.add(new UnixFsOracle.Case(
                List.of(UnixFsOracle.Input.at("hello.txt", hello)), ImportOptions.defaults(), true, true));

        assertEquals(List.of("hello.txt", ""), wrapped.entries().stream().map(UnixFsOracle.Entry::path).toList());
        assertEquals("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o", wrapped.entries().get(0).cid());
        assertEquals(List.of(wrapped.root(), "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o"), wrapped.blocks());
    }

    @Test
    void failsLoudlyOnAMissingInputFile() {
        Path missing = dir.resolve("does-not-exist");

        AssertionError error = assertThrows(AssertionError.class,
                () -> oracle.add(UnixFsOracle.Case.file(missing, ImportOptions.defaults())));

        assertTrue(error.getMessage().contains("ENOENT"), error.getMessage());
    }
}
