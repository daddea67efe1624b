package io.strata.deals.verticle;

import io.strata.crypto.Secp256k1PrivateKey;
import io.strata.deals.ClientDealProposal;
import io.strata.deals.DealLabel;
import io.strata.deals.DealProposal;
import io.strata.deals.DealSignature;
import io.strata.deals.FilecoinAddress;
import io.strata.deals.PieceCommitment;
import io.strata.deals.PieceInfo;
import io.strata.deals.Secp256k1ClientKey;
import io.strata.deals.TokenAmount;
import io.strata.ipld.BlockGetter;
import io.strata.ipld.IpldException;
import io.strata.ipld.car.CarExporter;
import io.strata.ipld.car.CarReader;
import io.strata.ipld.car.DagScope;
import io.strata.ipld.unixfs.ImportOptions;
import io.strata.ipld.unixfs.ImportedNode;
import io.strata.ipld.unixfs.UnixFsImporter;
import io.strata.multiformats.Cid;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Acceptance of issue #8 on a cluster of four clustered Vert.x nodes (one client, three providers): a deal
 * for a 50 MiB DAG with two replicas goes active on two providers, both prove every period, one provider's
 * piece file is corrupted, its next proof fails, its deal is slashed and repaired with the third provider,
 * and retrieval by payload and by piece CID returns the DAG's exact CAR throughout. Bad proposals over HTTP
 * are refused with their reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DealsClusterTest {

    private static final List<FilecoinAddress> PROVIDERS = List.of(FilecoinAddress.id(1001), FilecoinAddress.id(1002),
            FilecoinAddress.id(1003));

    @TempDir
    static Path directory;

    private DealsTestCluster cluster;
    private DealsTestCluster.Node client;
    private final List<JsonObject> events = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() {
        cluster = new DealsTestCluster();
        client = cluster.start(directory.resolve("client"), null);
        for (FilecoinAddress provider : PROVIDERS) {
            cluster.start(directory.resolve("provider-" + provider), provider);
        }
        cluster.nodes().get(1).vertx().eventBus().<JsonObject>consumer(DealsContract.EVENTS,
                message -> events.add(message.body()));
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    @Test
    void twoReplicasAreProvenACorruptedOneIsSlashedAndRepairedAndRetrievalStaysExact() throws Exception {
        Cid root = importRandomFile(50 << 20, 8);
        Path expectedCar = directory.resolve("expected.car");
        try (OutputStream out = Files.newOutputStream(expectedCar)) {
            CarExporter.export(storeGetter(client), root, DagScope.ALL, out);
        }
        PieceInfo piece;
        try (InputStream in = Files.newInputStream(expectedCar)) {
            piece = PieceCommitment.of(in);
        }

        JsonObject proposed = new JsonObject(post(client, "/propose?arg=" + root + "&replicas=2", null, 200));
        assertEquals(piece.toV1().toString(), proposed.getString("pieceCid"));
        assertEquals(piece.toV2().toString(), proposed.getString("pieceCidV2"));
        JsonArray made = proposed.getJsonArray("deals");
        assertEquals(2, made.size(), proposed.encodePrettily());
        assertTrue(made.stream().allMatch(d -> "ACTIVE".equals(((JsonObject) d).getString("state"))), proposed.encodePrettily());
        List<String> holders = made.stream().map(d -> ((JsonObject) d).getString("provider")).sorted().toList();

        DealsTestCluster.Node otherNode = cluster.nodes().get(3);
        awaitDeals(otherNode, root, "both deals listed on another node", list -> list.stream()
                .filter(d -> "ACTIVE".equals(d.getString("state"))).count() == 2);
        for (int round = 0; round < 3; round++) {
            if (round > 0) {
                cluster.clock.advance(DealsTestCluster.SCHEDULE.periodEpochs());
            }
            awaitProofsOfTheOpenPeriod(root, 2);
        }
        assertRetrievalExact(root.toString(), expectedCar);
        assertRetrievalExact(piece.toV1().toString(), expectedCar);

        FilecoinAddress corruptedProvider = FilecoinAddress.parse(holders.get(0));
        String spare = PROVIDERS.stream().map(FilecoinAddress::toString).filter(p -> !holders.contains(p))
                .findFirst().orElseThrow();
        corrupt(directory.resolve("provider-" + corruptedProvider).resolve("pieces"));
        cluster.clock.advance(DealsTestCluster.SCHEDULE.periodEpochs());

        awaitDeals(client, root, "the corrupted replica slashed and a repair deal active with " + spare, list ->
                list.stream().anyMatch(d -> corruptedProvider.toString().equals(d.getString("provider"))
                        && "SLASHED".equals(d.getString("state")))
                        && list.stream().anyMatch(d -> spare.equals(d.getString("provider"))
                        && "ACTIVE".equals(d.getString("state"))));
        JsonObject slashed = deals(client, root).stream().filter(d -> "SLASHED".equals(d.getString("state"))).findFirst()
                .orElseThrow();
        assertTrue(slashed.getString("reason").contains("rejected"), slashed.encodePrettily());
        JsonObject status = new JsonObject(post(otherNode, "/status?arg=" + slashed.getString("proposalCid"), null, 200));
        assertEquals("SLASHED", status.getString("state"));

        for (int round = 0; round < 3; round++) {
            if (round > 0) {
                cluster.clock.advance(DealsTestCluster.SCHEDULE.periodEpochs());
            }
            awaitProofsOfTheOpenPeriod(root, 2);
        }
        assertRetrievalExact(root.toString(), expectedCar);
        assertRetrievalExact(piece.toV2().toString(), expectedCar);
        assertTrue(events.stream().anyMatch(e -> "SLASHED".equals(e.getString("to"))
                && corruptedProvider.toString().equals(e.getString("provider"))), events.toString());
        assertTrue(events.stream().anyMatch(e -> "ACTIVE".equals(e.getString("to"))
                && spare.equals(e.getString("provider"))), events.toString());
    }

    @Test
    void badProposalsOverHttpAreRefusedWithTheirReason() throws Exception {
        Cid root = importRandomFile(100_000, 9);
        ByteArrayCar car = ByteArrayCar.of(storeGetter(client), root);
        PieceInfo piece = PieceCommitment.of(car.bytes());
        Secp256k1ClientKey key = new Secp256k1ClientKey(Secp256k1PrivateKey.generate(new SecureRandom()));
        FilecoinAddress provider = PROVIDERS.get(0);
        long start = cluster.clock.currentEpoch() + 1_000;
        DealProposal.Builder valid = new DealProposal.Builder().pieceCid(piece.toV1()).pieceSize(piece.paddedSize())
                .client(key.address()).provider(provider).label(DealLabel.text(root.toString())).startEpoch(start)
                .endEpoch(start + 100_000).storagePricePerEpoch(TokenAmount.ofAtto(1_000))
                .providerCollateral(TokenAmount.ofAtto(50_000_000_000_000L));
        UnaryOperator<DealProposal.Builder> same = b -> b;

        DealProposal proposal = valid.build();
        String unsigned = refusal(root, new ClientDealProposal(proposal, new DealSignature(DealSignature.Type.SECP256K1,
                new byte[0])).toCbor());
        assertTrue(unsigned.startsWith("INVALID_SIGNATURE"), unsigned);
        Secp256k1ClientKey stranger = new Secp256k1ClientKey(Secp256k1PrivateKey.generate(new SecureRandom()));
        String forged = refusal(root, new ClientDealProposal(proposal, stranger.sign(proposal.toCbor())).toCbor());
        assertTrue(forged.startsWith("INVALID_SIGNATURE") && forged.contains("not by client"), forged);
        String tooLarge = refusal(root, signed(key, valid, b -> b.pieceSize(DealsTestCluster.MAX_PIECE_SIZE * 2)
                .storagePricePerEpoch(TokenAmount.ofAtto(10_000_000))));
        assertTrue(tooLarge.startsWith("ASK_NOT_MET") && tooLarge.contains("piece size more than maximum"), tooLarge);
        String cheap = refusal(root, signed(key, valid, b -> b.storagePricePerEpoch(TokenAmount.ZERO)));
        assertTrue(cheap.startsWith("ASK_NOT_MET") && cheap.contains("less than asking price"), cheap);
        String label = refusal(root, signed(key, valid, b -> b.label(DealLabel.bytes(new byte[257]))));
        assertTrue(label.startsWith("LABEL_TOO_LONG") && label.contains("at most 256 bytes, is 257"), label);
        String garbage = refusal(root, new byte[] {1, 2, 3});
        assertTrue(garbage.startsWith("MALFORMED"), garbage);

        PieceInfo otherPiece = PieceCommitment.of(new byte[car.bytes().length]);
        String mismatch = refusal(root, signed(key, valid, b -> b.pieceCid(otherPiece.toV1())));
        assertTrue(mismatch.contains("data rejected") && mismatch.contains(piece.toV1().toString())
                && mismatch.contains(otherPiece.toV1().toString()), mismatch);

        JsonObject accepted = new JsonObject(post(client, "/propose?arg=" + root, signed(key, valid, same), 200));
        assertEquals("ACTIVE", accepted.getString("state"), accepted.encodePrettily());
        assertEquals(provider.toString(), accepted.getString("provider"));

        assertEquals(1, kuboError(post(client, "/propose", null, 400)).getInteger("Code"));
        assertTrue(kuboError(post(client, "/status?arg=nonsense", null, 400)).getString("Message").contains("not a CID"));
        assertTrue(kuboError(post(client, "/retrieve?arg=" + piece.toV1() + "x", null, 400)).getString("Message")
                .contains("not a CID"));
        String unknown = kuboError(post(client, "/status?arg=" + root, null, 500)).getString("Message");
        assertTrue(unknown.contains("no deal"), unknown);
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(uri(client, "/list")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, get.statusCode());

        JsonArray estimate = new JsonArray(post(client, "/estimate?size=" + car.bytes().length + "&duration=1000", null, 200));
        assertEquals(PROVIDERS.size(), estimate.size(), estimate.encodePrettily());
        JsonObject cost = estimate.getJsonObject(0);
        assertEquals(piece.paddedSize(), cost.getLong("pieceSize"));
        JsonArray asks = new JsonArray(post(client, "/asks", null, 200));
        assertEquals(PROVIDERS.stream().map(FilecoinAddress::toString).toList(),
                asks.stream().map(a -> ((JsonObject) a).getString("provider")).toList());
        JsonArray ranked = new JsonArray(post(client, "/providers?size=" + car.bytes().length, null, 200));
        assertEquals(PROVIDERS.size(), ranked.size());
    }

    private record ByteArrayCar(byte[] bytes) {
        static ByteArrayCar of(BlockGetter blocks, Cid root) throws IOException {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            CarExporter.export(blocks, root, DagScope.ALL, out);
            return new ByteArrayCar(out.toByteArray());
        }
    }

    private static byte[] signed(Secp256k1ClientKey key, DealProposal.Builder valid,
                                 UnaryOperator<DealProposal.Builder> change) {
        return ClientDealProposal.sign(change.apply(valid.build().toBuilder()).build(), key).toCbor();
    }

    private String refusal(Cid root, byte[] proposal) throws Exception {
        JsonObject error = kuboError(post(client, "/propose?arg=" + root, proposal, 400));
        assertEquals("error", error.getString("Type"));
        return error.getString("Message");
    }

    private static JsonObject kuboError(String body) {
        JsonObject error = new JsonObject(body);
        assertEquals("error", error.getString("Type"), body);
        return error;
    }

    private Cid importRandomFile(int size, long seed) {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        var sink = DealsTestCluster.sink(client);
        ImportedNode imported = new UnixFsImporter(ImportOptions.defaults()).importBytes(content, sink);
        sink.flush();
        return imported.cid();
    }

    private static BlockGetter storeGetter(DealsTestCluster.Node node) {
        return cid -> {
            try {
                return DealsTestCluster.await(node.blocks().get(cid));
            } catch (RuntimeException e) {
                throw new IpldException(IpldException.Code.BLOCK_NOT_FOUND, e.getMessage(), e);
            }
        };
    }

    private void assertRetrievalExact(String cid, Path expectedCar) throws Exception {
        Path received = directory.resolve("received-" + System.nanoTime() + ".car");
        HttpResponse<Path> response = http.send(HttpRequest.newBuilder(uri(client, "/retrieve?arg=" + cid))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofFile(received));
        assertEquals(200, response.statusCode(), () -> readQuietly(received));
        assertEquals(-1, Files.mismatch(expectedCar, received), "retrieval of " + cid + " differs from the DAG's CAR");
        try (CarReader car = CarReader.open(Files.newInputStream(received))) {
            assertEquals(1, car.roots().size());
        }
        Files.delete(received);
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Inverts every byte of the one piece file under {@code pieces}, a chunk at a time. */
    private static void corrupt(Path pieces) throws IOException {
        Path file;
        try (Stream<Path> files = Files.list(pieces)) {
            file = files.findFirst().orElseThrow();
        }
        byte[] chunk = new byte[1 << 20];
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            for (long at = 0; at < raf.length(); at += chunk.length) {
                raf.seek(at);
                int read = raf.read(chunk);
                for (int i = 0; i < read; i++) {
                    chunk[i] ^= (byte) 0xff;
                }
                raf.seek(at);
                raf.write(chunk, 0, read);
            }
        }
    }

    private URI uri(DealsTestCluster.Node node, String command) {
        return URI.create("http://127.0.0.1:" + node.httpPort() + DealsHttpApi.BASE + command);
    }

    private String post(DealsTestCluster.Node node, String command, byte[] body, int expectedStatus) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri(node, command)).timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/cbor")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(expectedStatus, response.statusCode(), command + ": " + response.body());
        return response.body();
    }

    private List<JsonObject> deals(DealsTestCluster.Node node) throws Exception {
        return new JsonArray(post(node, "/list", null, 200)).stream().map(JsonObject.class::cast).toList();
    }

    /**
     * Waits until {@code count} deals of the payload are active and each has proven the period open now; the
     * clock must not move before, or an unanswered period would count as missed.
     */
    private void awaitProofsOfTheOpenPeriod(Cid root, int count) throws Exception {
        long epoch = cluster.clock.currentEpoch();
        long period = DealsTestCluster.SCHEDULE.periodEpochs();
        awaitDeals(client, root, count + " active replicas proving the period open at epoch " + epoch, list -> list.stream()
                .filter(d -> "ACTIVE".equals(d.getString("state"))
                        && d.getLong("lastProvenPeriod") >= (epoch - d.getLong("activationEpoch")) / period)
                .count() == count && list.stream().filter(d -> "ACTIVE".equals(d.getString("state"))).count() == count);
    }

    private List<JsonObject> deals(DealsTestCluster.Node node, Cid payload) throws Exception {
        return deals(node).stream().filter(d -> payload.toString().equals(d.getString("payloadCid"))).toList();
    }

    private void awaitDeals(DealsTestCluster.Node node, Cid payload, String what,
                            Predicate<List<JsonObject>> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.test(deals(node, payload))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what + "; deals: "
                + new JsonArray(deals(node, payload)).encodePrettily());
    }
}
