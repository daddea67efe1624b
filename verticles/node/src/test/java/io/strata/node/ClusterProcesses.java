package io.strata.node;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static io.strata.testkit.LoopbackPorts.freePort;

/**
 * Clustered {@code strata daemon}s as separate JVMs on loopback: each with its own temporary repository and
 * free ports, all in one cluster of their own (a random name, an explicit member list), talked to over HTTP
 * like a client does. Closing kills whatever is still running.
 */
final class ClusterProcesses implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    /** One daemon process and where to reach it. */
    record Daemon(String name, Process process, int apiPort, int gatewayPort, int clusterPort, Path log) {

        String api() {
            return "http://127.0.0.1:" + apiPort + "/api/v0/";
        }

        String gateway() {
            return "http://127.0.0.1:" + gatewayPort;
        }
    }

    private final Path dir;
    private final String clusterName = "strata-test-" + UUID.randomUUID();
    private final List<Integer> clusterPorts = new ArrayList<>();
    private final List<Daemon> daemons = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ClusterProcesses(Path dir, int expectedMembers) throws IOException {
        this.dir = dir;
        for (int i = 0; i < expectedMembers; i++) {
            clusterPorts.add(freePort());
        }
    }

    /** Starts daemon number {@code index} (its cluster port was reserved in the constructor) without waiting. */
    Daemon start(int index, String name, String... extraSettings) throws IOException {
        int apiPort = freePort();
        int gatewayPort = freePort();
        Path log = dir.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "daemon",
                "--repo", dir.resolve(name).toString(), "--api-port", Integer.toString(apiPort),
                "--gateway-port", Integer.toString(gatewayPort), "--cluster", "--cluster-host", "127.0.0.1",
                "--cluster-port", Integer.toString(clusterPorts.get(index)),
                "--cluster-members", String.join(",", clusterPorts.stream().map(port -> "127.0.0.1:" + port).toList()),
                "--set", "cluster.name=" + clusterName, "--set", "cluster.failureTimeoutSeconds=5",
                "--set", "blockstore.syncWrites=false"));
        for (String setting : extraSettings) {
            command.add("--set");
            command.add(setting);
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Daemon daemon = new Daemon(name, process, apiPort, gatewayPort, clusterPorts.get(index), log);
        daemons.add(daemon);
        return daemon;
    }

    /** Polls {@code id} until the daemon answers; fails with its log if it exits or takes too long. */
    JsonObject awaitReady(Daemon daemon) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!daemon.process().isAlive()) {
                throw new AssertionError(daemon.name() + " exited with " + daemon.process().exitValue() + ":\n" + log(daemon));
            }
            try {
                HttpResponse<String> response = post(daemon, "id");
                if (response.statusCode() == 200) {
                    return new JsonObject(response.body());
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError(daemon.name() + " was not ready within " + READY_TIMEOUT + ":\n" + log(daemon));
    }

    /** Polls until {@code check} holds for the JSON answer of {@code command}, or fails with the last answer. */
    JsonObject awaitAnswer(Daemon daemon, String command, Predicate<JsonObject> check, Duration timeout) throws Exception {
        return new JsonObject(awaitText(daemon, command, body -> check.test(new JsonObject(body)), timeout));
    }

    /** Polls until {@code check} holds for the body of a successful {@code command} (NDJSON streams too). */
    String awaitText(Daemon daemon, String command, Predicate<String> check, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = post(daemon, command);
            last = response.statusCode() + " " + response.body();
            if (response.statusCode() == 200 && check.test(response.body())) {
                return response.body();
            }
            Thread.sleep(250);
        }
        throw new AssertionError(daemon.name() + " never answered " + command + " as expected; last: " + last + "\n" + log(daemon));
    }

    HttpResponse<String> post(Daemon daemon, String command) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(daemon.api() + command))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> postBytes(Daemon daemon, String command, Duration timeout) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(daemon.api() + command))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(timeout).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> get(String url, Duration timeout) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** {@code add} of one file as multipart; answers its root CID. */
    String add(Daemon daemon, byte[] content) throws Exception {
        String boundary = "strataClusterTest" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"data.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(daemon.api() + "add?pin=true"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, content, tail)))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("add on " + daemon.name() + " failed: " + response.statusCode() + " " + response.body());
        }
        String[] lines = response.body().strip().split("\n");
        return new JsonObject(lines[lines.length - 1]).getString("Hash");
    }

    /** SIGTERM: the daemon leaves the cluster gracefully. */
    void stop(Daemon daemon) throws InterruptedException {
        daemon.process().destroy();
        if (!daemon.process().waitFor(30, TimeUnit.SECONDS)) {
            daemon.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    String log(Daemon daemon) {
        try {
            List<String> lines = Files.readAllLines(daemon.log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Daemon daemon : daemons) {
            daemon.process().destroyForcibly();
        }
        for (Daemon daemon : daemons) {
            daemon.process().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
