package io.strata.node.ops;

import io.strata.node.NodeConfig;
import io.strata.node.StrataNode;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A node on loopback ports with some traffic through its API and gateway, so its meters have samples. */
final class RunningNode implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final StrataNode node;
    final int apiPort;
    final int gatewayPort;

    private RunningNode(StrataNode node, int apiPort, int gatewayPort) {
        this.node = node;
        this.apiPort = apiPort;
        this.gatewayPort = gatewayPort;
    }

    static RunningNode start(Path repo, Map<String, String> settings) throws Exception {
        int apiPort = freePort();
        int gatewayPort = freePort();
        Map<String, String> overrides = new LinkedHashMap<>(settings);
        overrides.put("repo", repo.toString());
        overrides.put("api.port", Integer.toString(apiPort));
        overrides.put("gateway.port", Integer.toString(gatewayPort));
        StrataNode node = StrataNode.start(NodeConfig.load(Optional.empty(), Map.of(), overrides))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        return new RunningNode(node, apiPort, gatewayPort);
    }

    /** Adds a file, reads it back through the API and the gateway, and asks for a missing command and block. */
    void exercise() throws Exception {
        String boundary = "strata-ops-test";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"hello.txt\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\nhello world\n\r\n--" + boundary + "--\r\n";
        HttpResponse<String> added = send(HttpRequest.newBuilder(api("/api/v0/add"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (added.statusCode() != 200) {
            throw new AssertionError("add failed: " + added.statusCode() + " " + added.body());
        }
        String cid = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";
        send(HttpRequest.newBuilder(api("/api/v0/cat?arg=" + cid)).POST(HttpRequest.BodyPublishers.noBody()).build());
        send(HttpRequest.newBuilder(api("/api/v0/no-such-command")).POST(HttpRequest.BodyPublishers.noBody()).build());
        send(HttpRequest.newBuilder(api("/api/v0/pin/ls")).POST(HttpRequest.BodyPublishers.noBody()).build());
        String missing = "bafkreie7q3iidccmpvszul7kudcvvuavuo7u6gzlbobczuk5nqk3b4akba";
        send(HttpRequest.newBuilder(api("/api/v0/block/get?arg=" + missing)).POST(HttpRequest.BodyPublishers.noBody()).build());
        send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + "/ipfs/" + cid)).GET().build());
        send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + "/ipfs/" + cid + "?format=raw")).GET().build());
        send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + "/ipfs/notacid")).GET().build());
    }

    String scrape() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(api("/metrics")).GET().build());
        if (response.statusCode() != 200) {
            throw new AssertionError("/metrics answered " + response.statusCode());
        }
        return response.body();
    }

    URI api(String path) {
        return URI.create("http://127.0.0.1:" + apiPort + path);
    }

    static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        node.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
