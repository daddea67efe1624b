package io.strata.node;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static io.strata.node.StrataNodeTest.await;
import static io.strata.testkit.LoopbackPorts.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI against a real node (block store and RPC API), as a user runs them. */
class NodeCliEndToEndTest {

    @TempDir
    Path dir;
    private StrataNode node;
    private String api;

    @BeforeEach
    void startNode() throws Exception {
        int port = freePort();
        api = "/ip4/127.0.0.1/tcp/" + port;
        node = await(StrataNode.start(NodeConfig.load(Optional.empty(), Map.of(), Map.of(
                "repo", dir.resolve("repo").toString(), "api.port", Integer.toString(port),
                "gateway.port", Integer.toString(freePort())))));
    }

    @AfterEach
    void stopNode() throws Exception {
        await(node.stop());
    }

    private record Result(int exitCode, String out, String err) {
    }

    private Result strata(InputStream in, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = new Main(in, new PrintStream(out, true), new PrintStream(err, true), Map.of("STRATA_API", api))
                .execute(args);
        return new Result(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Result strata(String... args) {
        return strata(InputStream.nullInputStream(), args);
    }

    @Test
    void addCatPinAndGetAsKuboDoes() throws Exception {
        Path hello = Files.writeString(dir.resolve("hello.txt"), "hello world\n");
        // Kubo 0.x: echo "hello world" | ipfs add  ->  QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o
        Result added = strata("add", hello.toString());
        assertEquals(new Result(0, "added QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o hello.txt\n", ""), added);

        Result fromStdin = strata(new ByteArrayInputStream("hello world\n".getBytes(StandardCharsets.UTF_8)),
                "add", "-q", "--cid-version", "1");
        assertEquals(0, fromStdin.exitCode(), fromStdin.err());
        assertEquals("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4\n", fromStdin.out());

        assertEquals(new Result(0, "hello world\n", ""), strata("cat", "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o"));
        assertTrue(strata("pin", "ls", "--type", "recursive").out()
                .contains("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o recursive"));

        Path output = dir.resolve("copy.txt");
        assertEquals(0, strata("get", "-o", output.toString(), "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o").exitCode());
        assertEquals("hello world\n", Files.readString(output));
    }

    @Test
    void errorsExitOneWithTheServersMessage() {
        Result missing = strata("block", "stat", "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy");
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().startsWith("Error: "), missing.err());
        assertEquals("", missing.out());
    }

    @Test
    void idReportsThePersistedIdentity() {
        Result id = strata("id", "-f", "<id>");
        assertEquals(new Result(0, node.identity().peerId().toBase58() + "\n", ""), id);
    }
}
