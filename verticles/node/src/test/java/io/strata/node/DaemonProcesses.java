package io.strata.node;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts {@code strata daemon} as a separate JVM on the test classpath and reads its console. */
final class DaemonProcesses {

    private DaemonProcesses() {
    }

    static Process start(Path repo, int apiPort, int gatewayPort, Path stderr) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "daemon",
                "--repo", repo.toString(), "--api-port", Integer.toString(apiPort),
                "--gateway-port", Integer.toString(gatewayPort))
                .redirectError(stderr.toFile())
                .start();
    }

    static List<String> readUntil(Process process, String last) throws Exception {
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        String line;
        while ((line = lines.readLine()) != null) {
            seen.add(line);
            if (line.equals(last)) {
                return seen;
            }
        }
        throw new AssertionError("the daemon ended before printing '" + last + "': " + seen);
    }
}
