package io.strata.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.strata.testkit.LoopbackPorts.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A daemon killed with SIGKILL in the middle of a large {@code add} over HTTP: after a restart, everything
 * acknowledged before the kill is there and pinned, {@code repo/verify} finds no corrupt block, and the
 * interrupted add left no pin behind.
 */
class KillDuringAddTest {

    private static final String BOUNDARY = "strata-kill-test-boundary";
    private static final long LARGE_ADD_BYTES = 4L * 1024 * 1024 * 1024;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void acknowledgedAddsSurviveAKillDuringALargeAdd() throws Exception {
        Path repo = dir.resolve("repo");
        int apiPort = freePort();
        int gatewayPort = freePort();
        byte[] acknowledgedContent = "acknowledged before the kill\n".getBytes(StandardCharsets.UTF_8);
        String acknowledged;

        Process daemon = DaemonProcesses.start(repo, apiPort, gatewayPort, dir.resolve("first.err"));
        try {
            DaemonProcesses.readUntil(daemon, "Daemon is ready");
            acknowledged = add(apiPort, new ByteArrayInputStream(acknowledgedContent)).join();
            long blocksBefore = blockCount(apiPort);

            CompletableFuture<String> interrupted = add(apiPort, new PseudoRandomStream(LARGE_ADD_BYTES));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (blockCount(apiPort) < blocksBefore + 200) {
                assertTrue(System.nanoTime() < deadline, "the large add stored nothing within 120 s");
                assertTrue(!interrupted.isDone(), "the large add ended before the kill");
                Thread.sleep(50);
            }
            daemon.destroyForcibly();
            assertTrue(daemon.waitFor(60, TimeUnit.SECONDS));
            assertEquals(137, daemon.exitValue(), "killed by SIGKILL");
        } finally {
            daemon.destroyForcibly();
        }

        Process restarted = DaemonProcesses.start(repo, apiPort, gatewayPort, dir.resolve("restarted.err"));
        try {
            DaemonProcesses.readUntil(restarted, "Daemon is ready");
            List<JsonNode> verify = ndjson(post(apiPort, "repo/verify").body());
            assertEquals("verify complete, all blocks validated.", verify.get(verify.size() - 1).path("Msg").asText(),
                    verify.toString());
            HttpResponse<byte[]> cat = postBytes(apiPort, "cat?arg=" + acknowledged);
            assertEquals(200, cat.statusCode());
            assertEquals(new String(acknowledgedContent, StandardCharsets.UTF_8),
                    new String(cat.body(), StandardCharsets.UTF_8));
            JsonNode pins = json.readTree(post(apiPort, "pin/ls?type=recursive").body()).path("Keys");
            List<String> pinned = new ArrayList<>();
            pins.fieldNames().forEachRemaining(pinned::add);
            assertEquals(List.of(acknowledged), pinned, "only the acknowledged add is pinned");
        } finally {
            restarted.destroy();
            restarted.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private CompletableFuture<String> add(int apiPort, InputStream content) {
        byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"data\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(api(apiPort, "add?quieter=true"))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(
                        new SequenceInputStream(new ByteArrayInputStream(head), content), new ByteArrayInputStream(tail))))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            List<JsonNode> lines = ndjson(response.body());
            return lines.get(lines.size() - 1).path("Hash").asText();
        });
    }

    private long blockCount(int apiPort) throws Exception {
        return json.readTree(post(apiPort, "repo/stat").body()).path("NumObjects").asLong();
    }

    private HttpResponse<String> post(int apiPort, String command) throws Exception {
        return http.send(HttpRequest.newBuilder(api(apiPort, command)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> postBytes(int apiPort, String command) throws Exception {
        return http.send(HttpRequest.newBuilder(api(apiPort, command)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static URI api(int apiPort, String command) {
        return URI.create("http://127.0.0.1:" + apiPort + "/api/v0/" + command);
    }

    private List<JsonNode> ndjson(String body) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                try {
                    lines.add(json.readTree(line));
                } catch (Exception e) {
                    throw new AssertionError("not JSON: " + line, e);
                }
            }
        }
        return lines;
    }

    /** Incompressible, never-repeating content, so every chunk becomes a new block. */
    private static final class PseudoRandomStream extends InputStream {
        private final Random random = new Random(42);
        private long remaining;

        PseudoRandomStream(long length) {
            this.remaining = length;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (remaining == 0) {
                return -1;
            }
            int count = (int) Math.min(length, remaining);
            byte[] bytes = new byte[count];
            random.nextBytes(bytes);
            System.arraycopy(bytes, 0, target, offset, count);
            remaining -= count;
            return count;
        }
    }
}
