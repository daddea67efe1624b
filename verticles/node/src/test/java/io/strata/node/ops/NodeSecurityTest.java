package io.strata.node.ops;

import io.strata.node.NodeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The defaults a user gets from conf/strata.yaml, and the gateway's read-only surface on a running node. */
class NodeSecurityTest {

    @TempDir
    Path repo;

    @Test
    void theBundledConfigListensOnLoopbackOnlyWithCorsOff() throws Exception {
        NodeConfig defaults = NodeConfig.load(Optional.empty(), Map.of(), Map.of());
        assertTrue(InetAddress.getByName(defaults.api().getString("host")).isLoopbackAddress(), defaults.api().encode());
        assertTrue(InetAddress.getByName(defaults.gateway().getString("host")).isLoopbackAddress());
        assertTrue(!defaults.api().containsKey("allowedOrigins") || defaults.api().getJsonArray("allowedOrigins").isEmpty(),
                "CORS is off by default");
    }

    @Test
    void theGatewayIsReadOnlyAndSendsNoCorsHeadersByDefault() throws Exception {
        try (RunningNode node = RunningNode.start(repo, Map.of())) {
            node.exercise();
            URI file = URI.create("http://127.0.0.1:" + node.gatewayPort + "/ipfs/QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");
            for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
                HttpResponse<String> response = RunningNode.send(HttpRequest.newBuilder(file)
                        .method(method, HttpRequest.BodyPublishers.ofString("new content")).build());
                assertEquals(405, response.statusCode(), method);
                assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElse(""), method);
            }
            HttpResponse<String> read = RunningNode.send(HttpRequest.newBuilder(file)
                    .header("Origin", "https://elsewhere.example").GET().build());
            assertEquals(200, read.statusCode());
            assertEquals("hello world\n", read.body());
            assertTrue(read.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        }
    }

    @Test
    void aNodeExposedBeyondLoopbackWithoutAuthorizationsDoesNotStart() {
        Exception failure = assertThrows(Exception.class, () -> RunningNode.start(repo, Map.of("api.host", "0.0.0.0")).close());
        assertTrue(String.valueOf(failure.getCause().getMessage()).contains("api.authorizations"), failure.toString());
    }
}
