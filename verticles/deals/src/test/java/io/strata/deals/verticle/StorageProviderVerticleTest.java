package io.strata.deals.verticle;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.crypto.Secp256k1PrivateKey;
import io.strata.deals.ClientDealProposal;
import io.strata.deals.DealLabel;
import io.strata.deals.DealProposal;
import io.strata.deals.DealSignature;
import io.strata.deals.FilecoinAddress;
import io.strata.deals.MarketPolicy;
import io.strata.deals.PieceCommitment;
import io.strata.deals.PieceInfo;
import io.strata.deals.Secp256k1Accounts;
import io.strata.deals.Secp256k1ClientKey;
import io.strata.deals.StorageAsk;
import io.strata.deals.TokenAmount;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad proposals sent to a provider over the event bus come back refused with the reason. */
class StorageProviderVerticleTest {

    private static final FilecoinAddress PROVIDER = FilecoinAddress.id(2001);
    private static final Secp256k1ClientKey CLIENT = new Secp256k1ClientKey(Secp256k1PrivateKey.fromRaw(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
            30, 31, 32}));
    private static final PieceInfo PIECE = PieceCommitment.of(new byte[5000]);

    @TempDir
    Path directory;

    private Vertx vertx;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final java.util.concurrent.atomic.AtomicLong epoch = new java.util.concurrent.atomic.AtomicLong(100);

    @BeforeEach
    void deploy() throws Exception {
        vertx = Vertx.vertx();
        StorageAsk ask = new StorageAsk(PROVIDER, TokenAmount.ofAtto(1L << 30), TokenAmount.ZERO, 256, 8192,
                TokenAmount.ofFil(1), 0, 1_000_000, 0);
        MarketPolicy policy = MarketPolicy.filecoin(BigInteger.ONE, BigInteger.ONE, TokenAmount.ZERO)
                .withDurations(10, 1_000_000);
        vertx.deployVerticle(new StorageProviderVerticle(new StorageProviderConfig(ask, directory, policy,
                Secp256k1Accounts.create(), epoch::get, 4), new InMemoryDealDirectory(), registry)).await(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
    }

    private static DealProposal.Builder valid() {
        return new DealProposal.Builder().pieceCid(PIECE.toV1()).pieceSize(PIECE.paddedSize())
                .client(CLIENT.address()).provider(PROVIDER).label(DealLabel.text("x")).startEpoch(200)
                .endEpoch(2000).storagePricePerEpoch(TokenAmount.ofAtto(PIECE.paddedSize()));
    }

    private JsonObject propose(ClientDealProposal signed) throws Exception {
        return vertx.eventBus().<JsonObject>request(DealsContract.provider(PROVIDER, "propose"),
                Buffer.buffer(signed.toCbor()), new DeliveryOptions().setSendTimeout(10_000))
                .await(10, TimeUnit.SECONDS).body();
    }

    private String refusal(ClientDealProposal signed) {
        ReplyException reply = assertThrows(ReplyException.class, () -> propose(signed));
        assertEquals(DealsContract.BAD_REQUEST, reply.failureCode());
        return reply.getMessage();
    }

    private String refusal(UnaryOperator<DealProposal.Builder> change) {
        return refusal(ClientDealProposal.sign(change.apply(valid()).build(), CLIENT));
    }

    private io.vertx.core.Future<io.vertx.core.eventbus.Message<Object>> chunk(String proposalCid, long offset,
                                                                                byte[] bytes, boolean last) {
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(10_000)
                .addHeader(DealsContract.PROPOSAL_HEADER, proposalCid)
                .addHeader(DealsContract.OFFSET_HEADER, Long.toString(offset));
        if (last) {
            options.addHeader(DealsContract.LAST_HEADER, "true");
        }
        return vertx.eventBus().request(DealsContract.provider(PROVIDER, "transfer"), Buffer.buffer(bytes), options);
    }

    private double tracked(String state) {
        return registry.get("strata.deals.tracked.deals").tags("role", "provider", "state", state).gauge().value();
    }

    @Test
    void chunksInOrderWhoseCommPIsTheProposalsMakeAnActiveDealStoredInItsOwnFile() throws Exception {
        assertEquals(0, tracked("active"));
        String proposalCid = propose(ClientDealProposal.sign(valid().build(), CLIENT)).getString("proposalCid");
        assertEquals(1, tracked("proposal_accepted"));
        chunk(proposalCid, 0, new byte[3000], false).await(10, TimeUnit.SECONDS);
        assertEquals(0, tracked("proposal_accepted"));
        assertEquals(1, tracked("transferring"));
        ReplyException gap = assertThrows(ReplyException.class, () -> chunk(proposalCid, 4000, new byte[1000], true)
                .await(10, TimeUnit.SECONDS));
        assertTrue(gap.getMessage().contains("expects the chunk at offset 3000"), gap.getMessage());
        JsonObject done = (JsonObject) chunk(proposalCid, 3000, new byte[2000], true).await(10, TimeUnit.SECONDS).body();
        assertEquals("ACTIVE", done.getString("state"), done.encode());
        assertEquals(PIECE.toV1().toString(), done.getString("pieceCid"));
        assertEquals(5000, java.nio.file.Files.size(directory.resolve(proposalCid + ".car")));
        assertEquals(0, tracked("transferring"));
        assertEquals(1, tracked("active"));
        assertEquals(5000, registry.get("strata.deals.transferred").counter().count(), "the refused chunk is not counted");
        assertEquals(1, registry.get("strata.deals.commitment.duration").tag("role", "provider").timer().count());
        Buffer range = (Buffer) vertx.eventBus().request(DealsContract.provider(PROVIDER, "retrieve"),
                new JsonObject().put("offset", 4990).put("length", 100), new DeliveryOptions()
                        .addHeader(DealsContract.PROPOSAL_HEADER, proposalCid)).await(10, TimeUnit.SECONDS).body();
        assertEquals(10, range.length());
    }

    @Test
    void dataWhoseCommPIsNotTheProposalsIsRejectedAndNotKept() throws Exception {
        String proposalCid = propose(ClientDealProposal.sign(valid().build(), CLIENT)).getString("proposalCid");
        byte[] other = new byte[5000];
        other[17] = 1;
        ReplyException rejected = assertThrows(ReplyException.class, () -> chunk(proposalCid, 0, other, true)
                .await(10, TimeUnit.SECONDS));
        assertTrue(rejected.getMessage().startsWith("data rejected: the transferred data has piece CID ")
                && rejected.getMessage().contains(PIECE.toV1().toString()), rejected.getMessage());
        assertTrue(java.nio.file.Files.notExists(directory.resolve(proposalCid + ".car")));
        ReplyException again = assertThrows(ReplyException.class, () -> chunk(proposalCid, 0, new byte[5000], true)
                .await(10, TimeUnit.SECONDS));
        assertTrue(again.getMessage().contains("is ERROR"), again.getMessage());
        assertEquals(1, tracked("error"));
        assertEquals(0, tracked("transferring") + tracked("active") + tracked("proposal_accepted"));
    }

    @Test
    void aTransferNotDoneByTheStartEpochFailsAndItsFileIsDropped() throws Exception {
        String proposalCid = propose(ClientDealProposal.sign(valid().build(), CLIENT)).getString("proposalCid");
        chunk(proposalCid, 0, new byte[3000], false).await(10, TimeUnit.SECONDS);
        java.nio.file.Path file = directory.resolve(proposalCid + ".car");
        assertTrue(java.nio.file.Files.exists(file));
        epoch.set(201);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (java.nio.file.Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(java.nio.file.Files.notExists(file), "the half-transferred piece is still on disk");
        ReplyException late = assertThrows(ReplyException.class, () -> chunk(proposalCid, 3000, new byte[2000], true)
                .await(10, TimeUnit.SECONDS));
        assertTrue(late.getMessage().contains("is ERROR"), late.getMessage());
    }

    @Test
    void aValidProposalIsAccepted() throws Exception {
        JsonObject reply = propose(ClientDealProposal.sign(valid().build(), CLIENT));
        assertEquals("PROPOSAL_ACCEPTED", reply.getString("state"));
    }

    @Test
    void badProposalsAreRefusedWithTheirReason() {
        DealProposal proposal = valid().build();
        String unsigned = refusal(new ClientDealProposal(proposal, new DealSignature(DealSignature.Type.SECP256K1,
                new byte[0])));
        assertTrue(unsigned.startsWith("INVALID_SIGNATURE"), unsigned);
        Secp256k1ClientKey stranger = new Secp256k1ClientKey(Secp256k1PrivateKey.fromRaw(new byte[] {
                7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7}));
        String forged = refusal(new ClientDealProposal(proposal, stranger.sign(proposal.toCbor())));
        assertTrue(forged.startsWith("INVALID_SIGNATURE") && forged.contains("not by client"), forged);
        String tooLarge = refusal(b -> b.pieceSize(16384).storagePricePerEpoch(TokenAmount.ofAtto(16384)));
        assertTrue(tooLarge.contains("piece size more than maximum allowed size: 16384 > 8192"), tooLarge);
        String cheap = refusal(b -> b.storagePricePerEpoch(TokenAmount.ofAtto(PIECE.paddedSize() - 1)));
        assertTrue(cheap.startsWith("ASK_NOT_MET") && cheap.contains("less than asking price"), cheap);
        String label = refusal(b -> b.label(DealLabel.bytes(new byte[257])));
        assertTrue(label.startsWith("LABEL_TOO_LONG") && label.contains("at most 256 bytes, is 257"), label);
        String elapsed = refusal(b -> b.startEpoch(99));
        assertTrue(elapsed.startsWith("INVALID_EPOCHS"), elapsed);
        ReplyException garbage = assertThrows(ReplyException.class, () -> vertx.eventBus()
                .request(DealsContract.provider(PROVIDER, "propose"), Buffer.buffer(new byte[] {1, 2, 3}))
                .await(10, TimeUnit.SECONDS));
        assertTrue(garbage.getMessage().startsWith("MALFORMED"), garbage.getMessage());
    }
}
