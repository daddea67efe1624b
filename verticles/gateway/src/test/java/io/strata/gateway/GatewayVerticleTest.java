package io.strata.gateway;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.blockstore.verticle.BlockStoreConfig;
import io.strata.blockstore.verticle.BlockStoreVerticle;
import io.strata.ipld.Block;
import io.strata.ipld.BlockGetter;
import io.strata.ipld.DagLinks;
import io.strata.ipld.IpldException;
import io.strata.ipld.car.CarReader;
import io.strata.ipld.codec.DagCbor;
import io.strata.ipld.codec.DagJson;
import io.strata.ipld.unixfs.DirectoryLister;
import io.strata.ipld.unixfs.DirectoryTreeImporter;
import io.strata.ipld.unixfs.ImportOptions;
import io.strata.ipld.unixfs.ImportedNode;
import io.strata.ipld.unixfs.PathResolver;
import io.strata.ipld.unixfs.UnixFsExporter;
import io.strata.ipld.unixfs.UnixFsImporter;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.proto.unixfs.UnixFsProtos;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway end to end: a real block store, a real HTTP server, requests as a client makes them. */
@ExtendWith(VertxExtension.class)
class GatewayVerticleTest {

    private static final int CHUNK = 16 * 1024;
    private static final ImportOptions OPTIONS = ImportOptions.defaults().withCidVersion(1).withChunkSize(CHUNK)
            .withMaxLinks(4);
    private static final String INDEX_HTML = "<!DOCTYPE html><html><body>welcome</body></html>\n";
    private static final String HELLO = "hello gateway\n";
    private static final String ODD_NAME = "a <b>&\"c\".txt";

    @TempDir
    Path repo;

    private final HttpClient http = HttpClient.newHttpClient();
    private SimpleMeterRegistry registry;
    private String base;
    private byte[] bigContent;
    private ImportedNode bigFile;
    private Map<Cid, byte[]> bigFileBlocks;
    private Cid site;
    private Map<Cid, byte[]> siteBlocks;
    private Cid sharded;
    private Map<Cid, byte[]> shardedBlocks;

    @BeforeEach
    void deploy(Vertx vertx) throws Exception {
        registry = new SimpleMeterRegistry();
        await(vertx.deployVerticle(new BlockStoreVerticle(new BlockStoreConfig(repo.resolve("blocks"), false, true, 2),
                registry, DagLinks::links)));
        GatewayVerticle gateway = new GatewayVerticle(registry);
        await(vertx.deployVerticle(gateway, new DeploymentOptions().setConfig(new JsonObject().put("port", 0))));
        base = "http://127.0.0.1:" + gateway.actualPort();

        bigContent = new byte[300_000];
        new Random(7).nextBytes(bigContent);
        bigFileBlocks = new LinkedHashMap<>();
        bigFile = new UnixFsImporter(OPTIONS).importBytes(bigContent, block -> bigFileBlocks.put(block.cid(), block.data()));

        siteBlocks = new LinkedHashMap<>();
        DirectoryTreeImporter tree = new DirectoryTreeImporter(OPTIONS, block -> siteBlocks.put(block.cid(), block.data()));
        UnixFsImporter importer = new UnixFsImporter(OPTIONS);
        tree.addFile("hello.txt", importer.importBytes(bytes(HELLO), block -> siteBlocks.put(block.cid(), block.data())));
        tree.addFile(ODD_NAME, importer.importBytes(bytes("odd\n"), block -> siteBlocks.put(block.cid(), block.data())));
        tree.addFile("sub/index.html", importer.importBytes(bytes(INDEX_HTML), block -> siteBlocks.put(block.cid(), block.data())));
        tree.addSymlink("link", "sub/index.html");
        tree.addFile("data.bin", importer.importFile(new ByteArrayInputStream(bigContent),
                block -> siteBlocks.put(block.cid(), block.data())));
        site = tree.finish().root().cid();

        shardedBlocks = new LinkedHashMap<>();
        DirectoryTreeImporter shardedTree = new DirectoryTreeImporter(OPTIONS.withHamtShardThreshold(64),
                block -> shardedBlocks.put(block.cid(), block.data()));
        for (int i = 0; i < 300; i++) {
            shardedTree.addFile("file-" + i + ".txt", importer.importBytes(bytes("content of file " + i + "\n"),
                    block -> shardedBlocks.put(block.cid(), block.data())));
        }
        sharded = shardedTree.finish().root().cid();

        BlockStoreClient client = new BlockStoreClient(vertx);
        for (Map<Cid, byte[]> blocks : List.of(bigFileBlocks, siteBlocks, shardedBlocks)) {
            List<Block> list = new ArrayList<>();
            blocks.forEach((cid, data) -> list.add(new Block(cid, data)));
            await(client.putAll(list));
        }
    }

    @Test
    void servesAFileWithItsHeaders() throws Exception {
        HttpResponse<byte[]> response = get("/ipfs/" + bigFile.cid());
        assertEquals(200, response.statusCode());
        assertArrayEquals(bigContent, response.body());
        assertEquals(String.valueOf(bigContent.length), header(response, "Content-Length"));
        assertEquals("\"" + bigFile.cid() + "\"", header(response, "Etag"));
        assertEquals("public, max-age=29030400, immutable", header(response, "Cache-Control"));
        assertEquals("/ipfs/" + bigFile.cid(), header(response, "X-Ipfs-Path"));
        assertEquals(bigFile.cid().toString(), header(response, "X-Ipfs-Roots"));
        assertEquals("application/octet-stream", header(response, "Content-Type"));
    }

    @Test
    void resolvesPathsAndTakesTheTypeFromTheName() throws Exception {
        HttpResponse<byte[]> response = get("/ipfs/" + site + "/hello.txt");
        assertEquals(200, response.statusCode());
        assertEquals(HELLO, new String(response.body(), StandardCharsets.UTF_8));
        assertEquals("text/plain; charset=utf-8", header(response, "Content-Type"));
        Cid hello = Cid.parse(header(response, "X-Ipfs-Roots").split(",")[1]);
        assertEquals(site.toString() + "," + hello, header(response, "X-Ipfs-Roots"));
        assertEquals("\"" + hello + "\"", header(response, "Etag"));
    }

    @Test
    void decodesPercentEncodedNames() throws Exception {
        HttpResponse<byte[]> response = get("/ipfs/" + site + "/" + DirectoryListingPage.encodePathSegment(ODD_NAME));
        assertEquals(200, response.statusCode());
        assertEquals("odd\n", new String(response.body(), StandardCharsets.UTF_8));
    }

    @Test
    void servesByteRanges() throws Exception {
        HttpResponse<byte[]> middle = get("/ipfs/" + bigFile.cid(), "Range", "bytes=16000-40000");
        assertEquals(206, middle.statusCode());
        assertEquals("bytes 16000-40000/" + bigContent.length, header(middle, "Content-Range"));
        assertEquals("24001", header(middle, "Content-Length"));
        assertArrayEquals(Arrays.copyOfRange(bigContent, 16000, 40001), middle.body());

        HttpResponse<byte[]> suffix = get("/ipfs/" + bigFile.cid(), "Range", "bytes=-10");
        assertEquals(206, suffix.statusCode());
        assertArrayEquals(Arrays.copyOfRange(bigContent, bigContent.length - 10, bigContent.length), suffix.body());

        HttpResponse<byte[]> open = get("/ipfs/" + bigFile.cid(), "Range", "bytes=299990-");
        assertEquals(206, open.statusCode());
        assertArrayEquals(Arrays.copyOfRange(bigContent, 299_990, bigContent.length), open.body());

        HttpResponse<byte[]> beyond = get("/ipfs/" + bigFile.cid(), "Range", "bytes=300000-");
        assertEquals(416, beyond.statusCode());
        assertEquals("bytes */300000", header(beyond, "Content-Range"));
    }

    @Test
    void redirectsDirectoriesToTheirSlashUrl() throws Exception {
        HttpResponse<byte[]> response = get("/ipfs/" + site + "/sub?x=1");
        assertEquals(301, response.statusCode());
        assertEquals("/ipfs/" + site + "/sub/?x=1", header(response, "Location"));
    }

    @Test
    void servesSymlinksAsTheirTarget() throws Exception {
        HttpResponse<byte[]> response = get("/ipfs/" + site + "/link");
        assertEquals(200, response.statusCode());
        assertEquals("inode/symlink", header(response, "Content-Type"));
        assertEquals("sub/index.html", new String(response.body(), StandardCharsets.UTF_8));
    }

    @Test
    void servesIndexHtml() throws Exception {
        HttpResponse<byte[]> response = get("/ipfs/" + site + "/sub/");
        assertEquals(200, response.statusCode());
        assertEquals(INDEX_HTML, new String(response.body(), StandardCharsets.UTF_8));
        assertEquals("text/html; charset=utf-8", header(response, "Content-Type"));
    }

    @Test
    void listsDirectoriesWithEscapedNames() throws Exception {
        HttpResponse<byte[]> response = get("/ipfs/" + site + "/");
        assertEquals(200, response.statusCode());
        assertEquals("text/html; charset=utf-8", header(response, "Content-Type"));
        assertEquals("\"DirIndex-" + DirectoryListingPage.VERSION + "_CID-" + site + "\"", header(response, "Etag"));
        String html = new String(response.body(), StandardCharsets.UTF_8);
        assertTrue(html.contains(">hello.txt</a>"), html);
        assertTrue(html.contains(">data.bin</a>"), html);
        assertTrue(html.contains("a &lt;b&gt;&amp;&quot;c&quot;.txt"), html);
        assertTrue(!html.contains("<b>&"), html);
        assertTrue(!html.contains("href=\"../\""), "the root has no parent to link to");
        for (Cid cid : children(siteBlocks, site)) {
            assertTrue(html.contains(cid.toString()), () -> "listing lacks " + cid);
        }
    }

    @Test
    void resolvesAndListsShardedDirectories() throws Exception {
        assertEquals(UnixFsProtos.Data.DataType.HAMTShard, new DirectoryLister(getter(shardedBlocks)).typeOf(sharded));
        HttpResponse<byte[]> file = get("/ipfs/" + sharded + "/file-217.txt");
        assertEquals(200, file.statusCode());
        assertEquals("content of file 217\n", new String(file.body(), StandardCharsets.UTF_8));

        String html = new String(get("/ipfs/" + sharded + "/").body(), StandardCharsets.UTF_8);
        for (int i = 0; i < 300; i++) {
            assertTrue(html.contains(">file-" + i + ".txt</a>"), "listing lacks file-" + i);
        }
        assertEquals(404, get("/ipfs/" + sharded + "/file-300.txt").statusCode());
    }

    @Test
    void servesRawBlocks() throws Exception {
        HttpResponse<byte[]> response = get("/ipfs/" + site + "?format=raw");
        assertEquals(200, response.statusCode());
        assertArrayEquals(siteBlocks.get(site), response.body());
        assertEquals("application/vnd.ipld.raw", header(response, "Content-Type"));
        assertEquals("attachment; filename=\"" + site + ".bin\"", header(response, "Content-Disposition"));
        assertEquals("nosniff", header(response, "X-Content-Type-Options"));
        assertEquals("\"" + site + ".raw\"", header(response, "Etag"));

        HttpResponse<byte[]> negotiated = get("/ipfs/" + site, "Accept", "application/vnd.ipld.raw");
        assertArrayEquals(siteBlocks.get(site), negotiated.body());
        assertEquals("/ipfs/" + site + "?format=raw", header(negotiated, "Content-Location"));
    }

    @Test
    void servesWholeDagsAsCar() throws Exception {
        HttpResponse<byte[]> response = get("/ipfs/" + site + "?format=car");
        assertEquals(200, response.statusCode());
        assertEquals("application/vnd.ipld.car; version=1; order=dfs; dups=n", header(response, "Content-Type"));
        assertEquals("attachment; filename=\"" + site + ".car\"", header(response, "Content-Disposition"));
        assertEquals("nosniff", header(response, "X-Content-Type-Options"));
        Car car = readCar(response.body());
        assertEquals(List.of(site), car.roots());
        assertEquals(site, car.order().get(0));
        assertEquals(siteBlocks.keySet(), new HashSet<>(car.order()));
        assertEquals(car.order().size(), new HashSet<>(car.order()).size(), "dups=n sends each block once");

        HttpResponse<byte[]> viaAccept = get("/ipfs/" + site, "Accept", "application/vnd.ipld.car; version=1; order=dfs; dups=n");
        assertArrayEquals(response.body(), viaAccept.body());
    }

    @Test
    void carScopesAndPaths() throws Exception {
        Car block = readCar(get("/ipfs/" + site + "?format=car&dag-scope=block").body());
        assertEquals(List.of(site), block.order());

        HttpResponse<byte[]> response = get("/ipfs/" + site + "/sub/index.html?format=car&dag-scope=entity");
        Car path = readCar(response.body());
        assertEquals(List.of(site), path.roots());
        List<Cid> roots = Arrays.stream(header(response, "X-Ipfs-Roots").split(",")).map(Cid::parse).toList();
        assertEquals(3, roots.size());
        assertEquals(roots, path.order().subList(0, 3), "path blocks first, then the file");
        assertEquals(3, path.order().size(), "a one-block file adds nothing more");

        assertEquals(400, get("/ipfs/" + site + "?format=car&dag-scope=everything").statusCode());
        assertEquals(400, get("/ipfs/" + site, "Accept", "application/vnd.ipld.car; version=2").statusCode());
    }

    @Test
    void entityBytesSendsOnlyTheBlocksOfTheRange() throws Exception {
        int from = 40_000;
        int to = 50_000;
        Car car = readCar(get("/ipfs/" + bigFile.cid() + "?format=car&entity-bytes=" + from + ":" + to).body());
        assertEquals(bigFile.cid(), car.order().get(0));
        assertTrue(bigFileBlocks.keySet().containsAll(car.order()));
        long leaves = car.order().stream().filter(cid -> cid.codec() == Multicodec.RAW.code()).count();
        assertEquals(to / CHUNK - from / CHUNK + 1, leaves, "only the leaves holding the range");
        try (var in = new UnixFsExporter(getter(car.blocks())).open(bigFile.cid(), from, to - from + 1)) {
            assertArrayEquals(Arrays.copyOfRange(bigContent, from, to + 1), in.readAllBytes());
        }

        Car tail = readCar(get("/ipfs/" + bigFile.cid() + "?format=car&entity-bytes=-100:*").body());
        try (var in = new UnixFsExporter(getter(tail.blocks())).open(bigFile.cid(), bigContent.length - 100, 100)) {
            assertArrayEquals(Arrays.copyOfRange(bigContent, bigContent.length - 100, bigContent.length), in.readAllBytes());
        }

        Car outside = readCar(get("/ipfs/" + bigFile.cid() + "?format=car&entity-bytes=400000:*").body());
        assertEquals(List.of(bigFile.cid()), outside.order(), "a range outside the file is dag-scope=block");

        assertEquals(400, get("/ipfs/" + bigFile.cid() + "?format=car&entity-bytes=5:1").statusCode());
        assertEquals(400, get("/ipfs/" + bigFile.cid() + "?format=car&entity-bytes=abc").statusCode());
    }

    @Test
    void carOfAPathThroughShardsCarriesWhatVerifiesIt() throws Exception {
        HttpResponse<byte[]> response = get("/ipfs/" + sharded + "/file-217.txt?format=car&dag-scope=block");
        Car car = readCar(response.body());
        Cid file = new PathResolver(getter(car.blocks())).resolve(sharded, List.of("file-217.txt"));
        assertEquals(file.toString(), header(response, "X-Ipfs-Roots").split(",")[1]);
        assertEquals("content of file 217\n", new String(car.blocks().get(file), StandardCharsets.UTF_8));
        assertTrue(car.order().size() > 2, "the root shard, the sub-shards on the way, the file");
        assertEquals(file, car.order().get(car.order().size() - 1));
    }

    @Test
    void carEntityOfAShardedDirectoryIsItsShards() throws Exception {
        Car car = readCar(get("/ipfs/" + sharded + "?format=car&dag-scope=entity").body());
        Set<Cid> shards = new HashSet<>();
        for (Map.Entry<Cid, byte[]> block : shardedBlocks.entrySet()) {
            if (block.getKey().codec() == Multicodec.DAG_PB.code()
                    && new DirectoryLister(getter(shardedBlocks)).typeOf(block.getKey()) == UnixFsProtos.Data.DataType.HAMTShard) {
                shards.add(block.getKey());
            }
        }
        assertTrue(shards.size() > 1, "the directory has sub-shards");
        assertEquals(shards, new HashSet<>(car.order()));
    }

    @Test
    void servesAndConvertsDagCbor(Vertx vertx) throws Exception {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("name", "strata");
        value.put("file", bigFile.cid());
        byte[] cbor = DagCbor.encode(value);
        Cid cid = Cid.of(Multicodec.DAG_CBOR, Multicodec.SHA2_256, cbor);
        await(new BlockStoreClient(vertx).put(new Block(cid, cbor)));

        HttpResponse<byte[]> plain = get("/ipfs/" + cid);
        assertEquals("application/vnd.ipld.dag-cbor", header(plain, "Content-Type"));
        assertArrayEquals(cbor, plain.body());

        HttpResponse<byte[]> json = get("/ipfs/" + cid + "?format=dag-json");
        assertEquals(200, json.statusCode());
        assertEquals("application/vnd.ipld.dag-json", header(json, "Content-Type"));
        assertEquals("\"" + cid + ".dag-json\"", header(json, "Etag"));
        assertEquals(DagJson.decode(json.body()), DagCbor.decode(cbor));

        assertEquals(501, get("/ipfs/" + bigFile.cid() + "?format=dag-json").statusCode());
    }

    @Test
    void answersTheTrustlessProbe() throws Exception {
        HttpResponse<byte[]> raw = get("/ipfs/bafkqaaa?format=raw");
        assertEquals(200, raw.statusCode());
        assertEquals(0, raw.body().length);
        Car car = readCar(get("/ipfs/bafkqaaa?format=car").body());
        assertEquals(List.of(Cid.parse("bafkqaaa")), car.roots());
        assertTrue(car.order().isEmpty());
    }

    @Test
    void reportsClientErrors() throws Exception {
        HttpResponse<byte[]> badCid = get("/ipfs/not-a-cid");
        assertEquals(400, badCid.statusCode());
        assertEquals("text/plain; charset=utf-8", header(badCid, "Content-Type"));
        assertTrue(new String(badCid.body(), StandardCharsets.UTF_8).contains("not-a-cid"));
        assertEquals(400, get("/ipfs/" + site + "?format=bogus").statusCode());

        HttpResponse<byte[]> missingName = get("/ipfs/" + site + "/nope.txt");
        assertEquals(404, missingName.statusCode());
        assertTrue(new String(missingName.body(), StandardCharsets.UTF_8).contains("'nope.txt'"));
        Cid absent = Cid.of(Multicodec.RAW, Multicodec.SHA2_256, bytes("never stored"));
        assertEquals(404, get("/ipfs/" + absent).statusCode());
        assertEquals(404, get("/ipfs/" + absent + "?format=raw").statusCode());
        assertEquals(404, get("/ipfs/" + absent + "?format=car").statusCode());
        assertEquals(404, get("/nothing-here").statusCode());
        HttpResponse<byte[]> post = http.send(HttpRequest.newBuilder(URI.create(base + "/ipfs/" + site))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", header(post, "Allow"));
    }

    @Test
    void honoursOnlyIfCachedServiceWorkerAndDownload() throws Exception {
        Cid absent = Cid.of(Multicodec.RAW, Multicodec.SHA2_256, bytes("never stored"));
        assertEquals(412, get("/ipfs/" + absent, "Cache-Control", "only-if-cached").statusCode());
        assertEquals(200, get("/ipfs/" + bigFile.cid(), "Cache-Control", "only-if-cached").statusCode());

        assertEquals(400, get("/ipfs/" + site, "Service-Worker", "script").statusCode());

        HttpResponse<byte[]> download = get("/ipfs/" + site + "/hello.txt?download=true");
        assertEquals("attachment; filename=\"hello.txt\"", header(download, "Content-Disposition"));
        HttpResponse<byte[]> named = get("/ipfs/" + bigFile.cid() + "?filename=report.pdf");
        assertEquals("inline; filename=\"report.pdf\"", header(named, "Content-Disposition"));
        assertEquals("application/pdf", header(named, "Content-Type"));
    }

    @Test
    void cutsTheStreamWhenABlockIsMissingHalfway(Vertx vertx) throws Exception {
        List<Cid> leaves = bigFileBlocks.keySet().stream().filter(cid -> cid.codec() == Multicodec.RAW.code()).toList();
        await(new BlockStoreClient(vertx).delete(leaves.get(leaves.size() - 1)));
        assertThrows(IOException.class, () -> get("/ipfs/" + bigFile.cid()), "the body must not look complete");
        assertThrows(IOException.class, () -> get("/ipfs/" + bigFile.cid() + "?format=car"));
        assertEquals(206, get("/ipfs/" + bigFile.cid(), "Range", "bytes=0-99").statusCode(), "other ranges still work");
    }

    @Test
    void headSendsHeadersOnly() throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(base + "/ipfs/" + bigFile.cid()))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertEquals(String.valueOf(bigContent.length), header(response, "Content-Length"));
        assertEquals("\"" + bigFile.cid() + "\"", header(response, "Etag"));
        assertEquals(0, response.body().length);
    }

    @Test
    void answersNotModifiedForAMatchingEtag() throws Exception {
        HttpResponse<byte[]> response = get("/ipfs/" + bigFile.cid(), "If-None-Match", "\"" + bigFile.cid() + "\"");
        assertEquals(304, response.statusCode());
        assertEquals(0, response.body().length);
        assertEquals("\"" + bigFile.cid() + "\"", header(response, "Etag"));
        assertEquals(200, get("/ipfs/" + bigFile.cid(), "If-None-Match", "\"something-else\"").statusCode());
        assertEquals(304, get("/ipfs/" + site + "/", "If-None-Match", DirectoryListingPage.etag(site)).statusCode());
    }

    @Test
    void countsRequestsAndBytes() throws Exception {
        get("/ipfs/" + site + "?format=raw");
        get("/ipfs/not-a-cid");
        assertEquals(1.0, registry.get("strata.gateway.requests").tag("format", "raw").tag("status", "200")
                .counter().count());
        assertEquals(1.0, registry.get("strata.gateway.requests").tag("status", "400").counter().count());
        assertEquals(siteBlocks.get(site).length, registry.get("strata.gateway.response.bytes").tag("format", "raw")
                .counter().count());
        assertEquals(2, registry.get("strata.gateway.request.duration").timers().stream()
                .mapToLong(timer -> timer.count()).sum());
    }

    private record Car(List<Cid> roots, List<Cid> order, Map<Cid, byte[]> blocks) {
    }

    private static Car readCar(byte[] body) throws IOException {
        try (CarReader reader = CarReader.open(new ByteArrayInputStream(body))) {
            List<Cid> order = new ArrayList<>();
            Map<Cid, byte[]> blocks = new HashMap<>();
            for (Optional<Block> block = reader.next(); block.isPresent(); block = reader.next()) {
                assertTrue(block.get().verify());
                order.add(block.get().cid());
                blocks.put(block.get().cid(), block.get().data());
            }
            return new Car(reader.roots(), order, blocks);
        }
    }

    private static Set<Cid> children(Map<Cid, byte[]> blocks, Cid directory) {
        return new HashSet<>(DagLinks.links(directory, blocks.get(directory)));
    }

    private static BlockGetter getter(Map<Cid, byte[]> blocks) {
        return cid -> {
            byte[] data = blocks.get(cid);
            if (data == null) {
                throw new IpldException(IpldException.Code.BLOCK_NOT_FOUND, "not in the CAR: " + cid);
            }
            return data;
        };
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
