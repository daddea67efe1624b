package io.strata.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.ipld.Block;
import io.strata.ipns.IpnsName;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.Multihash;
import io.strata.node.NodeConfig;
import io.strata.node.StrataNode;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static io.strata.testkit.LoopbackPorts.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Acceptance of IPNS on a whole node, started as the daemon starts it: a name published over the RPC API is resolved
 * by Helia's @helia/verified-fetch 8 from {@code ipns://<name>}, with that node's gateway as its only gateway and
 * router (the record through Delegated Routing V1, checked by js-ipns; the content as verified raw blocks).
 */
class NodeIpnsVerifiedFetchTest {

    private static final byte[] CONTENT = "published on a whole Strata node, fetched by Helia\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path repo;

    @Test
    void verifiedFetchResolvesANamePublishedOverTheApi() throws Exception {
        int gatewayPort = freePort();
        StrataNode node = await(StrataNode.start(NodeConfig.load(Optional.empty(), Map.of(), Map.of(
                "repo", repo.toString(),
                "api.port", Integer.toString(freePort()),
                "gateway.port", Integer.toString(gatewayPort)))));
        try {
            Cid cid = Cid.v1(Multicodec.RAW, Multihash.sha256(CONTENT));
            await(new BlockStoreClient(node.vertx()).put(new Block(cid, CONTENT)));
            HttpResponse<String> published = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.config().apiUrl()
                            + "/api/v0/name/publish?allow-offline=true&ttl=1m&arg=/ipfs/" + cid))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, published.statusCode(), published.body());
            JsonNode publication = NodeScripts.json().readTree(published.body());
            IpnsName name = IpnsName.of(node.identity().peerId());
            assertEquals(name.toString(), publication.get("Name").asText());

            String gateway = "http://127.0.0.1:" + gatewayPort;
            ObjectNode input = NodeScripts.json().createObjectNode().put("gateway", gateway).put("url", "ipns://" + name);
            input.putArray("routers").add(gateway);
            JsonNode result = NodeScripts.locate().run("verified-fetch", input, Duration.ofMinutes(3));
            assertEquals(200, result.get("status").asInt(), result::toString);
            assertEquals(CONTENT.length, result.get("size").asLong(), result::toString);
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CONTENT)),
                    result.get("sha256").asText());
        } finally {
            await(node.stop());
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
    }
}
