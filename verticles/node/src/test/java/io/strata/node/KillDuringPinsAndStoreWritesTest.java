package io.strata.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.strata.testkit.LoopbackPorts.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A daemon killed with SIGKILL while two clients keep it busy, one pinning blocks ({@code block/put} then
 * {@code pin/add}) and one writing keys to a replicated key-value store: after a restart, every pin and every
 * write the daemon acknowledged (answered 200) before the kill is there, and {@code repo/verify} is clean.
 * Requests in flight at the kill may or may not have landed; only acknowledged ones are checked.
 */
class KillDuringPinsAndStoreWritesTest {

    /** Of each kind, pins and writes; both clients are still going when the kill comes. */
    private static final int ACKNOWLEDGED_BEFORE_KILL = 40;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void acknowledgedPinsAndStoreWritesSurviveAKill() throws Exception {
        Path repo = dir.resolve("repo");
        int apiPort = freePort();
        int gatewayPort = freePort();
        Map<String, String> pinned = new ConcurrentHashMap<>();
        Map<String, String> written = new ConcurrentHashMap<>();
        String database;

        Process daemon = DaemonProcesses.start(repo, apiPort, gatewayPort, dir.resolve("first.err"));
        try {
            DaemonProcesses.readUntil(daemon, "Daemon is ready");
            HttpResponse<String> opened = send(apiPort, "db", HttpRequest.BodyPublishers
                    .ofString("{\"name\":\"kill-test\",\"type\":\"keyvalue\"}"), "POST");
            assertEquals(200, opened.statusCode(), opened.body());
            database = json.readTree(opened.body()).path("address").asText().substring("/orbitdb/".length());

            CountDownLatch enoughPins = new CountDownLatch(ACKNOWLEDGED_BEFORE_KILL);
            CountDownLatch enoughWrites = new CountDownLatch(ACKNOWLEDGED_BEFORE_KILL);
            AtomicReference<Throwable> clientFailure = new AtomicReference<>();
            Thread pinner = client(clientFailure, i -> {
                byte[] block = ("pinned block " + i + " " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
                HttpResponse<String> put = http.send(multipart(apiPort, "block/put?cid-codec=raw", block),
                        HttpResponse.BodyHandlers.ofString());
                if (put.statusCode() != 200) {
                    return false;
                }
                String cid = json.readTree(put.body()).path("Key").asText();
                HttpResponse<String> pin = send(apiPort, "pin/add?arg=" + cid, HttpRequest.BodyPublishers.noBody(), "POST");
                if (pin.statusCode() == 200) {
                    pinned.put(cid, cid);
                    enoughPins.countDown();
                }
                return true;
            });
            Thread writer = client(clientFailure, i -> {
                String value = "\"value " + i + "\"";
                HttpResponse<String> put = send(apiPort, "db/" + database + "/keys/key" + i,
                        HttpRequest.BodyPublishers.ofString(value), "PUT");
                if (put.statusCode() == 200) {
                    written.put("key" + i, "value " + i);
                    enoughWrites.countDown();
                }
                return true;
            });
            pinner.start();
            writer.start();
            assertTrue(enoughPins.await(120, TimeUnit.SECONDS) && enoughWrites.await(120, TimeUnit.SECONDS),
                    "the clients got too few answers within 120 s: " + pinned.size() + " pins, " + written.size() + " writes");
            daemon.destroyForcibly();
            assertTrue(daemon.waitFor(60, TimeUnit.SECONDS));
            assertEquals(137, daemon.exitValue(), "killed by SIGKILL");
            pinner.join(30_000);
            writer.join(30_000);
            assertNull(clientFailure.get(), "a client failed before the kill");
        } finally {
            daemon.destroyForcibly();
        }

        Process restarted = DaemonProcesses.start(repo, apiPort, gatewayPort, dir.resolve("restarted.err"));
        try {
            DaemonProcesses.readUntil(restarted, "Daemon is ready");
            String verify = send(apiPort, "repo/verify", HttpRequest.BodyPublishers.noBody(), "POST").body();
            assertTrue(verify.contains("verify complete, all blocks validated."), verify);

            JsonNode keys = json.readTree(send(apiPort, "pin/ls?type=recursive", HttpRequest.BodyPublishers.noBody(),
                    "POST").body()).path("Keys");
            for (String cid : pinned.keySet()) {
                assertTrue(keys.has(cid), "acknowledged pin " + cid + " is gone after the kill");
            }

            send(apiPort, "db", HttpRequest.BodyPublishers.ofString("{\"address\":\"/orbitdb/" + database + "\"}"), "POST");
            Map<String, String> lost = new LinkedHashMap<>();
            for (Map.Entry<String, String> entry : written.entrySet()) {
                HttpResponse<String> read = send(apiPort, "db/" + database + "/keys/" + entry.getKey(), null, "GET");
                if (read.statusCode() != 200 || !read.body().contains(entry.getValue())) {
                    lost.put(entry.getKey(), read.statusCode() + " " + read.body());
                }
            }
            assertEquals(Map.of(), lost, "acknowledged store writes lost after the kill");
        } finally {
            restarted.destroy();
            restarted.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** One operation per iteration; an exception after the kill (connection refused) ends the client quietly. */
    private interface Operation {
        boolean run(int iteration) throws Exception;
    }

    private static Thread client(AtomicReference<Throwable> failure, Operation operation) {
        Thread thread = new Thread(() -> {
            for (int i = 0; ; i++) {
                try {
                    if (!operation.run(i)) {
                        return;
                    }
                } catch (java.io.IOException killed) {
                    return;
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                    return;
                }
            }
        });
        thread.setDaemon(true);
        return thread;
    }

    private HttpRequest multipart(int apiPort, String command, byte[] content) {
        String boundary = "strata-kill-pins";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        return HttpRequest.newBuilder(api(apiPort, command))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private HttpResponse<String> send(int apiPort, String command, HttpRequest.BodyPublisher body, String method)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(api(apiPort, command));
        request = body == null ? request.GET() : request.method(method, body);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI api(int apiPort, String command) {
        return URI.create("http://127.0.0.1:" + apiPort + "/api/v0/" + command);
    }
}
