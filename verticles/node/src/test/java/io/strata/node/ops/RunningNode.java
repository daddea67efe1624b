package io.strata.node.ops;

import io.strata.node.NodeConfig;
import io.strata.node.StrataNode;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.strata.testkit.LoopbackPorts.freePort;

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

    /**
     * Settings that put a node into a loopback cluster: {@code name}, this node's Hazelcast port, and every
     * member's port.
     */
    static Map<String, String> clustered(String name, int port, List<Integer> memberPorts) {
        return Map.of("cluster.enabled", "true", "cluster.name", name, "cluster.host", "127.0.0.1",
                "cluster.port", Integer.toString(port), "cluster.failureTimeoutSeconds", "5",
                "cluster.members", String.join(",", memberPorts.stream().map(member -> "127.0.0.1:" + member).toList()));
    }

    /**
     * Traffic only a cluster has: a file added on one node and read on another (Bitswap, DHT provider lookups),
     * pinned in the cluster pin set, an IPNS name published on one node and resolved on another, and a store
     * written on one node and opened, so replicated, on another.
     */
    static void exerciseCluster(RunningNode writer, RunningNode reader) throws Exception {
        String content = "cluster traffic " + UUID.randomUUID();
        String boundary = "strata-ops-cluster";
        HttpResponse<String> added = send(HttpRequest.newBuilder(writer.api("/api/v0/add"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString("--" + boundary + "\r\nContent-Disposition: form-data; "
                        + "name=\"file\"; filename=\"c.txt\"\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n")).build());
        expect(added, "add");
        String cid = new JsonObject(added.body().trim()).getString("Hash");
        expect(writer.post("/api/v0/pin/add?arg=" + cid), "pin/add");
        HttpResponse<String> read = reader.post("/api/v0/cat?arg=" + cid);
        expect(read, "cat on another node");
        if (!read.body().equals(content)) {
            throw new AssertionError("cat on another node returned " + read.body());
        }
        HttpResponse<String> published = writer.post("/api/v0/name/publish?arg=/ipfs/" + cid);
        expect(published, "name/publish");
        reader.post("/api/v0/name/resolve?arg=" + new JsonObject(published.body()).getString("Name"));

        HttpResponse<String> opened = send(HttpRequest.newBuilder(writer.api("/api/v0/db"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"ops-" + UUID.randomUUID() + "\",\"type\":\"keyvalue\"}")).build());
        expect(opened, "db open");
        String address = new JsonObject(opened.body()).getString("address");
        expect(send(HttpRequest.newBuilder(reader.api("/api/v0/db")).POST(HttpRequest.BodyPublishers
                .ofString(new JsonObject().put("address", address).encode())).build()), "db open on another node");
        String database = address.substring("/orbitdb/".length());
        expect(send(HttpRequest.newBuilder(writer.api("/api/v0/db/" + database + "/keys/round"))
                .PUT(HttpRequest.BodyPublishers.ofString("\"" + cid + "\"")).build()), "db put");
        send(HttpRequest.newBuilder(reader.api("/api/v0/db/" + database + "/keys/round")).GET().build());
    }

    HttpResponse<String> post(String pathAndQuery) throws Exception {
        return send(HttpRequest.newBuilder(api(pathAndQuery)).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private static void expect(HttpResponse<String> response, String what) {
        if (response.statusCode() != 200) {
            throw new AssertionError(what + " failed: " + response.statusCode() + " " + response.body());
        }
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

    @Override
    public void close() throws Exception {
        node.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
