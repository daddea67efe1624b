package io.strata.node;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.strata.testkit.LoopbackPorts.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code strata daemon} as a real process: ready output, SIGTERM shutdown, and a clear failure on a locked repo. */
class DaemonProcessTest {

    @TempDir
    Path dir;

    @Test
    void stopsCleanlyOnSigtermAndRefusesASecondDaemonOnTheSameRepo() throws Exception {
        Path repo = dir.resolve("repo");
        Path firstErr = dir.resolve("first.err");
        Process first = daemon(repo, firstErr);
        try {
            List<String> ready = readUntil(first, "Daemon is ready");
            assertTrue(ready.stream().anyMatch(line -> line.startsWith("PeerID: 12D3KooW")), ready.toString());

            Path secondErr = dir.resolve("second.err");
            Process second = daemon(repo, secondErr);
            assertTrue(second.waitFor(60, TimeUnit.SECONDS));
            assertEquals(1, second.exitValue());
            String error = Files.readString(secondErr);
            assertTrue(error.contains("Error: the repository " + repo.resolve("blocks") + " is locked"), error);

            first.destroy();
            assertTrue(first.waitFor(60, TimeUnit.SECONDS));
            assertEquals(143, first.exitValue(), "terminated by SIGTERM through the shutdown hook");
            String log = Files.readString(firstErr);
            assertTrue(log.contains("stopping the node"), log);
            assertFalse(log.contains("did not stop cleanly"), log);
        } finally {
            first.destroyForcibly();
        }
        Process restarted = daemon(repo, dir.resolve("restarted.err"));
        try {
            readUntil(restarted, "Daemon is ready");
        } finally {
            restarted.destroy();
            restarted.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private Process daemon(Path repo, Path stderr) throws Exception {
        return DaemonProcesses.start(repo, freePort(), freePort(), stderr);
    }

    private static List<String> readUntil(Process process, String last) throws Exception {
        return DaemonProcesses.readUntil(process, last);
    }
}
